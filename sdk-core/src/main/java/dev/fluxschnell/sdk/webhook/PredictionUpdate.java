package dev.fluxschnell.sdk.webhook;

import dev.fluxschnell.sdk.errors.ServerText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fluxschnell.sdk.result.PredictionStatus;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A prediction's state as a verified webhook delivered it. */
public final class PredictionUpdate {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern USING_SEED = Pattern.compile("Using seed: (-?\\d{1,19})");

    private final String id;
    private final PredictionStatus status;
    private final String rawStatus;
    private final List<URI> output;
    private final String error;
    private final String json;
    private final String model;
    private final Map<String, Object> input;
    private final Long seed;

    /**
     * Reads a prediction object (JSON, as Replicate sends it in webhooks and API answers) as an update, e.g. one your
     * own transport received.
     *
     * @param json a prediction object as JSON
     * @return the update it describes
     * @throws IllegalArgumentException when it is not a prediction object with an id
     */
    public static PredictionUpdate fromJson(String json) {
        Objects.requireNonNull(json, "json must not be null");
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a prediction: not JSON (" + e.getClass().getSimpleName() + ")", e);
        }
        if (n == null || !n.isObject() || !n.path("id").isTextual() || n.path("id").asText().isBlank()) {
            throw new IllegalArgumentException("not a prediction: no 'id'");
        }
        List<URI> output = new ArrayList<>();
        JsonNode out = n.path("output");
        for (JsonNode o : out.isArray() ? out : out.isTextual() ? List.of(out) : List.<JsonNode>of()) {
            try {
                output.add(new URI(o.asText()));
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("not a prediction: output is not a URI", e);
            }
        }
        String rawStatus = ServerText.clean(n.path("status").asText(null));
        JsonNode error = n.get("error");
        Map<String, Object> input = new LinkedHashMap<>();
        n.path("input").fields().forEachRemaining(e -> {
            Object v = value(e.getValue());
            if (v != null) {
                input.put(e.getKey(), v);
            }
        });
        return new PredictionUpdate(ServerText.clean(n.get("id").asText()), PredictionStatus.fromWire(rawStatus),
                rawStatus, output, ServerText.clean(error == null || error.isNull() ? null : error.isTextual()
                ? error.asText() : error.toString()), json,
                n.path("model").asText(null), input, seedFromLogs(n.path("logs").asText(null)));
    }

    /**
     * {@return the seed a Flux model reported in its logs ({@code Using seed: N}; replicate/cog-flux logs it for
     * every prediction, also the random one it draws when no seed or seed 0 was given), if present}
     *
     * @param logs a prediction's {@code logs}, or null
     */
    public static OptionalLong seedFromLogs(String logs) {
        if (logs == null) {
            return OptionalLong.empty();
        }
        Matcher m = USING_SEED.matcher(logs);
        if (!m.find()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(m.group(1)));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
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
        return v.isTextual() ? v.asText() : v.toString();
    }

    private PredictionUpdate(String id, PredictionStatus status, String rawStatus, List<URI> output, String error,
                             String json, String model, Map<String, Object> input, OptionalLong seed) {
        this.id = id;
        this.status = Objects.requireNonNull(status, "status must not be null");
        this.rawStatus = rawStatus == null ? "" : rawStatus;
        this.output = List.copyOf(output);
        this.error = error;
        this.json = json;
        this.model = model;
        this.input = java.util.Collections.unmodifiableMap(input);
        this.seed = seed.isPresent() ? seed.getAsLong() : null;
    }

    /** {@return the prediction id} */
    public String id() {
        return id;
    }

    /** {@return the status ({@link PredictionStatus#UNKNOWN} for values this SDK does not know)} */
    public PredictionStatus status() {
        return status;
    }

    /** {@return the status string as sent} */
    public String rawStatus() {
        return rawStatus;
    }

    /** {@return the output URLs so far (empty until there is output)} */
    public List<URI> output() {
        return output;
    }

    /** {@return the model's error text, for a failed prediction} */
    public Optional<String> error() {
        return Optional.ofNullable(error);
    }

    /** {@return the seed the model used, from the delivered {@code logs} ({@code Using seed: N}), if present} */
    public OptionalLong seed() {
        return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
    }

    /** {@return the model the prediction ran on ({@code owner/name}), when the delivery names it} */
    public Optional<String> model() {
        return Optional.ofNullable(model).filter(m -> !m.isBlank());
    }

    /**
     * {@return the prediction's {@code input} as delivered: text, numbers (Long or Double), booleans and lists, by
     * wire name — what {@link dev.fluxschnell.sdk.request.ModelRequest#fromInputs} reads}
     */
    public Map<String, Object> input() {
        return input;
    }

    /** {@return the whole prediction object as delivered (JSON)} */
    public String json() {
        return json;
    }

    @Override
    public String toString() {
        return "PredictionUpdate{" + id + ", " + rawStatus + ", " + output.size() + " output(s)}";
    }
}
