package dev.fluxschnell.sdk.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** flux-schnell's input schema as the emulator checks it: Replicate-style {@code invalid_fields} for a 422. */
final class InputSchema {
    /** Pixel size per aspect ratio at 1 megapixel. */
    static final Map<String, int[]> SIZES = Map.ofEntries(
            Map.entry("1:1", new int[] {1024, 1024}), Map.entry("16:9", new int[] {1344, 768}),
            Map.entry("21:9", new int[] {1536, 640}), Map.entry("3:2", new int[] {1216, 832}),
            Map.entry("2:3", new int[] {832, 1216}), Map.entry("4:5", new int[] {896, 1088}),
            Map.entry("5:4", new int[] {1088, 896}), Map.entry("3:4", new int[] {896, 1152}),
            Map.entry("4:3", new int[] {1152, 896}), Map.entry("9:16", new int[] {768, 1344}),
            Map.entry("9:21", new int[] {640, 1536}));

    private InputSchema() {}

    static ArrayNode validate(JsonNode in) {
        ArrayNode bad = FakeReplicateServer.JSON.createArrayNode();
        if (!in.isObject()) {
            addInvalid(bad, "required", "input", "input is required");
            return bad;
        }
        JsonNode prompt = in.get("prompt");
        if (prompt == null || !prompt.isTextual() || prompt.asText().isEmpty()) {
            addInvalid(bad, "required", "input.prompt", "prompt is required and must be a non-empty string");
        }
        checkEnum(bad, in, "aspect_ratio", SIZES.keySet());
        checkEnum(bad, in, "output_format", Set.of("webp", "jpg", "png"));
        checkEnum(bad, in, "megapixels", Set.of("1", "0.25"));
        checkInt(bad, in, "num_outputs", 1, 4);
        checkInt(bad, in, "num_inference_steps", 1, 4);
        checkInt(bad, in, "output_quality", 0, 100);
        if (in.has("seed") && !in.get("seed").isIntegralNumber()) {
            addInvalid(bad, "type", "input.seed", "Invalid type. Expected: integer");
        }
        for (String b : List.of("go_fast", "disable_safety_checker")) {
            if (in.has(b) && !in.get(b).isBoolean()) {
                addInvalid(bad, "type", "input." + b, "Invalid type. Expected: boolean");
            }
        }
        return bad;
    }

    private static void checkEnum(ArrayNode bad, JsonNode in, String field, Set<String> allowed) {
        JsonNode v = in.get(field);
        if (v != null && (!v.isTextual() || !allowed.contains(v.asText()))) {
            addInvalid(bad, "enum", "input." + field, field + " must be one of the following: " + allowed);
        }
    }

    private static void checkInt(ArrayNode bad, JsonNode in, String field, int min, int max) {
        JsonNode v = in.get(field);
        if (v == null) {
            return;
        }
        if (!v.isIntegralNumber()) {
            addInvalid(bad, "type", "input." + field, "Invalid type. Expected: integer");
        } else if (v.asLong() < min) {
            addInvalid(bad, "greater_than_equal", "input." + field, "Must be greater than or equal to " + min);
        } else if (v.asLong() > max) {
            addInvalid(bad, "less_than_equal", "input." + field, "Must be less than or equal to " + max);
        }
    }

    private static void addInvalid(ArrayNode bad, String type, String field, String description) {
        bad.addObject().put("type", type).put("field", field).put("description", description);
    }
}
