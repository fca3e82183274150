package dev.fluxschnell.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fluxschnell.sdk.errors.AuthenticationException;
import dev.fluxschnell.sdk.errors.FluxSchnellException;
import dev.fluxschnell.sdk.errors.FluxSchnellIOException;
import dev.fluxschnell.sdk.errors.InvalidRequestException;
import dev.fluxschnell.sdk.errors.PredictionFailedException;
import dev.fluxschnell.sdk.errors.PredictionTimeoutException;
import dev.fluxschnell.sdk.errors.RateLimitException;
import dev.fluxschnell.sdk.errors.ServerException;
import dev.fluxschnell.sdk.errors.StorageException;
import dev.fluxschnell.sdk.ratelimit.Throttle;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.exception.TimeoutException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FluxSchnellLangChain4jExceptionsTest {
    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("429 on create", new RateLimitException(429, "Too Many Requests", "slow down", null,
                        Throttle.after(Duration.ofSeconds(1))), dev.langchain4j.exception.RateLimitException.class),
                Arguments.of("5xx problem document on create",
                        new ServerException(500, "Internal Server Error", "failed", null, Map.of(), false),
                        InternalServerException.class),
                Arguments.of("connection refused before sending",
                        new FluxSchnellIOException("POST failed", null, new ConnectException(), false),
                        RetriableException.class),
                Arguments.of("deadline before anything was created",
                        new PredictionTimeoutException(null, Duration.ofMinutes(5)), TimeoutException.class),
                Arguments.of("answer to a create lost (a prediction may exist)",
                        new FluxSchnellIOException("lost", null, null, true), NonRetriableException.class),
                Arguments.of("gateway 502 on create", new ServerException(502, null, "<html>", null, Map.of(), true),
                        NonRetriableException.class),
                Arguments.of("deadline after the prediction was created",
                        new PredictionTimeoutException("p1", Duration.ofMinutes(5)), NonRetriableException.class),
                Arguments.of("model failed", new PredictionFailedException("p1", "boom"), NonRetriableException.class),
                Arguments.of("stored images failed", new StorageException("disk full", "p1", null),
                        NonRetriableException.class),
                Arguments.of("401", new AuthenticationException(401, "Unauthenticated", null, null),
                        dev.langchain4j.exception.AuthenticationException.class),
                Arguments.of("422", new InvalidRequestException(422, "Input validation failed", "x", null, List.of()),
                        dev.langchain4j.exception.InvalidRequestException.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void retriableExactlyWhenTheSdkSaysRetryingIsSafe(String what, FluxSchnellException e, Class<?> expected) {
        RuntimeException mapped = FluxSchnellLangChain4jExceptions.translate(e);

        assertThat(mapped).isExactlyInstanceOf(expected).hasCause(e);
        assertThat(mapped instanceof RetriableException).as("retriable").isEqualTo(e.isRetryable());
    }
}
