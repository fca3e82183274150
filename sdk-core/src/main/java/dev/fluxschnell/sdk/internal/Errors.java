package dev.fluxschnell.sdk.internal;

import dev.fluxschnell.sdk.errors.FluxSchnellException;

/** The one translation of whatever a pipeline failed with into the SDK's exceptions; never echoes the token. */
public final class Errors {
    private Errors() {}

    /**
     * {@code e} (unwrapped) when it is already an SDK exception, else a {@link FluxSchnellException} that says it was
     * unexpected, for {@code predictionId} (may be null), with the token masked. Nothing is known about what it left
     * behind, so it is not retryable and a prediction may exist.
     */
    public static FluxSchnellException translate(Throwable e, String predictionId, String token) {
        Throwable cause = ReplicateApi.unwrap(e);
        if (cause instanceof FluxSchnellException f) {
            return f;
        }
        return new FluxSchnellException("unexpected failure" + (predictionId == null ? "" : " of prediction "
                + predictionId) + ": " + Redaction.redact(String.valueOf(cause), token), predictionId, cause, false,
                true);
    }
}
