package dev.fluxschnell.sdk.result;

import dev.fluxschnell.sdk.request.ModelDescription;
import dev.fluxschnell.sdk.request.InputImage;
import dev.fluxschnell.sdk.request.Model;
import dev.fluxschnell.sdk.request.ModelRequest;
import dev.fluxschnell.sdk.request.PipelineRequest;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/** The outcome of one successful prediction: its images (stored), what it cost, and how long it took. */
public final class GenerationResult {
    private final String predictionId;
    private final ModelRequest request;
    private final List<GeneratedImage> images;
    private final PredictionStatus status;
    private final Duration predictTime;
    private final Duration elapsed;
    private final BigDecimal cost;
    private final boolean cached;
    private final Long seed;
    private final List<StepResult> steps;
    private final boolean costExact;

    /** {@return a builder (for cache implementations and tests; the SDK builds results itself)} */
    public static Builder builder() {
        return new Builder();
    }

    private GenerationResult(String predictionId, ModelRequest request, List<GeneratedImage> images,
                             PredictionStatus status, Duration predictTime, Duration elapsed, BigDecimal cost,
                             boolean cached, Long seed, List<StepResult> steps, boolean costExact) {
        this.predictionId = Objects.requireNonNull(predictionId, "predictionId must not be null");
        this.request = Objects.requireNonNull(request, "request must not be null");
        this.images = List.copyOf(images);
        this.status = Objects.requireNonNull(status, "status must not be null");
        this.predictTime = predictTime;
        this.elapsed = Objects.requireNonNull(elapsed, "elapsed must not be null");
        this.cost = Objects.requireNonNull(cost, "cost must not be null");
        this.cached = cached;
        this.seed = seed;
        this.steps = List.copyOf(steps);
        this.costExact = costExact;
    }

    /** Builds a {@link GenerationResult}; prediction id, request and cost are required. */
    public static final class Builder {
        private String predictionId;
        private ModelRequest request;
        private List<GeneratedImage> images = List.of();
        private PredictionStatus status = PredictionStatus.SUCCEEDED;
        private Duration predictTime;
        private Duration elapsed = Duration.ZERO;
        private BigDecimal cost;
        private Long seed;
        private List<StepResult> steps = List.of();
        private boolean costExact = true;

        private Builder() {}

        /**
         * The Replicate prediction id.
         *
         * @param predictionId the Replicate prediction id
         * @return this builder
         */
        public Builder predictionId(String predictionId) {
            this.predictionId = predictionId;
            return this;
        }

        /**
         * The request that produced the result.
         *
         * @param request the request that produced the result
         * @return this builder
         */
        public Builder request(ModelRequest request) {
            this.request = request;
            return this;
        }

        /**
         * The images, in output order.
         *
         * @param images the images, in output order
         * @return this builder
         */
        public Builder images(List<GeneratedImage> images) {
            this.images = List.copyOf(images);
            return this;
        }

        /**
         * The prediction's final status (default SUCCEEDED).
         *
         * @param status the prediction's final status
         * @return this builder
         */
        public Builder status(PredictionStatus status) {
            this.status = status;
            return this;
        }

        /**
         * The model's own compute time, when the server reported it.
         *
         * @param predictTime the model's own compute time
         * @return this builder
         */
        public Builder predictTime(Duration predictTime) {
            this.predictTime = predictTime;
            return this;
        }

        /**
         * Wall time from the create call to the last image stored (default zero).
         *
         * @param elapsed wall time from the create call to the last image stored
         * @return this builder
         */
        public Builder elapsed(Duration elapsed) {
            this.elapsed = elapsed;
            return this;
        }

        /**
         * What the generation cost (USD).
         *
         * @param cost what the generation cost (USD)
         * @return this builder
         */
        public Builder cost(BigDecimal cost) {
            this.cost = cost;
            return this;
        }

        /**
         * The seed the model used.
         *
         * @param seed the seed the model used
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * A pipeline's steps, in order (the first request is step 0).
         *
         * @param steps the steps' outcomes
         * @return this builder
         */
        public Builder steps(List<StepResult> steps) {
            this.steps = List.copyOf(steps);
            return this;
        }

        /**
         * Whether the cost is exact (default true); false when a GPU-time model's run time was not reported and the
         * cost is the conservative estimate.
         *
         * @param costExact whether the cost is exact
         * @return this builder
         */
        public Builder costExact(boolean costExact) {
            this.costExact = costExact;
            return this;
        }

