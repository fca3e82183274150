package dev.fluxschnell.sdk.prompts;

import dev.fluxschnell.sdk.request.ModelDescription;
import dev.fluxschnell.sdk.request.ModelRequest;
import dev.fluxschnell.sdk.request.PipelineRequest;
import dev.fluxschnell.sdk.request.Step;
import dev.fluxschnell.sdk.batch.BatchRequest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One entry of a prompt file: where it was written, the request it describes, and what the row said about how many
 * images to make and how to name them. Immutable.
 */
public final class PromptEntry {
    private final CatalogueRow row;
    private final ModelRequest request;
    private final int count;
    private final String name;
    private final List<Step> then;
    private final boolean keepIntermediates;

    PromptEntry(CatalogueRow row, ModelRequest request, int count, String name, List<Step> then,
                boolean keepIntermediates) {
        this.row = Objects.requireNonNull(row, "row must not be null");
        this.request = Objects.requireNonNull(request, "request must not be null");
        this.count = count;
        this.name = name;
        this.then = List.copyOf(then);
        this.keepIntermediates = keepIntermediates;
    }

    /** {@return the row this entry was read from (source, line and raw values)} */
    public CatalogueRow row() {
        return row;
    }

    /** {@return the row's line, 1-based} */
    public int line() {
        return row.line();
    }

    /**
     * {@return the request: the defaults with the row's settings applied, on the row's model (its {@code numOutputs}
     * is the default's; the row's steps are in {@link #then()})}
     */
    public ModelRequest request() {
        return request;
    }

    /** {@return how many images the row asked for ({@code count}), if it said} */
    public OptionalInt count() {
        return count > 0 ? OptionalInt.of(count) : OptionalInt.empty();
    }

    /** {@return the output name the row asked for ({@code name}), if it said} */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /**
     * {@return the requests that make this entry's images: {@code count} (or {@code defaultCount} when the row gave
     * none) images in as few predictions as the model allows ({@link BatchRequest#split})}
     *
     * @param defaultCount how many images to make when the row gave no {@code count}
     */
    public List<ModelRequest> requests(int defaultCount) {
        return BatchRequest.split(request, count > 0 ? count : defaultCount);
    }

    /**
     * {@return how many predictions {@link #runs(int)} creates, counted without building them: one per part of
     * {@link #requests(int)}, plus one per image per step}
     *
     * @param defaultCount how many images to make when the row gave no {@code count}
     */
    public long predictionCount(int defaultCount) {
        long images = count > 0 ? count : defaultCount;
        int perPrediction = ModelDescription.of(request.model()).map(ModelDescription::maxOutputsPerPrediction)
                .orElse(1);
        long parts = (images + perPrediction - 1) / perPrediction;
        return then.isEmpty() ? parts : Math.addExact(parts, Math.multiplyExact(images, (long) then.size()));
    }

    /** {@return the steps the row asked for after its prompt ({@code then}), in order; empty when none} */
    public List<Step> then() {
        return then;
    }

    /**
     * {@return what runs for this entry: {@link #requests(int)}, each followed by the row's {@code then} steps (as
     * {@link dev.fluxschnell.sdk.request.PipelineRequest}s) when it named any}
     *
     * @param defaultCount how many images to make when the row gave no {@code count}
     */
    public List<ModelRequest> runs(int defaultCount) {
        return requests(defaultCount).stream().map(r -> {
            if (then.isEmpty() && !keepIntermediates) {
                return r;
            }
            PipelineRequest run = PipelineRequest.of(r).then(then);
            return (ModelRequest) (keepIntermediates ? run.keepingIntermediates() : run);
        }).toList();
    }

    @Override
    public String toString() {
        return "PromptEntry{" + row.where() + ", " + request + (count > 0 ? ", count=" + count : "")
                + (name != null ? ", name=" + name : "") + (then.isEmpty() ? "" : ", then=" + then) + "}";
    }
}
