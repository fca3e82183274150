package dev.fluxschnell.sdk.errors;

import java.util.List;
import java.util.Map;

/** HTTP 402 or 403: billing is not set up, credit ran out, or the token may not do this. Not retryable. */
public class PermissionDeniedException extends FluxSchnellServiceException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception from the response's status and problem fields.
     *
     * @param statusCode the HTTP status code
     * @param title the problem's {@code title}, or null
     * @param detail the problem's {@code detail}, or null
     * @param predictionId the prediction's id, or null when none is known
     */
    public PermissionDeniedException(int statusCode, String title, String detail, String predictionId) {
        super(statusCode, title, detail, predictionId);
    }

    /**
     * Creates the exception from the response's status, problem fields and headers.
     *
     * @param statusCode the HTTP status code
     * @param title the problem's {@code title}, or null
     * @param detail the problem's {@code detail}, or null
     * @param predictionId the prediction's id, or null when none is known
     * @param headers the answer's headers
     */
    public PermissionDeniedException(int statusCode, String title, String detail, String predictionId,
                 Map<String, List<String>> headers) {
        super(statusCode, title, detail, predictionId, headers, false, predictionId != null);
    }
}
