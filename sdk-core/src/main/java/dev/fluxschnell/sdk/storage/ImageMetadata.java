package dev.fluxschnell.sdk.storage;

import dev.fluxschnell.sdk.request.InputImage;
import dev.fluxschnell.sdk.request.ModelRequest;
import dev.fluxschnell.sdk.request.OutputFormat;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What is known about one generated image when it is stored: where it came from and what it cost. Immutable.
 */
public final class ImageMetadata {
    /** Writes sidecars: a generator, not a mapper (no serializer lookups per image; the same indented JSON). */
    private static final com.fasterxml.jackson.core.JsonFactory JSON = new com.fasterxml.jackson.core.JsonFactory();

    private final String predictionId;
    private final int index;
    private final ModelRequest request;
    private final Instant createdAt;
    private final BigDecimal cost;
    private final Long seed;
    private final OutputFormat format;
    private final String name;
    private final InputImage.Dimensions size;

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
        this(predictionId, index, request, createdAt, cost, seed, format, name, null);
    }

    private ImageMetadata(String predictionId, int index, ModelRequest request, Instant createdAt, BigDecimal cost,
                          Long seed, OutputFormat format, String name, InputImage.Dimensions size) {
        this.size = size;
        this.name = name;
        this.predictionId = Objects.requireNonNull(predictionId, "predictionId must not be null");
        this.index = index;
        this.request = Objects.requireNonNull(request, "request must not be null");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt must not be null");
        this.cost = Objects.requireNonNull(cost, "cost must not be null");
        this.seed = seed;
        this.format = format != null ? format : OutputFormat.requestedBy(request).orElse(OutputFormat.PNG);
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
                java.util.Objects.requireNonNull(format, "format must not be null"), name, size);
    }

    /**
     * {@return this metadata for an image of {@code size} pixels (read from its header when it arrived)}
     *
     * @param size the image's size, or null when unknown
     */
    public ImageMetadata withSize(InputImage.Dimensions size) {
        return new ImageMetadata(predictionId, index, request, createdAt, cost, seed, format, name, size);
    }

    /** {@return the image's size in pixels, when its header said} */
    public java.util.Optional<InputImage.Dimensions> size() {
        return java.util.Optional.ofNullable(size);
    }

    /**
     * {@return this metadata for an image stored under {@code name} (a batch item's output name) instead of the
     * storage's own name}
     *
     * @param name the stem, already checked by {@code BatchRequest.Builder.add(request, name)}
     */
    public ImageMetadata withName(String name) {
        return new ImageMetadata(predictionId, index, request, createdAt, cost, seed, format,
                java.util.Objects.requireNonNull(name, "name must not be null"), size);
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
        // the UTC day as ISO_LOCAL_DATE writes it (LocalDate's own toString: no formatter machinery per image)
        return java.time.LocalDate.ofInstant(createdAt, ZoneOffset.UTC) + "/" + safeId() + "-" + index + "."
                + format.extension();
    }

    /**
     * {@return the prediction id as a name safe in any path or key, and distinct for distinct ids: the id itself when
     * it is 1–64 characters of {@code [A-Za-z0-9_-]} (Replicate's ids are 26 lowercase letters and digits); otherwise
     * its safe characters, cut to 40, plus {@code -} and 16 hex digits of its SHA-256}
     */
    public String safeId() {
        if (isSafe(predictionId)) {
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

    /** {@return whether {@code id} is 1–64 characters of {@code [A-Za-z0-9_-]}} A loop: it runs for every image. */
    private static boolean isSafe(String id) {
        if (id.isEmpty() || id.length() > 64) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@return the metadata as an indented JSON object — {@link #attributes()} followed by {@code extra} (e.g. the file
     * name or object key) — for storage implementations that write a JSON sidecar}
     *
     * @param extra further pairs to append, e.g. the file name or object key
     */
    public String toJson(Map<String, String> extra) {
        Map<String, String> json = new LinkedHashMap<>(attributes());
        json.putAll(extra);
        java.io.StringWriter out = new java.io.StringWriter(1024);
        try (com.fasterxml.jackson.core.JsonGenerator g = JSON.createGenerator(out)) {
            g.setPrettyPrinter(new com.fasterxml.jackson.core.util.DefaultPrettyPrinter());
            g.writeStartObject();
            for (Map.Entry<String, String> e : json.entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
        } catch (java.io.IOException e) { // a StringWriter does not fail
            throw new java.io.UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * {@return the metadata as flat, ordered string pairs: the content of a JSON sidecar or of object-store user
     * metadata} Every setting of the request, for every model: {@code prediction_id}, {@code index}, {@code model},
     * {@code prompt} and {@code sent_prompt} (when a style changed it), the SDK's settings ({@code style}, a
     * pipeline's {@code then}), then every wire input by its wire name as the request set it (images by their file
     * name or URL, lists comma-separated) — so the pairs read back with {@code ModelRequest.fromInputs} rebuild the
     * request — then what the image is: {@code image_format} (read from its bytes), {@code image_width} and
     * {@code image_height} (when its header said), {@code seed} (the seed the model used when it reported one, else
     * the requested seed, else {@code "random"}), {@code requested_seed}, {@code cost_usd} and {@code created_at}.
     */
    public Map<String, String> attributes() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("prediction_id", predictionId);
        m.put("index", Integer.toString(index));
        m.put("model", request.model().toString());
        if (!request.prompt().isEmpty()) {
            m.put("prompt", request.prompt());
            Object sent = request.sentInputs().get("prompt");
            if (sent != null && !sent.equals(request.prompt())) {
                m.put("sent_prompt", sent.toString());
            }
        }
        m.putAll(request.settings());
        request.inputs().forEach((name, v) -> {
            if (!name.equals("prompt") && !name.equals("seed")) {
                m.put(name, shown(v));
            }
        });
        m.put("image_format", format.value());
        if (size != null) {
            m.put("image_width", Integer.toString(size.width()));
            m.put("image_height", Integer.toString(size.height()));
        }
        String requested = request.seed().isPresent() ? Long.toString(request.seed().getAsLong()) : "random";
        m.put("seed", seed != null ? Long.toString(seed) : requested);
        m.put("requested_seed", requested);
        m.put("cost_usd", cost.toPlainString());
        m.put("created_at", createdAt.toString());
        return m;
    }

    /** An input as a sidecar keeps it: an image by its full URL, or its file's name, or what made it. */
    private static String shown(Object v) {
        if (v instanceof InputImage i) {
            return i.url().map(java.net.URI::toString).or(() -> i.file().map(f -> f.getFileName().toString()))
                    .orElseGet(i::describe);
        }
        if (v instanceof java.util.List<?> list) {
            return String.join(",", list.stream().map(ImageMetadata::shown).toList());
        }
        return String.valueOf(v);
    }
}
