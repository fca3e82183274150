package dev.fluxschnell.spring.ai;

import dev.fluxschnell.sdk.errors.FluxSchnellException;
import dev.fluxschnell.sdk.errors.FluxSchnellIOException;
import dev.fluxschnell.sdk.errors.PredictionTimeoutException;
import dev.fluxschnell.sdk.errors.RateLimitException;
import dev.fluxschnell.sdk.errors.ServerException;
import org.springframework.ai.retry.NonTransientAiException;
import org.springframework.ai.retry.TransientAiException;

/**
 * The SDK's exceptions as Spring AI's: {@link TransientAiException} for what may work later (429 after the SDK's own
 * waits, 5xx, no usable answer, a prediction timeout), {@link NonTransientAiException} for the rest (bad token, no
 * credit, rejected input, a failed or canceled prediction, a quota, a storage failure — retrying would pay again).
 * The SDK's exception is the cause.
 */
final class FluxSchnellAiExceptions {
    private FluxSchnellAiExceptions() {}

    static RuntimeException translate(FluxSchnellException e) {
        String message = "flux-schnell: " + e.getMessage();
        if (e instanceof RateLimitException || e instanceof ServerException || e instanceof FluxSchnellIOException
                || e instanceof PredictionTimeoutException) {
            return new TransientAiException(message, e);
        }
        return new NonTransientAiException(message, e);
    }
}
