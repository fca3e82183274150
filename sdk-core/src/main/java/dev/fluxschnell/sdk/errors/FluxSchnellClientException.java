package dev.fluxschnell.sdk.errors;

/**
 * A failure on the client's side: no usable answer arrived ({@link FluxSchnellIOException}), an image could not be
 * stored ({@link StorageException}), or a local quota refused the work ({@link QuotaExceededException}).
 */
public class FluxSchnellClientException extends FluxSchnellException {
    private static final long serialVersionUID = 1L;

    /**
     * A client-side failure for the prediction if known (may be null), with its cause (may be null).
     *
     * @param message the detail message
     * @param predictionId the prediction's id, or null when none is known
     * @param cause the cause, or null
     */
    public FluxSchnellClientException(String message, String predictionId, Throwable cause) {
        super(message, predictionId, cause);
    }

    /**
     * A client-side failure that says whether a retry is safe; see {@link FluxSchnellException}.
     *
     * @param message the detail message
     * @param predictionId the prediction's id, or null when none is known
     * @param cause the cause, or null
     * @param retryable whether sending the request again is safe and may succeed
     * @param predictionMayExist whether a prediction may exist for the request
     */
    public FluxSchnellClientException(String message, String predictionId, Throwable cause, boolean retryable,
                                      boolean predictionMayExist) {
        super(message, predictionId, cause, retryable, predictionMayExist);
    }
}
