package dev.fluxschnell.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fluxschnell.sdk.RateLimitException;
import dev.fluxschnell.sdk.ServerException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void parsesSecondsHttpDateAndDetailText() {
        assertThat(RetryAfter.parse("12", null, CLOCK)).contains(Duration.ofSeconds(12));
        assertThat(RetryAfter.parse("0.5", null, CLOCK)).contains(Duration.ofMillis(500));
        assertThat(RetryAfter.parse("Tue, 24 Nov 2026 10:00:45 GMT", null, CLOCK)).contains(Duration.ofSeconds(45));
        assertThat(RetryAfter.parse("Tue, 24 Nov 2026 09:00:00 GMT", null, CLOCK)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse(null, "Request was throttled. Your rate limit resets in ~30s.", CLOCK))
                .contains(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse("garbage", "resets in ~4s", CLOCK)).contains(Duration.ofSeconds(4));
        assertThat(RetryAfter.parse(null, "slow down", CLOCK)).isEmpty();
    }

    @RepeatedTest(20)
    void backoff_isExponentialWithJitterAndCapped() {
        Duration base = Duration.ofMillis(100);
        Duration max = Duration.ofSeconds(2);
        assertThat(ReplicateTransport.backoff(base, max, 1)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(ReplicateTransport.backoff(base, max, 3)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(ReplicateTransport.backoff(base, max, 30)).isBetween(Duration.ofSeconds(1), max);
    }

    @Test
    void retryClassification_protectsCreateFromDuplicates() {
        ServerException problem = new ServerException(500, "Internal Server Error", "boom", null);
        ServerException gateway = new ServerException(502, null, "<html>", null);
        ServerException timeout = new ServerException(504, "Gateway Timeout", "upstream", null);
        RateLimitException throttled = new RateLimitException(429, "Too Many Requests", null, null, null);
        assertThat(ReplicateTransport.isRetryable(problem, true)).isTrue();
        assertThat(ReplicateTransport.isRetryable(gateway, true)).isFalse();
        assertThat(ReplicateTransport.isRetryable(timeout, true)).isFalse();
        assertThat(ReplicateTransport.isRetryable(gateway, false)).isTrue();
        assertThat(ReplicateTransport.isRetryable(throttled, true)).isTrue();
    }
}
