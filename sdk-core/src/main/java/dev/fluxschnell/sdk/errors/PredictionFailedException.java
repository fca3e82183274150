package dev.fluxschnell.sdk.errors;

/**
 * The prediction ran and the model failed; {@link #modelError()} is the model's own error text. Not retryable: the
 * prediction exists, and the same input may well fail again.
 */
public class PredictionFailedException extends PredictionException {
    private static final long serialVersionUID = 1L;

    /** The model's error text, or null. */
    private final String modelError;

    /**
     * Creates the exception for a failed prediction and the model's error text (may be null).
     *
     * @param predictionId the failed prediction's id
     * @param modelError the model's error text, or null
     */
    public PredictionFailedException(String predictionId, String modelError) {
        super("Prediction " + predictionId + " failed: " + (modelError == null ? "(no error text)" : modelError),
                predictionId);
        this.modelError = modelError;
    }

    /** {@return the model's error text, if the server sent one} */
    public java.util.Optional<String> modelError() {
        return java.util.Optional.ofNullable(modelError);
    }
}
