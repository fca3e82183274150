package dev.fluxschnell.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fluxschnell.sdk.prompts.CatalogueRow;
import dev.fluxschnell.sdk.prompts.PromptEntry;
import dev.fluxschnell.sdk.prompts.PromptFile;
import dev.fluxschnell.sdk.prompts.PromptFileException;
import dev.fluxschnell.sdk.request.InputField;
import dev.fluxschnell.sdk.request.InputImage;
import dev.fluxschnell.sdk.request.ModelDescription;
import dev.fluxschnell.sdk.request.ModelRequest;
import dev.fluxschnell.sdk.request.ModelSchema;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * How the CLI makes requests and shows them, for any model: requests come from prompt-file rows (the SDK's
 * {@link PromptFile}, over the options' defaults), and are shown by their wire view ({@link ModelRequest#inputs()},
 * {@link ModelRequest#settings()}) — never by their type.
 */
final class Requests {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Requests() {}

    /**
     * {@return the entry of one prompt given on the command line, over the options' defaults} A problem is reported
     * without a file and line; local image paths are relative to the working directory.
     *
     * @param values the row, by prompt-file keys
     * @param defaults the options' settings
     */
    static PromptEntry commandLine(Map<String, String> values, Map<String, String> defaults) {
        try {
            return PromptFile.entries(List.of(new CatalogueRow("command line", 1, values)), defaults,
                    Path.of("").toAbsolutePath()).get(0);
        } catch (PromptFileException e) {
            throw new Session.UsageException(String.join("; ", e.problems().stream().map(Requests::withoutWhere)
                    .toList()));
        }
    }

    /** A problem without its leading {@code FILE:LINE: }. */
    static String withoutWhere(String problem) {
        return problem.replaceFirst("^.*?:\\d+: ", "");
    }

    /** {@return an input as a person reads it: text, numbers and booleans as they are; images by URL or file name} */
    static Object plain(Object value) {
        if (value instanceof InputImage i) {
            return i.url().map(URI::toString).orElseGet(() -> i.file().map(f -> f.getFileName().toString())
                    .orElseGet(i::describe));
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Requests::plain).toList();
        }
        return value;
    }

    /** {@return wire inputs as a JSON object: numbers and booleans typed, images by URL or file name} */
    static ObjectNode json(Map<String, Object> inputs) {
        ObjectNode n = NODES.objectNode();
        inputs.forEach((k, v) -> n.set(k, node(plain(v))));
        return n;
    }

    private static JsonNode node(Object v) {
        if (v instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (v instanceof Integer i) {
            return NODES.numberNode(i);
        }
        if (v instanceof Long l) {
            return NODES.numberNode(l);
        }
        if (v instanceof Number d) {
            return NODES.numberNode(d.doubleValue());
        }
        if (v instanceof List<?> list) {
            ArrayNode a = NODES.arrayNode();
            list.forEach(x -> a.add(node(x)));
            return a;
        }
        return NODES.textNode(String.valueOf(v));
    }

    /** {@return {@code key=value} pairs separated by spaces, a value with spaces double-quoted} */
    static String text(Map<String, ?> values) {
        StringJoiner j = new StringJoiner(" ");
        values.forEach((k, v) -> {
            Object p = plain(v);
            String s = p instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
                    : String.valueOf(p);
            j.add(k + "=" + (s.contains(" ") || s.isEmpty() ? "\"" + s.replace("\"", "\\\"") + "\"" : s));
        });
        return j.toString();
    }

    /**
     * {@return what a request sets besides its prompt, for a gallery caption: the SDK's settings, then the wire
     * inputs that differ from the model's defaults, images by URL or file name}
     */
    static String shown(ModelRequest request) {
        Map<String, Object> shown = new LinkedHashMap<>(request.settings());
        Optional<ModelSchema> schema = ModelDescription.of(request.model()).map(ModelDescription::schema);
        request.inputs().forEach((k, v) -> {
            boolean byDefault = schema.flatMap(s -> s.field(k)).flatMap(InputField::defaultValue)
                    .map(d -> d instanceof Number x && v instanceof Number y ? x.doubleValue() == y.doubleValue()
                            : String.valueOf(d).equals(String.valueOf(v))).orElse(false);
            if (!byDefault && !v.equals(request.prompt())) {
                shown.put(k, v);
            }
        });
        return text(shown);
    }
}
