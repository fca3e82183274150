package dev.fluxschnell.sdk.storage;

import dev.fluxschnell.sdk.request.EditRequest;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.InpaintRequest;
import dev.fluxschnell.sdk.request.ModelRequest;
import dev.fluxschnell.sdk.request.OutputFormat;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What is known about one generated image when it is stored: where it came from and what it cost. Immutable.
 */
public final class ImageMetadata {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private final String predictionId;
    private final int index;
    private final ModelRequest request;
    private final Instant createdAt;
    private final BigDecimal cost;
    private final Long seed;
    private final OutputFormat format;
    private final String name;

    /**
     * Metadata for image {@code index} (0-based) of prediction {@code predictionId}, made by {@code request}, received
     * at {@code createdAt}, costing {@code cost} USD, made with the seed the model reported ({@code seed}).
     *
     * @param predictionId the Replicate prediction id
     * @param index the image's index within the prediction's outputs (0-based)
     * @param request the request that produced the image
     * @param createdAt when the SDK received the image
     * @param cost what the image cost (USD)
     * @param seed the seed the model reported
     */
    public ImageMetadata(String predictionId, int index, ModelRequest request, Instant createdAt, BigDecimal cost,
                         long seed) {
        this(predictionId, index, request, createdAt, cost, Long.valueOf(seed), null, null);
    }

    /**
     * Metadata without a known seed.
     *
     * @param predictionId the Replicate prediction id
     * @param index the image's index within the prediction's outputs (0-based)
     * @param request the request that produced the image
     * @param createdAt when the SDK received the image
     * @param cost what the image cost (USD)
     */
    public ImageMetadata(String predictionId, int index, ModelRequest request, Instant createdAt, BigDecimal cost) {
        this(predictionId, index, request, createdAt, cost, null, null, null);
    }

    private ImageMetadata(String predictionId, int index, ModelRequest request, Instant createdAt, BigDecimal cost,
                          Long seed, OutputFormat format, String name) {
        this.name = name;
        this.predictionId = Objects.requireNonNull(predictionId, "predictionId must not be null");
        this.index = index;
        this.request = Objects.requireNonNull(request, "request must not be null");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt must not be null");
        this.cost = Objects.requireNonNull(cost, "cost must not be null");
        this.seed = seed;
        this.format = format != null ? format
                : request instanceof ImageRequest r ? r.outputFormat() : OutputFormat.PNG;
    }

    /**
     * {@return metadata with the seed the model reported, when it reported one}
     *
     * @param predictionId the Replicate prediction id
     * @param index the image's index within the prediction's outputs (0-based)
     * @param request the request that produced the image
     * @param createdAt when the SDK received the image
     * @param cost what the image cost (USD)
     * @param seed the seed the model reported, if it reported one
     */
    public static ImageMetadata of(String predictionId, int index, ModelRequest request, Instant createdAt,
                                   BigDecimal cost, OptionalLong seed) {
        return new ImageMetadata(predictionId, index, request, createdAt, cost,
                seed.isPresent() ? seed.getAsLong() : null, null, null);
    }

    /**
     * {@return this metadata for an image whose bytes are in {@code format} (models answer in their own formats)}
     *
     * @param format the image's format, read from its bytes
     */
    public ImageMetadata withFormat(OutputFormat format) {
        return new ImageMetadata(predictionId, index, request, createdAt, cost, seed,
                java.util.Objects.requireNonNull(format, "format must not be null"), name);
    }

    /**
     * {@return this metadata for an image stored under {@code name} (a batch item's output name) instead of the
     * storage's own name}
     *
     * @param name the stem, already checked by {@code BatchRequest.Builder.add(request, name)}
     */
    public ImageMetadata withName(String name) {
        return new ImageMetadata(predictionId, index, request, createdAt, cost, seed, format,
                java.util.Objects.requireNonNull(name, "name must not be null"));
    }

    /** {@return the name the image is stored under, when its batch item was given one} */
    public java.util.Optional<String> name() {
        return java.util.Optional.ofNullable(name);
    }

    /**
     * {@return the image's format: read from its bytes when stored (the request's format, or PNG, until then)} It gives
     * the object's extension and content type.
     */
    public OutputFormat format() {
        return format;
    }

    /** {@return the Replicate prediction id} */
    public String predictionId() {
        return predictionId;
    }

    /** {@return the image's index within the prediction's outputs (0-based)} */
    public int index() {
        return index;
    }

    /** {@return the request that produced it} */
    public ModelRequest request() {
        return request;
    }

    /** {@return when the SDK received the image} */
    public Instant createdAt() {
        return createdAt;
    }

    /** {@return what this image cost (USD)} */
    public BigDecimal cost() {
        return cost;
    }

