package dev.fluxschnell.sdk.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A create's {@code input} checked against its model's {@code openapi_schema} by a JSON Schema validator
 * (networknt json-schema-validator, independent of the SDK's own checks), answered as Replicate's 422 lists
 * {@code invalid_fields}: {@code required}, {@code enum}, {@code number_gte}/{@code number_lte},
 * {@code invalid_type}, {@code additional_property_not_allowed}.
 */
final class InputSchema {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);
    private static final Map<ObjectNode, Schema> COMPILED = new ConcurrentHashMap<>();

    private InputSchema() {}

    static ArrayNode validate(EmulatedModel model, JsonNode in) {
        ArrayNode bad = FakeReplicateServer.JSON.createArrayNode();
        if (!in.isObject()) {
            addInvalid(bad, "required", "input", "input is required");
            return bad;
        }
        Schema schema = COMPILED.computeIfAbsent(model.openApi(), InputSchema::compile);
        java.util.Set<String> reported = new java.util.HashSet<>();
        for (Error e : schema.validate(in)) {
            String field = e.getProperty() != null ? "input." + e.getProperty() : "input" + pointer(e);
            if (!e.getKeyword().equals("additionalProperties") && !reported.add(field)) {
                continue; // one problem per field, as Replicate lists them
            }
            String description = switch (e.getKeyword()) {
                case "required" -> e.getProperty() + " is required";
                case "enum" -> field.substring("input.".length()) + " must be one of the following: "
                        + String.join(", ", choices(e.getSchemaNode()));
                case "minimum" -> "Must be greater than or equal to " + e.getSchemaNode().asText();
                case "maximum" -> "Must be less than or equal to " + e.getSchemaNode().asText();
                case "type" -> "Invalid type. Expected: " + e.getSchemaNode().asText() + ", given: "
                        + type(e.getInstanceNode());
                case "additionalProperties" -> "Additional property " + e.getProperty() + " is not allowed";
                case "format" -> "Does not match format '" + e.getSchemaNode().asText() + "'";
                default -> e.getMessage();
            };
            String type = switch (e.getKeyword()) {
                case "minimum" -> "number_gte";
                case "maximum" -> "number_lte";
                case "type" -> "invalid_type";
                case "additionalProperties" -> "additional_property_not_allowed";
                default -> e.getKeyword();
            };
            addInvalid(bad, type, e.getKeyword().equals("additionalProperties") ? "input" : field, description);
        }
        return bad;
    }

    /**
     * The JSON Schema (draft 7) of a model's input: {@code components.schemas.Input} with unknown properties refused,
     * its enumerations under {@code definitions} (their {@code $ref}s rewritten), OpenAPI's {@code x-} keys dropped.
     */
    private static Schema compile(ObjectNode openApi) {
        ObjectNode root = openApi.path("components").path("schemas").path("Input").deepCopy();
        root.put("additionalProperties", false);
        root.set("definitions", openApi.path("components").path("schemas").deepCopy());
        String json = plain(root).toString().replace("\"#/components/schemas/", "\"#/definitions/");
        return REGISTRY.getSchema(json);
    }

    /** The node without OpenAPI's {@code x-} extension keys, which JSON Schema does not know. */
    private static JsonNode plain(JsonNode n) {
        if (n.isObject()) {
            ObjectNode o = (ObjectNode) n;
            java.util.List<String> names = new java.util.ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                if (name.startsWith("x-")) {
                    o.remove(name);
                } else {
                    plain(o.get(name));
                }
            }
        } else if (n.isArray()) {
            n.forEach(InputSchema::plain);
        }
        return n;
    }

    /** The instance location as Replicate names fields: {@code /megapixels} → {@code .megapixels}. */
    private static String pointer(Error e) {
        String at = e.getInstanceLocation() == null ? "" : e.getInstanceLocation().toString();
        at = at.startsWith("$") ? at.substring(1) : at;
        return at.isEmpty() ? "" : "." + (at.startsWith("/") || at.startsWith(".") ? at.substring(1) : at)
                .replace('/', '.');
    }

    private static java.util.List<String> choices(JsonNode enumNode) {
        java.util.List<String> out = new java.util.ArrayList<>();
        enumNode.forEach(c -> out.add("\"" + c.asText() + "\""));
        return out;
    }

    private static String type(JsonNode v) {
        if (v == null) {
            return "null";
        }
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

    /** Pixel size per aspect ratio at 1 megapixel, for flux-schnell and flux-dev (cog-flux's {@code ASPECT_RATIOS}). */
    static final Map<String, int[]> SIZES = Map.ofEntries(
            Map.entry("1:1", new int[] {1024, 1024}), Map.entry("16:9", new int[] {1344, 768}),
            Map.entry("21:9", new int[] {1536, 640}), Map.entry("3:2", new int[] {1216, 832}),
            Map.entry("2:3", new int[] {832, 1216}), Map.entry("4:5", new int[] {896, 1088}),
            Map.entry("5:4", new int[] {1088, 896}), Map.entry("3:4", new int[] {896, 1152}),
            Map.entry("4:3", new int[] {1152, 896}), Map.entry("9:16", new int[] {768, 1344}),
            Map.entry("9:21", new int[] {640, 1536}));
}
