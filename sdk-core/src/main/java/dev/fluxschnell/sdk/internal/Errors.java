package dev.fluxschnell.sdk.internal;

import dev.fluxschnell.sdk.errors.FluxSchnellException;

/** The one translation of whatever a pipeline failed with into the SDK's exceptions; never echoes the token. */
public final class Errors {
    private Errors() {}

    /**
     * {@code e} (unwrapped) when it is already an SDK exception, else a {@link FluxSchnellException} that says it was
     * unexpected, for {@code predictionId} (may be null), with the token masked.
     */
    public static FluxSchnellException translate(Throwable e, String predictionId, String token) {
        Throwable cause = ReplicateTransport.unwrap(e);
        if (cause instanceof FluxSchnellException f) {
            return f;
        }
        return new FluxSchnellException("unexpected failure" + (predictionId == null ? "" : " of prediction "
                + predictionId) + ": " + Redaction.redact(String.valueOf(cause), token), predictionId, cause);
    }
}
