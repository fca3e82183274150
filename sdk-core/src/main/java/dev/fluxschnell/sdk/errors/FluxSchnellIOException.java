package dev.fluxschnell.sdk.errors;

/**
 * A client-side failure with no usable answer from the server: connection refused or dropped, timeout, bad body.
 * Retryable when nothing can have been created (the connection never opened, or the call was not a create).
 */
public class FluxSchnellIOException extends FluxSchnellClientException {
    private static final long serialVersionUID = 1L;

    /**
     * An I/O failure, for the given prediction if known (may be null); a prediction may exist when its id is known.
     *
     * @param message the detail message
     * @param predictionId the prediction's id, or null when none is known
     * @param cause the cause, or null
     */
    public FluxSchnellIOException(String message, String predictionId, Throwable cause) {
        super(message, predictionId, cause);
    }

    /**
     * An I/O failure that says whether a prediction may exist (a create whose request may have reached the server);
     * when none can, it is retryable.
     *
     * @param message the detail message
     * @param predictionId the prediction's id, or null when none is known
     * @param cause the cause, or null
     * @param predictionMayExist whether the request may have created a prediction
     */
    public FluxSchnellIOException(String message, String predictionId, Throwable cause, boolean predictionMayExist) {
        super(message, predictionId, cause, !(predictionMayExist || predictionId != null),
                predictionMayExist || predictionId != null);
    }
}
