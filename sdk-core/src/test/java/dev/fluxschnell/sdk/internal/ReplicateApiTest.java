package dev.fluxschnell.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fluxschnell.sdk.ClientOptions;
import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.errors.AuthenticationException;
import dev.fluxschnell.sdk.errors.FluxSchnellIOException;
import dev.fluxschnell.sdk.errors.FluxSchnellServiceException;
import dev.fluxschnell.sdk.errors.InvalidRequestException;
import dev.fluxschnell.sdk.errors.RateLimitException;
import dev.fluxschnell.sdk.errors.ServerException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** The transport's one mapping from an error answer to the SDK's exceptions, and which failures leave doubt. */
class ReplicateApiTest {
    static final String TOKEN = "r8_TransportTestToken123456";
    final ClientOptions options = FluxSchnellClient.builder().apiToken(TOKEN).buildOptions();
    final ReplicateApi transport = new ReplicateApi(new ClientConfig(options, null,
            Executors.newSingleThreadScheduledExecutor(), Runnable::run), new Spool(), t -> { });

    /** The exception for an error answer to a create. */
    FluxSchnellServiceException map(int status, Map<String, List<String>> headers, String body) {
        return transport.toException(status, HttpHeaders.of(headers, (a, b) -> true),
                body.getBytes(StandardCharsets.UTF_8), null, true);
    }

    @Test
    void eachStatusGetsItsException_withTheProblemFields() {
        assertThat(map(401, Map.of(), "{\"title\":\"Unauthenticated\",\"detail\":\"bad token\"}"))
                .isInstanceOf(AuthenticationException.class).hasMessage("HTTP 401 Unauthenticated: bad token");
        assertThat(map(422, Map.of(), "{\"title\":\"Input validation failed\",\"detail\":\"x\",\"invalid_fields\":"
                + "[{\"type\":\"enum\",\"field\":\"input.aspect_ratio\",\"description\":\"no\"}]}"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.invalidFields())
                        .singleElement().satisfies(f -> assertThat(f.field()).isEqualTo("input.aspect_ratio")));
        assertThat(map(503, Map.of(), "<html>down</html>")).isInstanceOf(ServerException.class)
                .hasMessageContaining("<html>down</html>");
        assertThat(map(302, Map.of("Location", List.of("http://elsewhere/")), "")).hasMessageContaining(
                "unexpected redirect to http://elsewhere/");
    }

    @Test
    void a429CarriesWhatItSaid() {
        RateLimitException e = (RateLimitException) map(429, Map.of(), "{\"detail\":\"Request was throttled. Your "
                + "rate limit for creating predictions is reduced to 6 requests per minute with a burst of 1 requests "
                + "while you have less than $5.0 in credit. Your rate limit resets in ~5s.\",\"status\":429,"
                + "\"retry_after\":5}");
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(5));
        assertThat(e.limitPerMinute()).hasValue(6);
        assertThat(e.limitBurst()).hasValue(1);
    }

    @Test
    void theTokenEchoedInAnErrorBody_isMasked() {
        assertThat(map(500, Map.of(), "<pre>Authorization: Bearer " + TOKEN.substring(0, 15) + "</pre>").getMessage())
                .doesNotContain(TOKEN.substring(0, 10)).contains("***");
    }

    @Test
    void onlyFailuresThatMayHaveCreatedAPrediction_areAmbiguous_andTheRestOfACreatesFailuresAreRetryable() {
        FluxSchnellServiceException gateway = map(502, Map.of(), "<html>bad gateway</html>");
        assertThat(PredictionsApi.isAmbiguousCreateFailure(gateway)).as("a gateway page").isTrue();
        assertThat(gateway.predictionMayExist()).isTrue();
        assertThat(gateway.isRetryable()).isFalse();
        FluxSchnellServiceException said = map(500, Map.of(), "{\"title\":\"Internal Server Error\",\"detail\":\"x\"}");
        assertThat(PredictionsApi.isAmbiguousCreateFailure(said)).as("Replicate says it failed").isFalse();
        assertThat(said.isRetryable()).isTrue();
        assertThat(map(504, Map.of(), "{\"title\":\"Gateway Timeout\"}").predictionMayExist())
                .as("a 504 may have created one").isTrue();
        assertThat(map(429, Map.of("Retry-After", List.of("2")), "{}").isRetryable()).isTrue();
        assertThat(map(422, Map.of(), "{\"title\":\"Input validation failed\"}"))
                .satisfies(e -> assertThat(e.isRetryable()).as("the same input fails again").isFalse())
                .satisfies(e -> assertThat(e.predictionMayExist()).isFalse());

        assertThat(PredictionsApi.isAmbiguousCreateFailure(new FluxSchnellIOException("reset", null,
                new IOException("connection reset"), true))).isTrue();
        FluxSchnellIOException refused = new FluxSchnellIOException("refused", null, new ConnectException("refused"),
                false);
        assertThat(PredictionsApi.isAmbiguousCreateFailure(refused)).as("never sent").isFalse();
        assertThat(refused.isRetryable()).isTrue();
    }

    @Test
    void aFailedPoll_concernsAPredictionThatExists_soTheRequestIsNotRetryable() {
        FluxSchnellServiceException e = transport.toException(500, HttpHeaders.of(Map.of(), (a, b) -> true),
                "{\"title\":\"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8), "p123", false);
        assertThat(e.predictionMayExist()).isTrue();
        assertThat(e.predictionId()).contains("p123");
        assertThat(e.isRetryable()).isFalse();
    }

    @Test
    void serviceErrors_keepTheAnswersHeadersAndRequestId_butNotItsCookies() {
        FluxSchnellServiceException e = map(500, Map.of("X-Request-Id", List.of("req_42"), "Set-Cookie",
                List.of("session=secret"), "Content-Type", List.of("application/problem+json")),
                "{\"title\":\"Internal Server Error\"}");
        assertThat(e.requestId()).contains("req_42");
        assertThat(e.headers()).containsKey("content-type").doesNotContainKey("set-cookie");
        assertThat(e.headers().get("CONTENT-TYPE")).containsExactly("application/problem+json");
        assertThat(map(500, Map.of("cf-ray", List.of("8a1b-FRA")), "{}").requestId()).contains("8a1b-FRA");
        assertThat(map(500, Map.of(), "{}").requestId()).isEmpty();
    }
}
