package dev.fluxschnell.sdk.internal;

import dev.fluxschnell.sdk.errors.ServerText;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fluxschnell.sdk.request.InputImage;
import dev.fluxschnell.sdk.webhook.WebhookEventType;
import dev.fluxschnell.sdk.result.PredictionStatus;
import dev.fluxschnell.sdk.errors.InvalidField;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** JSON mapping between the SDK's types and Replicate's wire format. Not API. */
public final class Json {
    /** The SDK's mapper (thread-safe once configured; never exposed, so nobody can reconfigure it). */
    private static final ObjectMapper MAPPER =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Json() {}

    /**
     * The {@code input} object of a create: a request's wire view as sent, each image as {@code images} resolves it (a
     * {@code data:} URI, a Files API URL, or a URL passed on).
     *
     * @param inputs the request's {@code sentInputs()}
     * @param images the wire value of each input image
     * @return the input object, as the model's schema names and types it
     */
    public static ObjectNode input(Map<String, Object> inputs, Function<InputImage, String> images) {
        ObjectNode in = MAPPER.createObjectNode();
        inputs.forEach((name, v) -> in.set(name, node(v, images)));
        return in;
    }

    private static JsonNode node(Object v, Function<InputImage, String> images) {
        if (v instanceof InputImage i) {
            return MAPPER.getNodeFactory().textNode(images.apply(i));
        }
        if (v instanceof List<?> list) {
            var array = MAPPER.createArrayNode();
            list.forEach(i -> array.add(node(i, images)));
            return array;
        }
        // the wire's own types directly: valueToTree serialises through a token buffer, per input of every create
        var nodes = MAPPER.getNodeFactory();
        if (v instanceof String t) {
            return nodes.textNode(t);
        } else if (v instanceof Boolean b) {
            return nodes.booleanNode(b);
        } else if (v instanceof Integer n) {
            return nodes.numberNode(n);
        } else if (v instanceof Long n) {
            return nodes.numberNode(n);
        } else if (v instanceof Double n) {
            return nodes.numberNode(n);
        }
        return MAPPER.valueToTree(v);
    }

