package dev.fluxschnell.sdk.errors;

import java.time.Duration;

/**
 * The prediction did not finish (or was not even created) within {@code predictionTimeout}; the SDK canceled it
 * remotely. A sibling of {@link PredictionCanceledException}, not a kind of it: nobody asked for the cancel.
 * Retryable when no prediction was created in time (e.g. the rate limit held the create back); otherwise a prediction
 * exists (canceled by the SDK, but perhaps billed for the time it ran).
 */
public class PredictionTimeoutException extends PredictionException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for the prediction that ran past {@code timeout}.
     *
     * @param predictionId the prediction's id
     * @param timeout the deadline it ran past
     */
    public PredictionTimeoutException(String predictionId, Duration timeout) {
        this(predictionId, timeout, null);
    }

    /**
     * Creates the exception; {@code predictionId} is null when no prediction was created in time, and {@code reason}
     * (may be null) says what held it up, e.g. the last 429.
     *
     * @param predictionId the prediction's id, or null when none was created in time
     * @param timeout the deadline it ran past
     * @param reason what held it up, or null
     */
    public PredictionTimeoutException(String predictionId, Duration timeout, String reason) {
        super(predictionId == null ? "No prediction was created within " + timeout
                + (reason == null ? "" : " (" + reason + ")")
                : "Prediction " + predictionId + " did not finish within " + timeout
                + (reason == null ? "; it was canceled" : " (" + reason + ")"), predictionId, predictionId == null);
    }
}
