package dev.fluxschnell.sdk.ratelimit;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a 429 said: how long to wait (from {@code Retry-After}, the body's {@code retry_after} or the "resets in ~Ns"
 * text; capped at 60 s), and the create limit when the answer stated it ("6 requests per minute with a burst of 1").
 *
 * @param retryAfter how long the server asked to wait, if it said
 * @param limitPerMinute the creates per minute the server stated, if it did
 * @param limitBurst the burst the server stated with it, if it did
 */
public record Throttle(Optional<Duration> retryAfter, OptionalInt limitPerMinute, OptionalInt limitBurst) {
    /** Checks the components. */
    public Throttle {
        Objects.requireNonNull(retryAfter, "retryAfter");
        Objects.requireNonNull(limitPerMinute, "limitPerMinute");
        Objects.requireNonNull(limitBurst, "limitBurst");
    }

    /** A throttle that only says how long to wait. */
    public static Throttle after(Duration retryAfter) {
        return new Throttle(Optional.of(retryAfter), OptionalInt.empty(), OptionalInt.empty());
    }
}
