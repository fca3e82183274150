package dev.fluxschnell.sdk.errors;

/** The prediction was canceled or aborted (by the caller, a batch cancel, or a {@code Cancel-After} deadline). */
public class PredictionCanceledException extends PredictionException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception; {@code predictionId} is null when the prediction was never created.
     *
     * @param message the detail message
     * @param predictionId the prediction's id, or null when it was never created
     */
    public PredictionCanceledException(String message, String predictionId) {
        super(message, predictionId);
    }
}
