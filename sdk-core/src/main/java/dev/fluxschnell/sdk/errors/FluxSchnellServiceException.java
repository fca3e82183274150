package dev.fluxschnell.sdk.errors;

import java.util.Optional;

/**
 * The Replicate API answered with an error status. Carries the status and the RFC 7807 problem's title and detail,
 * and the prediction id where known. Subclasses exist for each status that calls for a different reaction.
 */
public class FluxSchnellServiceException extends FluxSchnellException {
    private static final long serialVersionUID = 1L;

    private final int statusCode;
    private final String title;
    private final String detail;

    /** An API error with its status, the problem title/detail (either may be null) and the prediction id if known. */
    public FluxSchnellServiceException(int statusCode, String title, String detail, String predictionId) {
        super(message(statusCode, title, detail, predictionId), predictionId, null);
        this.statusCode = statusCode;
        this.title = title;
        this.detail = detail;
    }

    /** The HTTP status code. */
    public int statusCode() {
        return statusCode;
    }

    /** The problem's {@code title}, if the server sent one. */
    public Optional<String> title() {
        return Optional.ofNullable(title);
    }

    /** The problem's {@code detail}, if the server sent one. */
    public Optional<String> detail() {
        return Optional.ofNullable(detail);
    }

    private static String message(int status, String title, String detail, String predictionId) {
        StringBuilder sb = new StringBuilder("HTTP ").append(status);
        if (title != null && !title.isBlank()) {
            sb.append(' ').append(title);
        }
        if (detail != null && !detail.isBlank()) {
            sb.append(": ").append(detail);
        }
        if (predictionId != null) {
            sb.append(" (prediction ").append(predictionId).append(')');
        }
        return sb.toString();
    }
}
