package dev.fluxschnell.sdk.errors;

/**
 * A prediction ended without images: the model failed ({@link PredictionFailedException}), it was canceled
 * ({@link PredictionCanceledException}), or it ran past {@code predictionTimeout} ({@link PredictionTimeoutException}).
 */
public class PredictionException extends FluxSchnellException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception for the prediction (null when none was created).
     *
     * @param message the detail message
     * @param predictionId the prediction's id, or null when none was created
     */
    public PredictionException(String message, String predictionId) {
        super(message, predictionId, null);
    }

    /**
     * An exception for the prediction (null when none was created), saying whether a retry is safe.
     *
     * @param message the detail message
     * @param predictionId the prediction's id, or null when none was created
     * @param retryable whether sending the request again is safe and may succeed
     */
    protected PredictionException(String message, String predictionId, boolean retryable) {
        super(message, predictionId, null, retryable, predictionId != null);
    }
}
