package dev.fluxschnell.sdk.errors;

/**
 * Downloading a generated image or writing it to storage failed; the prediction itself succeeded (and was billed): not
 * retryable, the prediction exists.
 */
public class StorageException extends FluxSchnellClientException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for the prediction whose image could not be stored.
     *
     * @param message the detail message
     * @param predictionId the prediction's id, or null when none is known
     * @param cause the cause, or null
     */
    public StorageException(String message, String predictionId, Throwable cause) {
        super(message, predictionId, cause, false, predictionId != null);
    }
}
