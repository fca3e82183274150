package dev.fluxschnell.sdk.errors;

/** HTTP 401: the API token is missing, wrong or revoked. */
public class AuthenticationException extends FluxSchnellServiceException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception from the response's status and problem fields. */
    public AuthenticationException(int statusCode, String title, String detail, String predictionId) {
        super(statusCode, title, detail, predictionId);
    }
}
