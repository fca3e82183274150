package dev.fluxschnell.sdk.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * A model's input schema as the emulator checks and publishes it: Replicate-style {@code invalid_fields} for a 422
 * (missing required field, unknown field, wrong JSON type, value out of range or not among the choices), and the
 * {@code openapi_schema} of {@code GET /v1/models/{owner}/{name}} (choices behind {@code allOf}/{@code $ref}, files
 * as {@code type: string, format: uri}, as cog publishes them).
 */
final class InputSchema {
    private InputSchema() {}

    static ArrayNode validate(EmulatedModel model, JsonNode in) {
        ArrayNode bad = FakeReplicateServer.JSON.createArrayNode();
        if (!in.isObject()) {
            addInvalid(bad, "required", "input", "input is required");
            return bad;
        }
        for (EmulatedModel.Field f : model.fields()) {
            JsonNode v = in.get(f.name());
            if (v == null || v.isNull()) {
                if (f.required()) {
                    addInvalid(bad, "required", "input." + f.name(), f.name() + " is required");
                }
                continue;
            }
            check(bad, f, v);
        }
        for (Iterator<String> names = in.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (model.field(name) == null) {
                addInvalid(bad, "additional_property_not_allowed", "input",
                        "Additional property " + name + " is not allowed");
            }
        }
        return bad;
    }

    private static void check(ArrayNode bad, EmulatedModel.Field f, JsonNode v) {
        String field = "input." + f.name();
        switch (f.type()) {
            case STRING, URI -> {
                if (!v.isTextual()) {
                    addInvalid(bad, "invalid_type", field, "Invalid type. Expected: string, given: " + type(v));
                } else if (f.choices() != null && !f.choices().contains(v.asText())) {
                    addInvalid(bad, "enum", field, f.name() + " must be one of the following: "
                            + String.join(", ", f.choices().stream().map(c -> "\"" + c + "\"").toList()));
                } else if (f.required() && v.asText().isEmpty()) {
                    addInvalid(bad, "required", field, f.name() + " is required and must be a non-empty string");
                } else if (f.type() == EmulatedModel.Type.URI && !isUri(v.asText())) {
                    addInvalid(bad, "format", field, "Does not match format 'uri'");
                }
            }
            case INTEGER -> {
                if (!v.isIntegralNumber()) {
                    addInvalid(bad, "invalid_type", field, "Invalid type. Expected: integer, given: " + type(v));
                } else {
                    range(bad, f, field, v.asDouble());
                }
            }
            case NUMBER -> {
                if (!v.isNumber()) {
                    addInvalid(bad, "invalid_type", field, "Invalid type. Expected: number, given: " + type(v));
                } else {
                    range(bad, f, field, v.asDouble());
                }
            }
            case BOOLEAN -> {
                if (!v.isBoolean()) {
                    addInvalid(bad, "invalid_type", field, "Invalid type. Expected: boolean, given: " + type(v));
                }
            }
            default -> throw new IllegalStateException(f.type().name());
        }
    }

    private static void range(ArrayNode bad, EmulatedModel.Field f, String field, double v) {
        if (f.min() != null && v < f.min().doubleValue()) {
            addInvalid(bad, "number_gte", field, "Must be greater than or equal to " + f.min());
        } else if (f.max() != null && v > f.max().doubleValue()) {
            addInvalid(bad, "number_lte", field, "Must be less than or equal to " + f.max());
        }
    }

    private static boolean isUri(String s) {
        return s.startsWith("data:") || s.startsWith("https://") || s.startsWith("http://");
    }

    private static String type(JsonNode v) {
        if (v.isIntegralNumber()) {
            return "integer";
        }
        if (v.isNumber()) {
            return "number";
        }
        if (v.isTextual()) {
            return "string";
        }
        if (v.isBoolean()) {
            return "boolean";
        }
        return v.isArray() ? "array" : v.isObject() ? "object" : "null";
    }

    private static void addInvalid(ArrayNode bad, String type, String field, String description) {
        bad.addObject().put("type", type).put("field", field).put("description", description);
    }

    /** {@return the {@code openapi_schema} of a model's version, shaped as cog publishes it} */
    static ObjectNode openApi(EmulatedModel model) {
        ObjectNode root = FakeReplicateServer.JSON.createObjectNode();
        root.put("openapi", "3.0.2");
        root.putObject("info").put("title", "Cog").put("version", "0.1.0");
        root.putObject("paths");
        ObjectNode schemas = root.putObject("components").putObject("schemas");
        ObjectNode input = schemas.putObject("Input").put("type", "object").put("title", "Input");
        ArrayNode required = FakeReplicateServer.JSON.createArrayNode();
        ObjectNode props = input.putObject("properties");
        int order = 0;
        for (EmulatedModel.Field f : model.fields()) {
            ObjectNode p = props.putObject(f.name());
            if (f.choices() != null) {
                p.putArray("allOf").addObject().put("$ref", "#/components/schemas/" + f.name());
                ObjectNode e = schemas.putObject(f.name()).put("type", "string").put("title", f.name())
                        .put("description", "An enumeration.");
                f.choices().forEach(e.putArray("enum")::add);
            } else {
                p.put("type", switch (f.type()) {
                    case INTEGER -> "integer";
                    case NUMBER -> "number";
                    case BOOLEAN -> "boolean";
                    default -> "string";
                });
                p.put("title", title(f.name()));
                if (f.type() == EmulatedModel.Type.URI) {
                    p.put("format", "uri");
                }
            }
            if (f.defaultValue() != null) {
                p.set("default", FakeReplicateServer.JSON.valueToTree(f.defaultValue()));
            }
            if (f.min() != null) {
                p.set("minimum", FakeReplicateServer.JSON.valueToTree(f.min()));
            }
            if (f.max() != null) {
                p.set("maximum", FakeReplicateServer.JSON.valueToTree(f.max()));
            }
            p.put("x-order", order++);
            p.put("description", f.description());
            if (f.required()) {
                required.add(f.name());
            }
        }
        if (!required.isEmpty()) {
            input.set("required", required);
        }
        ObjectNode uri = FakeReplicateServer.JSON.createObjectNode().put("type", "string").put("format", "uri");
        ObjectNode output = schemas.putObject("Output").put("title", "Output");
        if (model.listOutput()) {
            output.put("type", "array").set("items", uri);
        } else {
            output.setAll(uri);
        }
        return root;
    }

    private static String title(String name) {
        StringBuilder t = new StringBuilder();
        for (String word : name.split("_")) {
            t.append(t.length() > 0 ? " " : "").append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return t.toString();
    }

    /** Pixel size per aspect ratio at 1 megapixel, for flux-schnell and flux-dev (cog-flux's {@code ASPECT_RATIOS}). */
    static final Map<String, int[]> SIZES = Map.ofEntries(
            Map.entry("1:1", new int[] {1024, 1024}), Map.entry("16:9", new int[] {1344, 768}),
            Map.entry("21:9", new int[] {1536, 640}), Map.entry("3:2", new int[] {1216, 832}),
            Map.entry("2:3", new int[] {832, 1216}), Map.entry("4:5", new int[] {896, 1088}),
            Map.entry("5:4", new int[] {1088, 896}), Map.entry("3:4", new int[] {896, 1152}),
            Map.entry("4:3", new int[] {1152, 896}), Map.entry("9:16", new int[] {768, 1344}),
            Map.entry("9:21", new int[] {640, 1536}));
}
