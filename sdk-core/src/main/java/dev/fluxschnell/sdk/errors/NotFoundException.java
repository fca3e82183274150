package dev.fluxschnell.sdk.errors;

/** HTTP 404: the model or prediction does not exist (or is not visible to this token). */
public class NotFoundException extends FluxSchnellServiceException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception from the response's status and problem fields. */
    public NotFoundException(int statusCode, String title, String detail, String predictionId) {
        super(statusCode, title, detail, predictionId);
    }
}
