package dev.fluxschnell.sdk.errors;

/** Downloading a generated image or writing it to storage failed; the prediction itself succeeded (and was billed): not retryable, the prediction exists. */
public class StorageException extends FluxSchnellClientException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for the prediction whose image could not be stored. */
    public StorageException(String message, String predictionId, Throwable cause) {
        super(message, predictionId, cause, false, predictionId != null);
    }
}
