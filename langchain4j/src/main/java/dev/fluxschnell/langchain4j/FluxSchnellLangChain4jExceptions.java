package dev.fluxschnell.langchain4j;

import dev.fluxschnell.sdk.errors.AuthenticationException;
import dev.fluxschnell.sdk.errors.FluxSchnellException;
import dev.fluxschnell.sdk.errors.InvalidRequestException;
import dev.fluxschnell.sdk.errors.NotFoundException;
import dev.fluxschnell.sdk.errors.PermissionDeniedException;
import dev.fluxschnell.sdk.errors.PredictionTimeoutException;
import dev.fluxschnell.sdk.errors.RateLimitException;
import dev.fluxschnell.sdk.errors.ServerException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.exception.TimeoutException;

/**
 * The SDK's exceptions as LangChain4j's. Retriable types (rate limit, internal server error, timeout, retriable) only
 * when {@link FluxSchnellException#isRetryable()} — sending the request again is safe because nothing was created —
 * so LangChain4j's retry never pays twice; otherwise its non-retriable types: 401/402/403 → authentication, 404 → model
 * not found, 422 → invalid request, anything where a prediction may exist → non-retriable. The SDK's exception is the
 * cause.
 */
final class FluxSchnellLangChain4jExceptions {
    private FluxSchnellLangChain4jExceptions() {}

    static RuntimeException translate(FluxSchnellException e) {
        String message = "flux-schnell: " + e.getMessage();
        if (e instanceof AuthenticationException || e instanceof PermissionDeniedException) {
            return new dev.langchain4j.exception.AuthenticationException(message, e);
        }
        if (e instanceof NotFoundException) {
            return new ModelNotFoundException(message, e);
        }
        if (e instanceof InvalidRequestException) {
            return new dev.langchain4j.exception.InvalidRequestException(message, e);
        }
        if (!e.isRetryable()) {
            return new NonRetriableException(message, e);
        }
        if (e instanceof RateLimitException) {
            return new dev.langchain4j.exception.RateLimitException(message, e);
        }
        if (e instanceof ServerException) {
            return new InternalServerException(message, e);
        }
        if (e instanceof PredictionTimeoutException) {
            return new TimeoutException(message, e);
        }
        return new RetriableException(message, e);
    }
}
