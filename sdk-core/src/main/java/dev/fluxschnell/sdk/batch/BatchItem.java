package dev.fluxschnell.sdk.batch;

import dev.fluxschnell.sdk.result.GenerationResult;
import dev.fluxschnell.sdk.request.ModelRequest;
import dev.fluxschnell.sdk.errors.FluxSchnellException;
import java.util.Objects;
import java.util.Optional;

/** One item of a finished batch: its place, its request, how it ended, and its result or error. */
public final class BatchItem {
    private final int index;
    private final ModelRequest request;
    private final BatchOutcome outcome;
    private final GenerationResult result;
    private final FluxSchnellException error;

    /**
     * {@return a succeeded item with its result}
     *
     * @param index the item's position in the batch (0-based)
     * @param request the item's request
     * @param result what the item produced
     */
    public static BatchItem succeeded(int index, ModelRequest request, GenerationResult result) {
        return new BatchItem(index, request, BatchOutcome.SUCCEEDED, Objects.requireNonNull(result, "result must not be null"), null);
    }

    /**
     * {@return an item that ended without images ({@code outcome} other than SUCCEEDED) and why}
     *
     * @param index the item's position in the batch (0-based)
     * @param request the item's request
     * @param outcome how the item ended
     * @param error why it did not succeed
     */
    public static BatchItem unsuccessful(int index, ModelRequest request, BatchOutcome outcome,
                                         FluxSchnellException error) {
        return new BatchItem(index, request, outcome, null, Objects.requireNonNull(error, "error must not be null"));
    }

    private BatchItem(int index, ModelRequest request, BatchOutcome outcome, GenerationResult result,
                      FluxSchnellException error) {
        this.index = index;
        this.request = Objects.requireNonNull(request, "request must not be null");
        this.outcome = Objects.requireNonNull(outcome, "outcome must not be null");
        if ((outcome == BatchOutcome.SUCCEEDED) != (result != null) || (result == null) == (error == null)) {
            throw new IllegalArgumentException("a SUCCEEDED item has a result and no error; any other, an error");
        }
        this.result = result;
        this.error = error;
    }

    /** {@return the item's position in the batch (0-based, request order)} */
    public int index() {
        return index;
    }

    /** {@return the item's request} */
    public ModelRequest request() {
        return request;
    }

    /** {@return how the item ended} */
    public BatchOutcome outcome() {
        return outcome;
    }

    /** {@return the result, for a succeeded item} */
    public Optional<GenerationResult> result() {
        return Optional.ofNullable(result);
    }

    /** {@return why the item did not succeed} */
    public Optional<FluxSchnellException> error() {
        return Optional.ofNullable(error);
    }

    @Override
    public String toString() {
        return "BatchItem{" + index + ", " + outcome + (error != null ? ", " + error.getMessage() : "") + "}";
    }
}
