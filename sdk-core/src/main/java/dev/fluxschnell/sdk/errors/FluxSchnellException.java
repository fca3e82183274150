package dev.fluxschnell.sdk.errors;

import java.util.Optional;

/**
 * Root of every exception the SDK throws (unchecked). Three branches: {@link FluxSchnellServiceException} (Replicate
 * answered with an error status), {@link PredictionException} (a prediction ended without images) and
 * {@link FluxSchnellClientException} (no usable answer, or a local failure). Messages never contain the API token.
 *
 * <p>Every one says what the caller may do next: {@link #isRetryable()} — sending the same request again is safe and
 * may work — and {@link #predictionMayExist()} — a prediction may exist for it (then sending it again may pay twice).
 * The two are never both true. Frameworks' retry layers (Spring Retry, LangChain4j) should retry exactly the
 * retryable ones; the SDK's own adapters do.
 */
public class FluxSchnellException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The prediction this concerns, or null when none is known. */
    private final String predictionId;
    /** Whether sending the same request again is safe and may succeed. */
    private final boolean retryable;
    /** Whether a prediction may exist for the failed request. */
    private final boolean predictionMayExist;

    /**
     * An exception with a message, the prediction id if known (may be null) and a cause (may be null); not retryable,
     * and a prediction may exist exactly when its id is known.
     *
     * @param message the detail message
     * @param predictionId the prediction's id, or null when none is known
     * @param cause the cause, or null
     */
    public FluxSchnellException(String message, String predictionId, Throwable cause) {
        this(message, predictionId, cause, false, predictionId != null);
    }

    /**
     * An exception that says whether sending the request again is safe ({@code retryable}) and whether a prediction
     * may exist for it ({@code predictionMayExist}); a known {@code predictionId} implies the latter.
     *
     * @param message the detail message
     * @param predictionId the prediction's id, or null when none is known
     * @param cause the cause, or null
     * @param retryable whether sending the request again is safe and may succeed
     * @param predictionMayExist whether a prediction may exist for the request
     * @throws IllegalArgumentException if both flags are set, or a known prediction is said not to exist
     */
    public FluxSchnellException(String message, String predictionId, Throwable cause, boolean retryable,
                                boolean predictionMayExist) {
        super(message, cause);
        if (retryable && predictionMayExist) {
            throw new IllegalArgumentException("a failure where a prediction may exist is never safe to retry");
        }
        if (predictionId != null && !predictionMayExist) {
            throw new IllegalArgumentException("prediction " + predictionId + " exists");
        }
        this.predictionId = predictionId;
        this.retryable = retryable;
        this.predictionMayExist = predictionMayExist;
    }

    /** {@return the Replicate prediction id this concerns, if one is known} */
    public Optional<String> predictionId() {
        return Optional.ofNullable(predictionId);
    }

    /**
     * {@return whether sending the same request again is safe and may succeed: no prediction was created for it (so
     * nothing can be billed twice) and the cause may pass — a 429, a 5xx Replicate answered with a problem document, a
     * connection that never opened, a deadline reached before anything was created, an unreachable shared store}
     */
    public boolean isRetryable() {
        return retryable;
    }

    /**
     * {@return whether a prediction may exist for the failed request — created, perhaps running, perhaps billed —
     * ({@link #predictionId()} when its id is known; empty when an answer was lost)} Sending the request again then may
     * pay twice: look the prediction up, or cancel it, instead.
     */
    public boolean predictionMayExist() {
        return predictionMayExist;
    }
}
