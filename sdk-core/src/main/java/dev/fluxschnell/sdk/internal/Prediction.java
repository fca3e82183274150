package dev.fluxschnell.sdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fluxschnell.sdk.result.PredictionStatus;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The fields of a Replicate prediction the SDK uses, parsed leniently.
 *
 * @param id prediction id
 * @param status mapped status ({@code UNKNOWN} for values this SDK does not know)
 * @param rawStatus the status string as sent
 * @param output output URLs (empty when none yet); {@code data:} URLs, https URLs, or {@link Spool} references
 * @param error the model's error text, or null
 * @param getUrl {@code urls.get}, or null
 * @param cancelUrl {@code urls.cancel}, or null
 * @param predictTime {@code metrics.predict_time}, or null
 * @param dataRemoved whether the outputs were already deleted
 * @param input the prediction's input as the server echoes it, or null
 * @param createdAt {@code created_at}, or null
 * @param seed the seed the model used, read from its {@code Using seed: N} log line, or null
 */
public record Prediction(String id, PredictionStatus status, String rawStatus, List<URI> output, String error,
                         URI getUrl, URI cancelUrl, Duration predictTime, boolean dataRemoved, JsonNode input,
                         Instant createdAt, Long seed) {

    /** A prediction known only by what a webhook or a caller reported. */
    public static Prediction reported(String id, PredictionStatus status, String rawStatus, List<URI> output,
                                      String error, Long seed) {
        return new Prediction(id, status, rawStatus, output, error, null, null, null, false, null, null, seed);
    }

    /**
     * Whether this answer to a create with {@code Prefer: wait} is final: Replicate answers a prediction that finished
     * inside the wait window with status {@code processing} and its output already present, and one that did not with
     * {@code starting}. The official clients treat any sync answer other than {@code starting} as done
     * (replicate-python {@code run.py}, replicate-javascript {@code run}); so does the SDK, when it carries output.
     */
    public boolean isFinishedSyncAnswer() {
        return status == PredictionStatus.PROCESSING && !output.isEmpty();
    }

    /** This prediction as succeeded: a sync answer that {@link #isFinishedSyncAnswer() finished}. */
    public Prediction asSucceeded() {
        return new Prediction(id, PredictionStatus.SUCCEEDED, "succeeded", output, error, getUrl, cancelUrl,
                predictTime, dataRemoved, input, createdAt, seed);
    }
}
