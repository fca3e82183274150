package dev.fluxschnell.sdk.errors;

import java.util.Optional;

/**
 * Root of every exception the SDK throws (unchecked). Three branches: {@link FluxSchnellServiceException} (Replicate
 * answered with an error status), {@link PredictionException} (a prediction ended without images) and
 * {@link FluxSchnellClientException} (no usable answer, or a local failure). Messages never contain the API token.
 */
public class FluxSchnellException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String predictionId;

    /** An exception with a message, the prediction id if known (may be null), and a cause (may be null). */
    public FluxSchnellException(String message, String predictionId, Throwable cause) {
        super(message, cause);
        this.predictionId = predictionId;
    }

    /** The Replicate prediction id this concerns, if one is known. */
    public Optional<String> predictionId() {
        return Optional.ofNullable(predictionId);
    }
}
