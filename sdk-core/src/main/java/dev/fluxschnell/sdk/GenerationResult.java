package dev.fluxschnell.sdk;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/** The outcome of one successful prediction: its images (stored), what it cost, and how long it took. */
public final class GenerationResult {
    private final String predictionId;
    private final ImageRequest request;
    private final List<GeneratedImage> images;
    private final PredictionStatus status;
    private final Duration predictTime;
    private final Duration elapsed;
    private final BigDecimal cost;
    private final boolean cached;
    private final Long seed;

    /** Creates a result; {@code predictTime} may be null when the server did not report it. */
    public GenerationResult(String predictionId, ImageRequest request, List<GeneratedImage> images,
                            PredictionStatus status, Duration predictTime, Duration elapsed, BigDecimal cost) {
        this(predictionId, request, images, status, predictTime, elapsed, cost, null);
    }

    /** Creates a result with the seed the model used ({@code seed} and {@code predictTime} may be null). */
    public GenerationResult(String predictionId, ImageRequest request, List<GeneratedImage> images,
                            PredictionStatus status, Duration predictTime, Duration elapsed, BigDecimal cost,
                            Long seed) {
        this(predictionId, request, images, status, predictTime, elapsed, cost, false, seed);
    }

    private GenerationResult(String predictionId, ImageRequest request, List<GeneratedImage> images,
                             PredictionStatus status, Duration predictTime, Duration elapsed, BigDecimal cost,
                             boolean cached, Long seed) {
        this.predictionId = Objects.requireNonNull(predictionId, "predictionId");
        this.request = Objects.requireNonNull(request, "request");
        this.images = List.copyOf(images);
        this.status = Objects.requireNonNull(status, "status");
        this.predictTime = predictTime;
        this.elapsed = Objects.requireNonNull(elapsed, "elapsed");
        this.cost = Objects.requireNonNull(cost, "cost");
        this.cached = cached;
        this.seed = seed;
    }

    /** This result as answered from a cache for {@code request}: no cost, no wall time, marked {@link #cached()}. */
    public GenerationResult asCachedFor(ImageRequest request) {
        return new GenerationResult(predictionId, request, images, status, predictTime, Duration.ZERO,
                BigDecimal.ZERO, true, seed);
    }

    /**
     * The seed the model used, read from the prediction's {@code Using seed: N} log line (also when the request set no
     * seed and the model drew a random one), if it reported one.
     */
    public OptionalLong seed() {
        return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
    }

    /**
     * The request that makes exactly these images again: this request with the seed the model used, when that can
     * reproduce them — the request had {@code goFast(false)} (the fp8 fast path is not deterministic even with a seed)
     * and the model reported a seed other than 0 (0 means "random"). Empty otherwise.
     */
    public Optional<ImageRequest> reproducibleRequest() {
        if (seed == null || seed == 0 || request.goFast()) {
            return Optional.empty();
        }
        return Optional.of(request.toBuilder().seed(seed).build());
    }

    /** Whether this result came from a {@code ResultCache} instead of a new prediction (then it cost nothing). */
    public boolean cached() {
        return cached;
    }

    /** The Replicate prediction id. */
    public String predictionId() {
        return predictionId;
    }

    /** The request that produced this result. */
    public ImageRequest request() {
        return request;
    }

    /** The prompt as the user wrote it. */
    public String prompt() {
        return request.prompt();
    }

    /** The prompt actually sent to the model (with the style's suffix). */
    public String sentPrompt() {
        return request.sentPrompt();
    }

    /** The images, in output order. */
    public List<GeneratedImage> images() {
        return images;
    }

    /** The prediction's final status ({@link PredictionStatus#SUCCEEDED} for every returned result). */
    public PredictionStatus status() {
        return status;
    }

    /** The model's own compute time ({@code metrics.predict_time}), if the server reported it. */
    public Optional<Duration> predictTime() {
        return Optional.ofNullable(predictTime);
    }

    /** Wall time from the create call to the last image stored. */
    public Duration elapsed() {
        return elapsed;
    }

    /** What this generation cost (USD): images × unit price. */
    public BigDecimal cost() {
        return cost;
    }

    @Override
    public String toString() {
        return "GenerationResult{predictionId=" + predictionId + ", images=" + images.size() + ", status=" + status
                + ", cost=$" + cost.toPlainString() + ", elapsed=" + elapsed + (seed != null ? ", seed=" + seed : "")
                + (cached ? ", cached" : "") + "}";
    }
}
