package dev.fluxschnell.spring.ai;

import dev.fluxschnell.sdk.errors.FluxSchnellException;
import org.springframework.ai.retry.NonTransientAiException;
import org.springframework.ai.retry.TransientAiException;

/**
 * The SDK's exceptions as Spring AI's, from what the SDK says the caller may do: {@link TransientAiException} exactly
 * when {@link FluxSchnellException#isRetryable()} (sending the request again is safe: nothing was created), else
 * {@link NonTransientAiException} — in particular whenever a prediction may exist, so that Spring AI's retry never
 * sends (and pays for) the request again. The SDK's exception is the cause.
 */
final class FluxSchnellAiExceptions {
    private FluxSchnellAiExceptions() {}

    static RuntimeException translate(FluxSchnellException e) {
        String message = "flux-schnell: " + e.getMessage();
        return e.isRetryable() ? new TransientAiException(message, e) : new NonTransientAiException(message, e);
    }
}
