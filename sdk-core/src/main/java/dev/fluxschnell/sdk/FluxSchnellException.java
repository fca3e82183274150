package dev.fluxschnell.sdk;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Root of every exception the SDK throws (unchecked). Carries the HTTP status and the prediction id where known.
 * Messages never contain the API token.
 */
public class FluxSchnellException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Integer httpStatus;
    private final String predictionId;

    /** An exception with a message, an optional HTTP status and prediction id (either may be null), and a cause. */
    public FluxSchnellException(String message, Integer httpStatus, String predictionId, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.predictionId = predictionId;
    }

    /** An exception with only a message. */
    public FluxSchnellException(String message) {
        this(message, null, null, null);
    }

    /** The HTTP status of the response that caused this, if there was one. */
    public OptionalInt httpStatus() {
        return httpStatus == null ? OptionalInt.empty() : OptionalInt.of(httpStatus);
    }

    /** The Replicate prediction id this concerns, if one is known. */
    public Optional<String> predictionId() {
        return Optional.ofNullable(predictionId);
    }
}
