package dev.fluxschnell.spring.ai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fluxschnell.sdk.errors.FluxSchnellException;
import dev.fluxschnell.sdk.errors.FluxSchnellIOException;
import dev.fluxschnell.sdk.errors.PredictionFailedException;
import dev.fluxschnell.sdk.errors.PredictionTimeoutException;
import dev.fluxschnell.sdk.errors.QuotaExceededException;
import dev.fluxschnell.sdk.errors.RateLimitException;
import dev.fluxschnell.sdk.errors.ServerException;
import dev.fluxschnell.sdk.errors.StorageException;
import dev.fluxschnell.sdk.ratelimit.Throttle;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.ai.retry.NonTransientAiException;
import org.springframework.ai.retry.TransientAiException;

class FluxSchnellAiExceptionsTest {
    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("429 on create", new RateLimitException(429, "Too Many Requests", "slow down", null,
                        Throttle.after(Duration.ofSeconds(1))), true),
                Arguments.of("5xx problem document on create (nothing created)",
                        new ServerException(500, "Internal Server Error", "failed", null, Map.of(), false), true),
                Arguments.of("connection refused before the create was sent",
                        new FluxSchnellIOException("POST failed", null, new ConnectException(), false), true),
                Arguments.of("deadline before anything was created",
                        new PredictionTimeoutException(null, Duration.ofMinutes(5)), true),
                // the case a framework retry used to pay twice for: the create's answers were lost
                Arguments.of("answer to a create lost (a prediction may exist)",
                        new FluxSchnellIOException("the create's answer was lost and the prediction list cannot be "
                                + "read", null, null, true), false),
                Arguments.of("gateway 502 on create", new ServerException(502, null, "<html>", null, Map.of(), true),
                        false),
                Arguments.of("deadline after the prediction was created",
                        new PredictionTimeoutException("p1", Duration.ofMinutes(5)), false),
                Arguments.of("model failed", new PredictionFailedException("p1", "CUDA out of memory"), false),
                Arguments.of("stored images failed (billed)", new StorageException("disk full", "p1", null), false),
                Arguments.of("quota", new QuotaExceededException("ann", 4, 0), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void transientExactlyWhenTheSdkSaysRetryingIsSafe(String what, FluxSchnellException e, boolean transientOne) {
        RuntimeException mapped = FluxSchnellAiExceptions.translate(e);

        assertThat(mapped).isInstanceOf(transientOne ? TransientAiException.class : NonTransientAiException.class)
                .hasCause(e).hasMessageStartingWith("flux-schnell: ");
        assertThat(e.isRetryable()).isEqualTo(transientOne);
        if (e.predictionMayExist()) {
            assertThat(mapped).as("a prediction may exist: never transient").isInstanceOf(NonTransientAiException.class);
        }
    }
}
