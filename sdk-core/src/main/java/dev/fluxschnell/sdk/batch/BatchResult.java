package dev.fluxschnell.sdk.batch;

import dev.fluxschnell.sdk.result.GeneratedImage;
import dev.fluxschnell.sdk.result.GenerationResult;
import dev.fluxschnell.sdk.errors.FluxSchnellException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of a batch: every item, in request order, with its result or error, and totals.
 *
 * @param items one entry per request, in request order
 * @param totalCost what was billed (USD): succeeded items, and failed ones that were paid for — pipeline steps before
 *     the one that failed, predictions whose images could not be stored
 * @param elapsed wall time of the batch
 */
public record BatchResult(List<BatchItem> items, BigDecimal totalCost, Duration elapsed) {
    /**
     * Copies the items.
     *
     * @param items one entry per request, in request order
     * @param totalCost what was billed (USD)
     * @param elapsed wall time of the batch
     */
    public BatchResult {
        items = List.copyOf(items);
        Objects.requireNonNull(totalCost, "totalCost must not be null");
        Objects.requireNonNull(elapsed, "elapsed must not be null");
    }

    /** {@return the succeeded items} */
    public List<BatchItem> succeeded() {
        return withOutcome(BatchOutcome.SUCCEEDED);
    }

    /** {@return the failed items (not counting canceled or skipped ones)} */
    public List<BatchItem> failed() {
        return withOutcome(BatchOutcome.FAILED);
    }

    /**
     * {@return the failed items whose prediction succeeded and was billed but whose images could not be stored (a
     * {@link dev.fluxschnell.sdk.errors.StorageException} with a prediction id): {@code client.storeOutputs(id)}, or
     * resuming the batch from its journal, stores them without paying again while Replicate keeps the outputs (an
     * hour)}
     */
    public List<BatchItem> paidButNotStored() {
        return failed().stream().filter(i -> i.error().orElse(null) instanceof dev.fluxschnell.sdk.errors
                .StorageException s && s.predictionId().isPresent()).toList();
    }

    /**
     * {@return the items with the given outcome}
     *
     * @param outcome the outcome to select
     */
    public List<BatchItem> withOutcome(BatchOutcome outcome) {
        return items.stream().filter(i -> i.outcome() == outcome).toList();
    }

    /** {@return the results of the succeeded items, in request order} */
    public List<GenerationResult> results() {
        return items.stream().flatMap(i -> i.result().stream()).toList();
    }

    /** {@return why the other items did not succeed (failed, canceled or skipped), in request order} */
    public List<FluxSchnellException> errors() {
        return items.stream().flatMap(i -> i.error().stream()).toList();
    }

    /** {@return how many images were generated and stored} */
    public int imageCount() {
        return items.stream().mapToInt(i -> i.result().map(r -> r.images().size()).orElse(0)).sum();
    }

    /** {@return every stored image, in request order} */
    public List<GeneratedImage> images() {
        return results().stream().flatMap(r -> r.images().stream()).toList();
    }

    /** {@return whether every item succeeded} */
    public boolean allSucceeded() {
        return items.stream().allMatch(i -> i.outcome() == BatchOutcome.SUCCEEDED);
    }
}