    /**
     * The body of a create call: the input, the version (a community model's; null for others) and the webhook with
     * its events filter, when the call has one.
     *
     * @param input the model's input
     * @param version the version id, or null
     * @param webhook the webhook, or null
     * @param events the events sent to it (empty: Replicate's default)
     * @return the JSON body
     */
    public static byte[] createBody(ObjectNode input, String version, URI webhook, Set<WebhookEventType> events) {
        ObjectNode body = MAPPER.createObjectNode();
        if (version != null) {
            body.put("version", version);
        }
        body.set("input", input);
        if (webhook != null) {
            body.put("webhook", webhook.toString());
            if (!events.isEmpty()) {
                var filter = body.putArray("webhook_events_filter");
                events.stream().sorted().forEach(e -> filter.add(e.value()));
            }
        }
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode request", e);
        }
    }

    /** Parses a body as a JSON tree; throws {@link MalformedJsonException} when it is not JSON. */
    public static JsonNode tree(byte[] body) {
        try {
            JsonNode n = MAPPER.readTree(body);
            if (n == null || n.isMissingNode()) {
                throw new MalformedJsonException("empty body");
            }
            return n;
        } catch (IOException e) {
            throw new MalformedJsonException("body is not JSON (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Parses a prediction object; throws {@link MalformedJsonException} naming what is missing or mistyped. */
    public static Prediction prediction(JsonNode n) {
        if (!n.isObject()) {
            throw new MalformedJsonException("prediction is not a JSON object");
        }
        String id = ServerText.clean(text(n, "id")); // shown in messages and logs; paths use urls.get or encode it
        if (id == null || id.isBlank()) {
            throw new MalformedJsonException("prediction has no 'id'");
        }
        String rawStatus = ServerText.clean(text(n, "status"));
        PredictionStatus status = PredictionStatus.fromWire(rawStatus);
        List<URI> output = new ArrayList<>();
        JsonNode out = n.get("output");
        if (out != null && !out.isNull()) {
            if (out.isTextual()) {
                output.add(uri(out.asText(), "output"));
            } else if (out.isArray()) {
                for (JsonNode o : out) {
                    if (!o.isTextual()) {
                        throw new MalformedJsonException("output contains a non-string element: " + o.getNodeType());
                    }
                    output.add(uri(o.asText(), "output"));
                }
            } else {
                throw new MalformedJsonException("output is neither a list nor a string: " + out.getNodeType());
            }
        }
        JsonNode urls = n.path("urls");
        URI get = urls.hasNonNull("get") ? uri(urls.get("get").asText(), "urls.get") : null;
        URI cancel = urls.hasNonNull("cancel") ? uri(urls.get("cancel").asText(), "urls.cancel") : null;
        JsonNode pt = n.path("metrics").path("predict_time");
        Duration predictTime = pt.isNumber() ? Duration.ofNanos((long) (pt.asDouble() * 1e9)) : null;
        String error = ServerText.clean(n.hasNonNull("error") ? (n.get("error").isTextual() ? n.get("error")
                .asText() : n.get("error").toString()) : null);
        java.time.Instant createdAt = n.hasNonNull("created_at") ? instant(n.get("created_at").asText()) : null;
        return new Prediction(id, status, rawStatus, List.copyOf(output), error, get, cancel, predictTime,
                n.path("data_removed").asBoolean(false), n.get("input"), createdAt, seedFromLogs(text(n, "logs")));
    }

    /**
     * {@return a timestamp of the API, or null when it is not one (it is informational)} Replicate writes UTC with
     * microseconds ({@code 2024-05-21T19:29:31.518817Z}), read here digit by digit: {@code Instant.parse}, which reads
     * any ISO instant, was the largest cost of an answer's parse in a fresh JVM (bench/, scenario 3). Anything else
     * (an offset, {@code 24:00}, a leap second) is left to {@code Instant.parse}.
     */
    static java.time.Instant instant(String text) {
        int n = text.length();
        if (n >= 20 && n <= 30 && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
                && text.charAt(13) == ':' && text.charAt(16) == ':' && text.charAt(n - 1) == 'Z'
                && (n == 20 || text.charAt(19) == '.' && n > 21)) {
            int year = digits(text, 0, 4);
            int month = digits(text, 5, 7);
            int day = digits(text, 8, 10);
            int hour = digits(text, 11, 13);
            int minute = digits(text, 14, 16);
            int second = digits(text, 17, 19);
            int fraction = n == 20 ? 0 : digits(text, 20, n - 1);
            if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && hour >= 0 && hour <= 23 && minute >= 0
                    && minute <= 59 && second >= 0 && second <= 59 && fraction >= 0
                    && day <= java.time.YearMonth.of(year, month).lengthOfMonth()) {
                long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
                return java.time.Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second,
                        fraction * (long) Math.pow(10, 9 - (n - 21)));
            }
        }
        try {
            return java.time.Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** The number written by the ASCII digits from {@code start} to {@code end}; -1 when one is not a digit. */
    private static int digits(String text, int start, int end) {
        int v = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** The seed the model used, from its {@code Using seed: N} log line; null when absent. */
    public static Long seedFromLogs(String logs) {
        java.util.OptionalLong seed = dev.fluxschnell.sdk.webhook.PredictionUpdate.seedFromLogs(logs);
        return seed.isPresent() ? seed.getAsLong() : null;
    }

    /** The problem fields of an error body, tolerating bodies that are not problem JSON. */
    public static Problem problem(byte[] body) {
        try {
            JsonNode n = MAPPER.readTree(body);
            if (n == null || !n.isObject()) {
                return Problem.NONE;
            }
            List<InvalidField> fields = new ArrayList<>();
            for (JsonNode f : n.path("invalid_fields")) {
                fields.add(new InvalidField(ServerText.clean(f.path("type").asText("")),
                        ServerText.clean(f.path("field").asText("")), ServerText.clean(f.path("description")
                        .asText(""))));
            }
            String detail = ServerText.clean(text(n, "detail"));
            return new Problem(ServerText.clean(text(n, "title")), detail, fields, ServerText.clean(text(n, "id")),
                    text(n, "retry_after"));
        } catch (IOException e) {
            return Problem.NONE;
        }
    }

    /**
     * Whether two inputs are the same, comparing numbers by value (the server may echo 4 as 4.0) and ignoring key
     * order.
     */
    public static boolean sameInput(JsonNode a, JsonNode b) {
        return a != null && b != null && a.equals((x, y) -> {
            if (x.isNumber() && y.isNumber()) {
                return x.decimalValue().compareTo(y.decimalValue()) == 0 ? 0 : 1;
            }
            return x.equals(y) ? 0 : 1;
        }, b);
    }

    /**
     * Parses a document a person wrote (a template file, a catalogue line), for messages that quote the parser.
     *
     * @param content the document
     * @return its tree (null for empty content)
     * @throws IOException saying what is wrong, where
     */
    public static JsonNode read(String content) throws IOException {
        return MAPPER.readTree(content);
    }

    /**
     * Parses a file a person wrote, as {@link #read(String)} does (its encoding detected from its bytes).
     *
     * @param content the file's bytes
     * @return its tree (null for empty content)
     * @throws IOException saying what is wrong, where
     */
    public static JsonNode read(byte[] content) throws IOException {
        return MAPPER.readTree(content);
    }

    /** A new, empty JSON object. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Encodes a tree as compact JSON. */
    public static String write(JsonNode value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Encodes a map as indented JSON (sidecars are meant to be read by people too). */
    public static String write(Map<String, ?> value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static URI uri(String s, String field) {
        try {
            return new URI(s);
        } catch (URISyntaxException e) {
            throw new MalformedJsonException(field + " is not a valid URI");
        }
    }

    /**
     * The RFC 7807 fields of an error answer.
     *
     * @param title problem title or null
     * @param detail problem detail or null
     * @param invalidFields 422 invalid fields
     * @param predictionId an {@code id} field, when the body was a prediction rather than a problem
     * @param retryAfter the {@code retry_after} field of a 429 (seconds), or null
     */
    public record Problem(String title, String detail, List<InvalidField> invalidFields, String predictionId,
                          String retryAfter) {
        static final Problem NONE = new Problem(null, null, List.of(), null, null);

        /** Whether the body was a problem document (had a title or detail). */
        public boolean isProblem() {
            return title != null || detail != null;
        }
    }

    /** A server answer that is not the JSON the SDK expects. */
    public static final class MalformedJsonException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MalformedJsonException(String message) {
            super(message);
        }
    }
}