        /**
         * Builds the result.
         *
         * @return the new result
         */
        public GenerationResult build() {
            return new GenerationResult(predictionId, request, images, status, predictTime, elapsed, cost, false,
                    seed, steps, costExact);
        }
    }

    /**
     * {@return this result as answered from a cache for {@code request}: no cost, no wall time, marked
     * {@link #cached()}}
     *
     * @param request the request the cache answered
     */
    public GenerationResult asCachedFor(ModelRequest request) {
        return new GenerationResult(predictionId, request, images, status, predictTime, Duration.ZERO,
                BigDecimal.ZERO, true, seed, steps, true);
    }

    /**
     * {@return the seed the model used, read from the prediction's {@code Using seed: N} log line (also when the
     * request set no seed and the model drew a random one), if it reported one}
     */
    public OptionalLong seed() {
        return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
    }

    /**
     * {@return the request that makes exactly these images again: this request with the seed the model used, when that
     * can reproduce them — the model takes a seed and reported one other than 0 (0 means "random"), and no fast path
     * was on (flux-schnell's fp8 {@code go_fast} is not deterministic even with a seed)} Empty otherwise, and for a
     * pipeline.
     */
    public Optional<ModelRequest> reproducibleRequest() {
        if (request instanceof PipelineRequest || seed == null || seed == 0
                || !ModelDescription.of(request.model()).map(d -> d.schema().field("seed").isPresent()).orElse(false)) {
            return Optional.empty();
        }
        Map<String, Object> view = new LinkedHashMap<>(request.inputs());
        view.putAll(request.settings());
        view.put("seed", seed);
        ModelRequest again = ModelRequest.fromInputs(request.model(), view);
        return again.isDeterministic() ? Optional.of(again) : Optional.empty();
    }

    /**
     * {@return whether this result was answered from earlier work instead of a new prediction — a {@code ResultCache}
     * hit, or an item a batch journal recorded as stored in an earlier run — so it cost nothing now}
     */
    public boolean cached() {
        return cached;
    }

    /** {@return the Replicate prediction id} */
    public String predictionId() {
        return predictionId;
    }

    /** {@return the request that produced this result} */
    public ModelRequest request() {
        return request;
    }

    /** {@return the model that made the images} */
    public Model model() {
        return request.model();
    }

    /** {@return the image the request started from (an edit's or inpainting's source), if it had one} */
    public Optional<InputImage> source() {
        return request.inputImages().stream().findFirst();
    }

    /** {@return the prompt as the user wrote it, when the request had one (a pipeline's: its first request's)} */
    public Optional<String> prompt() {
        return Optional.of(request.prompt()).filter(p -> !p.isEmpty());
    }

    /** {@return the prompt actually sent to the model (a style adds its suffix), when there was one} */
    public Optional<String> sentPrompt() {
        return Optional.ofNullable(request.sentInputs().get("prompt")).map(Object::toString);
    }

    /** {@return the images, in output order} */
    public List<GeneratedImage> images() {
        return images;
    }

    /** {@return the prediction's final status ({@link PredictionStatus#SUCCEEDED} for every returned result)} */
    public PredictionStatus status() {
        return status;
    }

    /** {@return the model's own compute time ({@code metrics.predict_time}), if the server reported it} */
    public Optional<Duration> predictTime() {
        return Optional.ofNullable(predictTime);
    }

    /** {@return the wall time from the create call to the last image stored} */
    public Duration elapsed() {
        return elapsed;
    }

    /**
     * {@return what this generation cost (USD): images × the price per image, or for a model billed by GPU time its
     * {@code predict_time} × the price per second; a pipeline's, every step's}
     */
    public BigDecimal cost() {
        return cost;
    }

    /**
     * {@return whether {@link #cost()} is exact: false only when a GPU-time model did not report its run time, and the
     * cost is then the estimate's upper bound}
     */
    public boolean costExact() {
        return costExact;
    }

    /** {@return a pipeline's steps in order, each with its predictions, images, cost and time (empty otherwise)} */
    public List<StepResult> steps() {
        return steps;
    }

    @Override
    public String toString() {
        return "GenerationResult{predictionId=" + predictionId + ", images=" + images.size() + ", status=" + status
                + ", cost=$" + cost.toPlainString() + ", elapsed=" + elapsed + (seed != null ? ", seed=" + seed : "")
                + (cached ? ", cached" : "") + (steps.isEmpty() ? "" : ", steps=" + steps.size()) + "}";
    }
}
