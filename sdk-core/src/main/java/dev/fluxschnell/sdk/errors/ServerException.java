package dev.fluxschnell.sdk.errors;

import java.util.List;
import java.util.Map;

/**
 * HTTP 5xx: Replicate failed to handle the request. Retryable when Replicate said so with a problem document and
 * nothing was created; a 5xx without one (a gateway page, a 504) on a create leaves open whether a prediction exists.
 */
public class ServerException extends FluxSchnellServiceException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception from the response's status and problem fields; retryable unless a prediction is known.
     *
     * @param statusCode the HTTP status code
     * @param title the problem's {@code title}, or null
     * @param detail the problem's {@code detail}, or null
     * @param predictionId the prediction's id, or null when none is known
     */
    public ServerException(int statusCode, String title, String detail, String predictionId) {
        this(statusCode, title, detail, predictionId, Map.of(), false);
    }

    /**
     * Creates the exception from the answer, saying whether a prediction may exist for the request (then it is not
     * retryable).
     *
     * @param statusCode the HTTP status code
     * @param title the problem's {@code title}, or null
     * @param detail the problem's {@code detail}, or null
     * @param predictionId the prediction's id, or null when none is known
     * @param headers the answer's headers
     * @param predictionMayExist whether a prediction may exist for the request
     */
    public ServerException(int statusCode, String title, String detail, String predictionId,
                           Map<String, List<String>> headers, boolean predictionMayExist) {
        super(statusCode, title, detail, predictionId, headers, !(predictionMayExist || predictionId != null),
                predictionMayExist);
    }
}
