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
class ReplicateTransportTest {
    static final String TOKEN = "r8_TransportTestToken123456";
    final ClientOptions options = FluxSchnellClient.builder().apiToken(TOKEN).buildOptions();
    final ReplicateTransport transport = new ReplicateTransport(new ClientConfig(options, null,
            Executors.newSingleThreadScheduledExecutor(), Runnable::run), new Spool(), t -> { });

    FluxSchnellServiceException map(int status, Map<String, List<String>> headers, String body) {
        return transport.toException(status, HttpHeaders.of(headers, (a, b) -> true),
                body.getBytes(StandardCharsets.UTF_8), null);
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
    void onlyFailuresThatMayHaveCreatedAPrediction_areAmbiguous() {
        assertThat(ReplicateTransport.isAmbiguousCreateFailure(new FluxSchnellIOException("reset", null,
                new IOException("connection reset")))).isTrue();
        assertThat(ReplicateTransport.isAmbiguousCreateFailure(new FluxSchnellIOException("refused", null,
                new ConnectException("refused")))).as("never sent").isFalse();
        assertThat(ReplicateTransport.isAmbiguousCreateFailure(new ServerException(502, null, "<html>", null)))
                .as("a gateway page").isTrue();
        assertThat(ReplicateTransport.isAmbiguousCreateFailure(new ServerException(500, "Internal Server Error",
                "failed", null))).as("a problem document: Replicate says it failed").isFalse();
    }
}
