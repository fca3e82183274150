package dev.fluxschnell.sdk.errors;

/** A client-side failure with no usable answer from the server: connection refused or dropped, timeout, bad body. */
public class FluxSchnellIOException extends FluxSchnellClientException {
    private static final long serialVersionUID = 1L;

    /** An I/O failure, for the given prediction if known (may be null). */
    public FluxSchnellIOException(String message, String predictionId, Throwable cause) {
        super(message, predictionId, cause);
    }
}
