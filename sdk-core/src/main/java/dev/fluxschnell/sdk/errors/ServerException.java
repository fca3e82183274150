package dev.fluxschnell.sdk.errors;

/** HTTP 5xx: Replicate failed to handle the request. */
public class ServerException extends FluxSchnellServiceException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception from the response's status and problem fields. */
    public ServerException(int statusCode, String title, String detail, String predictionId) {
        super(statusCode, title, detail, predictionId);
    }
}
