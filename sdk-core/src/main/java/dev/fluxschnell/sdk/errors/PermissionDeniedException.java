package dev.fluxschnell.sdk.errors;

/** HTTP 402 or 403: billing is not set up, credit ran out, or the token may not do this. */
public class PermissionDeniedException extends FluxSchnellServiceException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception from the response's status and problem fields. */
    public PermissionDeniedException(int statusCode, String title, String detail, String predictionId) {
        super(statusCode, title, detail, predictionId);
    }
}
