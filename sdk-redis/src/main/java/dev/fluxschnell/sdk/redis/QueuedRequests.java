package dev.fluxschnell.sdk.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fluxschnell.sdk.request.InputImage;
import dev.fluxschnell.sdk.request.Model;
import dev.fluxschnell.sdk.request.ModelRequest;
import dev.fluxschnell.sdk.request.PipelineRequest;
import dev.fluxschnell.sdk.request.Step;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A queued item's request as JSON, so any instance can run it — for every model, from the request's wire view:
 *
 * <pre>{@code
 * {"model": "black-forest-labs/flux-kontext-pro",
 *  "inputs": {"prompt": "make the bag red", "input_image": "https://example.com/bag.png"},
 *  "settings": {}}
 * }</pre>
 *
 * <p>{@code inputs} is {@link ModelRequest#inputs()} by wire name (an image as its https URL), {@code settings} is
 * {@link ModelRequest#settings()} by SDK key (a pipeline's {@code then} and {@code keep_intermediates} among them), and
 * {@link ModelRequest#fromInputs} reads both back. What exists only in the JVM that made it — input images that are
 * local files, bytes or stored images, and custom pipeline steps — is refused at submit, and so is a pipeline whose
 * steps would not read back from their text form (an edit instruction with a comma, which {@code then} splits on).
 *
 * <p>0.3 changes the queue item format: 0.2 wrote {@code {"type": "image" | "pipeline", ...}} (flux-schnell only). That
 * format was never published and is not read: such an item is reported unreadable (and dead-lettered).
 */
final class QueuedRequests {
    private static final ObjectMapper JSON = new ObjectMapper();

    private QueuedRequests() {}

    /**
     * {@return the request as JSON}
     *
     * @throws IllegalArgumentException for a request another instance could not run, naming the image or step
     */
    static String encode(ModelRequest request) {
        ObjectNode n = JSON.createObjectNode().put("model", request.model().toString());
        ObjectNode inputs = n.putObject("inputs");
        request.inputs().forEach((name, value) -> inputs.set(name, wire(name, value)));
        Map<String, String> settings;
        try {
            settings = request.settings();
        } catch (IllegalStateException e) { // a pipeline with a custom step: its message names the step
            throw new IllegalArgumentException("cannot be queued: another instance must be able to run it, but "
                    + e.getMessage(), e);
        }
        ObjectNode s = n.putObject("settings");
        settings.forEach(s::put);
        String json = n.toString();
        if (request instanceof PipelineRequest p) {
            checkSteps(p, json);
        }
        return json;
    }

    /** Refuses a pipeline whose steps would not read back as they are (text with a comma splits into two steps). */
    private static void checkSteps(PipelineRequest p, String json) {
        List<String> steps = p.steps().stream().map(Step::key).toList();
        String problem;
        try {
            problem = decode(json) instanceof PipelineRequest back && back.steps().stream().map(Step::key).toList()
                    .equals(steps) ? null : "they read back as other steps";
        } catch (IllegalArgumentException e) {
            problem = e.getMessage();
        }
        if (problem != null) {
            throw new IllegalArgumentException("cannot be queued: its steps (" + String.join(", ", p.steps().stream()
                    .map(Step::name).toList()) + ") do not read back from their text form: " + problem);
        }
    }

    /** A wire value as JSON: text, numbers and booleans as they are, an image by its https URL, a list item by item. */
    private static JsonNode wire(String name, Object value) {
        JsonNodeFactory f = JSON.getNodeFactory();
        if (value instanceof String s) {
            return f.textNode(s);
        }
        if (value instanceof Integer i) {
            return f.numberNode(i);
        }
        if (value instanceof Long l) {
            return f.numberNode(l);
        }
        if (value instanceof Double d) {
            return f.numberNode(d);
        }
        if (value instanceof Boolean b) {
            return f.booleanNode(b);
        }
        if (value instanceof InputImage image) {
            URI url = image.url().filter(u -> "https".equalsIgnoreCase(u.getScheme())).orElseThrow(() ->
                    new IllegalArgumentException("cannot be queued: input image " + image.describe() + " (" + name
                    + ") is " + where(image) + ", which exists only in this JVM; another instance must be able to "
                    + "read it: pass it by https URL (InputImage.of(URI))"));
            return f.textNode(url.toString());
        }
        if (value instanceof List<?> list) {
            ArrayNode a = f.arrayNode();
            list.forEach(v -> a.add(wire(name, v)));
            return a;
        }
        throw new IllegalArgumentException("cannot be queued: input " + name + " is a "
                + (value == null ? "null" : value.getClass().getSimpleName()));
    }

    private static String where(InputImage image) {
        return switch (image.source()) {
            case FILE -> "a local file";
            case BYTES -> "bytes in memory";
            case STORED -> "an image of this client's storage";
            case GENERATED -> "a generated image without an https URL";
            case URL -> "not an https URL";
        };
    }

    /**
     * {@return the request the JSON describes}
     *
     * @throws IllegalArgumentException when it is not a request this version can run
     */
    static ModelRequest decode(String json) {
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("a queued item is not valid JSON: " + e.getMessage(), e);
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("a queued item is a JSON object, was: " + json);
        }
        if (!n.has("model") && n.has("type")) {
            throw new IllegalArgumentException("a queued item of the 0.2 format (\"type\": \"" + n.path("type")
                    .asText() + "\"), which this version does not read");
        }
        if (!n.path("model").isTextual() || !n.path("inputs").isObject()) {
            throw new IllegalArgumentException("a queued item has \"model\" (owner/name) and \"inputs\" (an object)");
        }
        Map<String, Object> view = new LinkedHashMap<>();
        n.get("inputs").fields().forEachRemaining(e -> view.put(e.getKey(), value(e.getKey(), e.getValue())));
        n.path("settings").fields().forEachRemaining(e -> view.put(e.getKey(), e.getValue().asText()));
        return ModelRequest.fromInputs(Model.parse(n.get("model").asText()), view);
    }

    /** A JSON value as the wire view holds it: String, Integer, Long, Double, Boolean or a list of them. */
    private static Object value(String name, JsonNode v) {
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.canConvertToInt() ? (Object) v.intValue() : (Object) v.longValue();
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isArray()) {
            List<Object> list = new ArrayList<>();
            v.forEach(x -> list.add(value(name, x)));
            return list;
        }
        throw new IllegalArgumentException("a queued item's input " + name + " is " + v.getNodeType());
    }
}
