package dev.fluxschnell.sdk.webhook;

import dev.fluxschnell.sdk.result.PredictionStatus;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/** A prediction's state as a verified webhook delivered it. */
public final class PredictionUpdate {
    private final String id;
    private final PredictionStatus status;
    private final String rawStatus;
    private final List<URI> output;
    private final String error;
    private final String json;

    /**
     * Reads a prediction object (JSON, as Replicate sends it in webhooks and API answers) as an update, e.g. one your
     * own transport received.
     *
     * @param json a prediction object as JSON
     * @return the update it describes
     * @throws IllegalArgumentException when it is not a prediction object with an id
     */
    public static PredictionUpdate fromJson(String json) {
        try {
            dev.fluxschnell.sdk.internal.Prediction p = dev.fluxschnell.sdk.internal.Json.prediction(
                    dev.fluxschnell.sdk.internal.Json.tree(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            return new PredictionUpdate(p.id(), p.status(), p.rawStatus(), p.output(), p.error(), json);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a prediction: " + e.getMessage(), e);
        }
    }

    PredictionUpdate(String id, PredictionStatus status, String rawStatus, List<URI> output, String error,
                     String json) {
        this.id = Objects.requireNonNull(id, "id must not be null");
        this.status = Objects.requireNonNull(status, "status must not be null");
        this.rawStatus = rawStatus == null ? "" : rawStatus;
        this.output = List.copyOf(output);
        this.error = error;
        this.json = Objects.requireNonNull(json, "json must not be null");
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
        try {
            Long seed = dev.fluxschnell.sdk.internal.Json.seedFromLogs(
                    dev.fluxschnell.sdk.internal.Json.tree(json.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                            .path("logs").asText(null));
            return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
        } catch (RuntimeException e) {
            return OptionalLong.empty();
        }
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