    /** {@return the seed the model used (from its logs), if it reported one} */
    public OptionalLong seed() {
        return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageMetadata m && predictionId.equals(m.predictionId) && index == m.index
                && request.equals(m.request) && createdAt.equals(m.createdAt) && cost.compareTo(m.cost) == 0
                && Objects.equals(seed, m.seed);
    }

    @Override
    public int hashCode() {
        return Objects.hash(predictionId, index, request, createdAt, seed);
    }

    @Override
    public String toString() {
        return "ImageMetadata{" + predictionId + "-" + index + ", " + createdAt + ", $" + cost.toPlainString()
                + (seed != null ? ", seed=" + seed : "") + "}";
    }

    /**
     * {@return a deterministic, path-safe, bounded relative name: the batch item's output name when it has one
     * ({@code <name>.<ext>}), else {@code yyyy-MM-dd/<safe id>-<index>.<ext>} (see {@link #safeId()}), so no prompt or
     * server value can steer the path, and distinct ids never collide}
     */
    public String objectName() {
        if (name != null) {
            return name + "." + format.extension();
        }
        return DAY.format(createdAt) + "/" + safeId() + "-" + index + "." + format.extension();
    }

    /**
     * {@return the prediction id as a name safe in any path or key, and distinct for distinct ids: the id itself when
     * it is 1–64 characters of {@code [A-Za-z0-9_-]} (Replicate's ids are 26 lowercase letters and digits); otherwise
     * its safe characters, cut to 40, plus {@code -} and 16 hex digits of its SHA-256}
     */
    public String safeId() {
        if (predictionId.matches("[A-Za-z0-9_-]{1,64}")) {
            return predictionId;
        }
        String s = predictionId.replaceAll("[^A-Za-z0-9_-]", "");
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(predictionId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return (s.isEmpty() ? "unknown" : s.substring(0, Math.min(40, s.length()))) + "-"
                    + java.util.HexFormat.of().formatHex(h, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@return the metadata as an indented JSON object — {@link #attributes()} followed by {@code extra} (e.g. the file
     * name or object key) — for storage implementations that write a JSON sidecar}
     *
     * @param extra further pairs to append, e.g. the file name or object key
     */
    public String toJson(Map<String, String> extra) {
        Map<String, Object> json = new LinkedHashMap<>(attributes());
        json.putAll(extra);
        return dev.fluxschnell.sdk.internal.Json.write(json);
    }

    /**
     * {@return the metadata as flat, ordered string pairs (prompt, sent prompt, seed, parameters, cost): the content of
     * a JSON sidecar or of object-store user metadata} {@code seed} is the seed the model used when it reported one,
     * else the requested seed, else {@code "random"}; {@code requested_seed} is what the request asked for.
     */
    public Map<String, String> attributes() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("prediction_id", predictionId);
        m.put("index", Integer.toString(index));
        m.put("model", request.model().toString());
        java.util.OptionalLong requestedSeed = OptionalLong.empty();
        if (request instanceof ImageRequest r) {
            m.put("prompt", r.prompt());
            m.put("sent_prompt", r.sentPrompt());
            m.put("style", r.style().value());
            m.put("aspect_ratio", r.aspectRatio().value());
            m.put("output_quality", Integer.toString(r.outputQuality()));
            m.put("num_inference_steps", Integer.toString(r.numInferenceSteps()));
            m.put("megapixels", r.megapixels().value());
            m.put("go_fast", Boolean.toString(r.goFast()));
            m.put("width", Integer.toString(r.aspectRatio().width(r.megapixels())));
            m.put("height", Integer.toString(r.aspectRatio().height(r.megapixels())));
            requestedSeed = r.seed();
        } else if (request instanceof EditRequest r) {
            m.put("prompt", r.prompt());
            m.put("source_image", r.image().describe());
            r.aspectRatio().ifPresent(a -> m.put("aspect_ratio", a.value()));
            r.strength().ifPresent(v -> m.put("prompt_strength", Double.toString(v)));
            requestedSeed = r.seed();
        } else if (request instanceof InpaintRequest r) {
            m.put("prompt", r.prompt());
            m.put("source_image", r.image().describe());
            r.mask().ifPresent(mask -> m.put("mask_image", mask.describe()));
            r.outpaint().ifPresent(o -> m.put("outpaint", o.value()));
            requestedSeed = r.seed();
        }
        m.put("output_format", format.value());
        String requested = requestedSeed.isPresent() ? Long.toString(requestedSeed.getAsLong()) : "random";
        m.put("seed", seed != null ? Long.toString(seed) : requested);
        m.put("requested_seed", requested);
        m.put("cost_usd", cost.toPlainString());
        m.put("created_at", createdAt.toString());
        return m;
    }
}
