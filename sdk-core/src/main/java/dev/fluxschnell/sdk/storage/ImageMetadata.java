package dev.fluxschnell.sdk.storage;

import dev.fluxschnell.sdk.ImageRequest;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What is known about one generated image when it is stored: where it came from and what it cost.
 *
 * @param predictionId the Replicate prediction id
 * @param index the image's index within the prediction's outputs (0-based)
 * @param request the request that produced it
 * @param createdAt when the SDK received the image
 * @param cost what this image cost (USD)
 * @param seed the seed the model used (from its logs), or null when it did not report one
 */
public record ImageMetadata(String predictionId, int index, ImageRequest request, Instant createdAt, BigDecimal cost,
                            Long seed) {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    /** Checks the components. */
    public ImageMetadata {
        Objects.requireNonNull(predictionId, "predictionId");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(cost, "cost");
    }

    /** Metadata without a known seed. */
    public ImageMetadata(String predictionId, int index, ImageRequest request, Instant createdAt, BigDecimal cost) {
        this(predictionId, index, request, createdAt, cost, null);
    }

    /**
     * A deterministic, path-safe, bounded relative name: {@code yyyy-MM-dd/<safe id>-<index>.<ext>} (see
     * {@link #safeId()}), so no prompt or server value can steer the path, and distinct ids never collide.
     */
    public String objectName() {
        return DAY.format(createdAt) + "/" + safeId() + "-" + index + "." + request.outputFormat().extension();
    }

    /**
     * The prediction id as a name safe in any path or key, and distinct for distinct ids: the id itself when it is
     * 1–64 characters of {@code [A-Za-z0-9_-]} (Replicate's ids are 26 lowercase letters and digits); otherwise its
     * safe characters, cut to 40, plus {@code -} and 16 hex digits of its SHA-256.
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
     * The metadata as an indented JSON object — {@link #attributes()} followed by {@code extra} (e.g. the file name or
     * object key) — for storage implementations that write a JSON sidecar.
     */
    public String toJson(Map<String, String> extra) {
        Map<String, Object> json = new LinkedHashMap<>(attributes());
        json.putAll(extra);
        return dev.fluxschnell.sdk.internal.Json.write(json);
    }

    /**
     * The metadata as flat, ordered string pairs (prompt, sent prompt, seed, parameters, cost): the content of a JSON
     * sidecar or of object-store user metadata. {@code seed} is the seed the model used when it reported one, else the
     * requested seed, else {@code "random"}; {@code requested_seed} is what the request asked for.
     */
    public Map<String, String> attributes() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("prediction_id", predictionId);
        m.put("index", Integer.toString(index));
        m.put("prompt", request.prompt());
        m.put("sent_prompt", request.sentPrompt());
        m.put("style", request.style().value());
        m.put("aspect_ratio", request.aspectRatio().value());
        m.put("output_format", request.outputFormat().value());
        m.put("output_quality", Integer.toString(request.outputQuality()));
        m.put("num_inference_steps", Integer.toString(request.numInferenceSteps()));
        m.put("megapixels", request.megapixels().value());
        m.put("go_fast", Boolean.toString(request.goFast()));
        String requested = request.seed().isPresent() ? Long.toString(request.seed().getAsLong()) : "random";
        m.put("seed", seed != null ? Long.toString(seed) : requested);
        m.put("requested_seed", requested);
        m.put("width", Integer.toString(request.aspectRatio().width(request.megapixels())));
        m.put("height", Integer.toString(request.aspectRatio().height(request.megapixels())));
        m.put("cost_usd", cost.toPlainString());
        m.put("created_at", createdAt.toString());
        return m;
    }
}
