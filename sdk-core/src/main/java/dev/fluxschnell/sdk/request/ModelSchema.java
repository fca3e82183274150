package dev.fluxschnell.sdk.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A model version's input and output schema, read from its {@code openapi_schema} ({@code components.schemas.Input}
 * and {@code Output}, as {@code GET /v1/models/{owner}/{name}} answers it): what the SDK validates requests with. The
 * SDK ships one recorded schema per model it calls ({@link #recorded(Model)}), each with the source it was recorded or
 * reconstructed from; {@link #parse} reads a live one to compare. Immutable.
 */
public final class ModelSchema {
    private static final Map<Model, ModelSchema> RECORDED = new java.util.concurrent.ConcurrentHashMap<>();

    private final Model model;
    private final String version;
    private final Map<String, InputField> fields;
    private final ModelDescription.OutputShape output;
    private final List<String> sources;
    private final List<String> unconfirmed;

    private ModelSchema(Model model, String version, Map<String, InputField> fields,
                        ModelDescription.OutputShape output, List<String> sources, List<String> unconfirmed) {
        this.model = model;
        this.version = version;
        this.fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        this.output = output;
        this.sources = List.copyOf(sources);
        this.unconfirmed = List.copyOf(unconfirmed);
    }

    /**
     * Shorthands users may write for wire names (the CLI's option names, the SDK's setter names, one model's name for
     * what another calls otherwise), each with the wire names it may stand for, the usual one first.
     */
    private static final Map<String, List<String>> SHORTHANDS = Map.of("aspect", List.of("aspect_ratio"),
            "format", List.of("output_format"), "quality", List.of("output_quality"),
            "steps", List.of("num_inference_steps", "steps"), "num_inference_steps", List.of("steps"),
            "resolution", List.of("output_megapixels"), "output_megapixels", List.of("resolution"));

    /**
     * {@return the wire name a key stands for: lower case, {@code -} as {@code _}, a shorthand ({@code aspect},
     * {@code format}, {@code quality}, {@code steps}, and {@code resolution} for Klein's {@code output_megapixels})
     * resolved to the name {@code model} uses — unless it has an input of that very name (851-labs' {@code format},
     * Fill Pro's {@code steps})}
     *
     * @param key a key as a user wrote it
     * @param model the model it is for, or {@code null} when not known yet
     */
    public static String wireName(String key, Model model) {
        String k = key.strip().toLowerCase(Locale.ROOT).replace('-', '_');
        ModelSchema schema = model == null ? null : recorded(model).orElse(null);
        if (schema != null && schema.field(k).isPresent()) {
            return k;
        }
        List<String> names = SHORTHANDS.getOrDefault(k, List.of());
        for (String name : names) {
            if (schema != null && schema.field(name).isPresent()) {
                return name;
            }
        }
        return names.isEmpty() || k.equals("num_inference_steps") || k.equals("resolution")
                || k.equals("output_megapixels") ? k : names.get(0);
    }

    /**
     * {@return the resource path of {@code model}'s recorded schema, e.g.
     * {@code dev/fluxschnell/sdk/request/schemas/black-forest-labs/flux-schnell.json}} The file holds the model, the
     * version, where it was recorded from, what is unconfirmed, and the {@code openapi_schema}.
     *
     * @param model the model
     */
    public static String resource(Model model) {
        return "dev/fluxschnell/sdk/request/schemas/" + model.owner() + "/" + model.name() + ".json";
    }

    /**
     * {@return the schema this SDK release was built and tested against, for a model it calls}
     *
     * @param model the model
     */
    public static Optional<ModelSchema> recorded(Model model) {
        Objects.requireNonNull(model, "model must not be null");
        ModelSchema s = RECORDED.get(model);
        if (s != null) {
            return Optional.of(s);
        }
        try (InputStream in = ModelSchema.class.getClassLoader().getResourceAsStream(resource(model))) {
            if (in == null) {
                return Optional.empty();
            }
            JsonNode file = Mapper.JSON.readTree(in);
            List<String> sources = texts(file.path("sources"));
            List<String> unconfirmed = texts(file.path("unconfirmed"));
            String version = file.path("version").isTextual() ? file.path("version").asText() : null;
            ModelSchema parsed = read(model, version, file.path("openapi_schema"), sources, unconfirmed);
            RECORDED.putIfAbsent(model, parsed);
            return Optional.of(RECORDED.get(model));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the recorded schema of " + model, e);
        }
    }

    /**
     * {@return the schema in an {@code openapi_schema} document, e.g. a live model's}
     *
     * @param model the model it belongs to
     * @param version the version id, or null
     * @param openApiSchema the {@code openapi_schema} JSON
     * @throws IllegalArgumentException when it has no {@code components.schemas.Input}
     */
    public static ModelSchema parse(Model model, String version, String openApiSchema) {
        Objects.requireNonNull(model, "model must not be null");
        Objects.requireNonNull(openApiSchema, "openApiSchema must not be null");
        try {
            return read(model, version, Mapper.JSON.readTree(openApiSchema), List.of(), List.of());
        } catch (IOException e) {
            throw new IllegalArgumentException("the openapi_schema of " + model + " is not JSON: " + e.getMessage(), e);
        }
    }

    private static ModelSchema read(Model model, String version, JsonNode openApi, List<String> sources,
                                    List<String> unconfirmed) {
        JsonNode schemas = openApi.path("components").path("schemas");
        JsonNode input = schemas.path("Input");
        if (!input.path("properties").isObject()) {
            throw new IllegalArgumentException("the openapi_schema of " + model + " has no components.schemas.Input");
        }
        Set<String> required = new HashSet<>(texts(input.path("required")));
        List<Map.Entry<String, JsonNode>> props = new ArrayList<>();
        input.path("properties").fields().forEachRemaining(props::add);
        props.sort(Comparator.comparingInt(e -> e.getValue().path("x-order").asInt(Integer.MAX_VALUE)));
        Map<String, InputField> fields = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : props) {
            fields.put(e.getKey(), field(e.getKey(), e.getValue(), schemas, required.contains(e.getKey())));
        }
        JsonNode out = schemas.path("Output");
        ModelDescription.OutputShape shape = "array".equals(out.path("type").asText())
                ? ModelDescription.OutputShape.LIST : ModelDescription.OutputShape.SINGLE;
        return new ModelSchema(model, version, fields, shape, sources, unconfirmed);
    }

    private static InputField field(String name, JsonNode p, JsonNode schemas, boolean required) {
        JsonNode def = p; // an enumeration is an allOf/$ref to a schema of its own, as cog publishes it
        for (JsonNode ref : p.path("allOf")) {
            String path = ref.path("$ref").asText("");
            if (path.startsWith("#/components/schemas/")) {
                def = schemas.path(path.substring("#/components/schemas/".length()));
            }
        }
        List<String> choices = new ArrayList<>();
        def.path("enum").forEach(c -> choices.add(c.asText()));
        String type = def.path("type").asText(p.path("type").asText("string"));
        InputField.Type t = switch (type) {
            case "integer" -> InputField.Type.INTEGER;
            case "number" -> InputField.Type.NUMBER;
            case "boolean" -> InputField.Type.BOOLEAN;
            case "array" -> InputField.Type.URI_LIST;
            default -> "uri".equals(p.path("format").asText()) ? InputField.Type.URI : InputField.Type.STRING;
        };
        String description = p.path("description").asText("");
        Integer maxItems = p.hasNonNull("maxItems") ? Integer.valueOf(p.get("maxItems").asInt())
                : said(MAX_IMAGES, description);
        Integer multipleOf = p.hasNonNull("multipleOf") ? Integer.valueOf(p.get("multipleOf").asInt())
                : said(MULTIPLE_OF, description);
        return new InputField(name, t, required, value(p.get("default")), number(p, "minimum"), number(p, "maximum"),
                choices, maxItems, multipleOf, description);
    }

    /**
     * Limits Replicate's FLUX.2 schemas state only in words ("Maximum 8 images.", "Must be a multiple of 32"): read
     * from the description when the schema has no {@code maxItems} or {@code multipleOf}, so a change of the live
     * schema's wording shows in {@code client.models().check()} too.
     */
    private static final java.util.regex.Pattern MAX_IMAGES =
            java.util.regex.Pattern.compile("(?i)\\bmaximum (\\d{1,3}) images\\b");
    private static final java.util.regex.Pattern MULTIPLE_OF =
            java.util.regex.Pattern.compile("(?i)\\bmust be a multiple of (\\d{1,4})\\b");

    private static Integer said(java.util.regex.Pattern p, String description) {
        java.util.regex.Matcher m = p.matcher(description);
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }

    private static Double number(JsonNode p, String name) {
        return p.hasNonNull(name) && p.get(name).isNumber() ? p.get(name).asDouble() : null;
    }

    private static Object value(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isIntegralNumber()) {
            return v.asLong();
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isArray()) {
            List<Object> list = new ArrayList<>();
            v.forEach(i -> list.add(value(i)));
            return List.copyOf(list);
        }
        return v.asText();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** {@return the model the schema belongs to} */
    public Model model() {
        return model;
    }

    /** {@return the version id the schema belongs to, when known} */
    public Optional<String> version() {
        return Optional.ofNullable(version);
    }

    /** {@return the inputs, in the model's order ({@code x-order})} */
    public Map<String, InputField> fields() {
        return fields;
    }

    /**
     * {@return the input named {@code wireName}, if the model takes it}
     *
     * @param wireName e.g. {@code aspect_ratio}
     */
    public Optional<InputField> field(String wireName) {
        return Optional.ofNullable(fields.get(wireName));
    }

    /** {@return whether the model answers an array of URIs or a single URI} */
    public ModelDescription.OutputShape output() {
        return output;
    }

    /** {@return where a recorded schema was recorded or reconstructed from (empty for a parsed live one)} */
    public List<String> sources() {
        return sources;
    }

    /** {@return the facts of a recorded schema that no first-party source confirms (empty when all are)} */
    public List<String> unconfirmed() {
        return unconfirmed;
    }

    @Override
    public String toString() {
        return "ModelSchema{" + model + (version != null ? ":" + version.substring(0, Math.min(8, version.length()))
                : "") + ", " + fields.keySet() + ", output " + output + "}";
    }

    /**
     * The mapper, made on first use: a fresh JVM's first mapper initialises the JDK's calendar and locale data, which
     * needs not hold up what only names a model's fields (a CLI's start, measured in bench/).
     */
    private static final class Mapper {
        static final ObjectMapper JSON = new ObjectMapper();
    }
}
