package dev.fluxschnell.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import dev.fluxschnell.sdk.errors.RateLimitException;
import dev.fluxschnell.sdk.errors.ServerException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);

    /** Replicate's 429 body for accounts with less than $5 of credit, verbatim. */
    static final String LOW_CREDIT = "Request was throttled. Your rate limit for creating predictions is reduced to 6 "
            + "requests per minute with a burst of 1 requests while you have less than $5.0 in credit. Your rate "
            + "limit resets in ~5s.";

    static java.util.Optional<Duration> wait(String header, String detail) {
        return RetryAfter.read(header, null, detail, CLOCK).retryAfter();
    }

    @Test
    void parsesSecondsHttpDateAndDetailText() {
        assertThat(wait("12", null)).contains(Duration.ofSeconds(12));
        assertThat(wait("0.5", null)).contains(Duration.ofMillis(500));
        assertThat(wait("Tue, 24 Nov 2026 10:00:45 GMT", null)).contains(Duration.ofSeconds(45));
        assertThat(wait("Tue, 24 Nov 2026 09:00:00 GMT", null)).contains(Duration.ZERO);
        assertThat(wait(null, "Request was throttled. Your rate limit resets in ~30s.")).contains(Duration.ofSeconds(30));
        assertThat(wait("garbage", "resets in ~4s")).contains(Duration.ofSeconds(4));
        assertThat(wait(null, "slow down")).isEmpty();
    }

    @Test
    void readsTheLowCreditAnswer_bodyFieldAndStatedLimit() {
        dev.fluxschnell.sdk.ratelimit.Throttle t = RetryAfter.read(null, "5", LOW_CREDIT, CLOCK);
        assertThat(t.retryAfter()).contains(Duration.ofSeconds(5));
        assertThat(t.limitPerMinute()).hasValue(6);
        assertThat(t.limitBurst()).hasValue(1);
        assertThat(RetryAfter.read(null, null, LOW_CREDIT, CLOCK).retryAfter()).as("text fallback")
                .contains(Duration.ofSeconds(5));
        assertThat(RetryAfter.read("2", "5", LOW_CREDIT, CLOCK).retryAfter()).as("the header wins")
                .contains(Duration.ofSeconds(2));
        assertThat(RetryAfter.read("1", null, "Too many requests", CLOCK).limitPerMinute()).isEmpty();
    }

    @Test
    void absurdWaitsAreCapped() {
        for (String header : new String[] {"999999999", "Infinity", "1e30", "Tue, 24 Nov 2099 10:00:00 GMT"}) {
            assertThat(wait(header, null)).as(header).contains(RetryAfter.MAX);
        }
        assertThat(wait(null, "Your rate limit resets in ~99999999999s.")).contains(RetryAfter.MAX);
        assertThat(wait("-5", null)).contains(Duration.ZERO);
        assertThat(wait("NaN", null)).isEmpty();
        assertThat(RetryAfter.read(null, "1e308", null, CLOCK).retryAfter()).contains(RetryAfter.MAX);
    }

    @RepeatedTest(20)
    void backoff_isExponentialWithJitterAndCapped() {
        Duration base = Duration.ofMillis(100);
        Duration max = Duration.ofSeconds(2);
        assertThat(ReplicateApi.backoff(base, max, 1)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(ReplicateApi.backoff(base, max, 3)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(ReplicateApi.backoff(base, max, 30)).isBetween(Duration.ofSeconds(1), max);
    }

    @Test
    void retryClassification_protectsCreateFromDuplicates() {
        ServerException problem = new ServerException(500, "Internal Server Error", "boom", null);
        ServerException gateway = new ServerException(502, null, "<html>", null, java.util.Map.of(), true);
        ServerException timeout = new ServerException(504, "Gateway Timeout", "upstream", null, java.util.Map.of(), true);
        RateLimitException throttled = new RateLimitException(429, "Too Many Requests", null, null, dev.fluxschnell.sdk.ratelimit.Throttle.after(Duration.ZERO));
        assertThat(ReplicateApi.isRetryable(problem, true)).isTrue();
        assertThat(ReplicateApi.isRetryable(gateway, true)).isFalse();
        assertThat(ReplicateApi.isRetryable(timeout, true)).isFalse();
        assertThat(ReplicateApi.isRetryable(gateway, false)).isTrue();
        assertThat(ReplicateApi.isRetryable(throttled, true)).as("safe to send again (through the limiter)")
                .isTrue();
    }
}
