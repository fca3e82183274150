package dev.fluxschnell.sdk.ratelimit;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a 429 said: how long to wait (from {@code Retry-After}, the body's {@code retry_after} or the "resets in ~Ns"
 * text; capped at 60 s), and the create limit when the answer stated it ("6 requests per minute with a burst of 1").
 * Immutable.
 */
public final class Throttle {
    private static final Throttle NOTHING = new Throttle(null, 0, 0);

    private final Duration retryAfter;
    private final int limitPerMinute;
    private final int limitBurst;

    private Throttle(Duration retryAfter, int limitPerMinute, int limitBurst) {
        this.retryAfter = retryAfter;
        this.limitPerMinute = limitPerMinute;
        this.limitBurst = limitBurst;
    }

    /** {@return a 429 that said nothing about waiting or its limit} */
    public static Throttle unstated() {
        return NOTHING;
    }

    /**
     * {@return a throttle that only says how long to wait}
     *
     * @param retryAfter how long the server asked to wait
     */
    public static Throttle after(Duration retryAfter) {
        return new Throttle(Objects.requireNonNull(retryAfter, "retryAfter must not be null"), 0, 0);
    }

    /**
     * {@return this throttle with the create limit the server stated: {@code perMinute} creates a minute with bursts of
     * {@code burst}}
     *
     * @param perMinute the creates per minute the server stated, 1 or more
     * @param burst the burst the server stated, 1 or more
     * @throws IllegalArgumentException if either is less than 1
     */
    public Throttle withLimit(int perMinute, int burst) {
        if (perMinute < 1 || burst < 1) {
            throw new IllegalArgumentException("a stated limit is at least 1 a minute with a burst of 1, was "
                    + perMinute + "/min, burst " + burst);
        }
        return new Throttle(retryAfter, perMinute, burst);
    }

    /** {@return how long the server asked to wait, if it said} */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** {@return the creates per minute the server stated, if it did} */
    public OptionalInt limitPerMinute() {
        return limitPerMinute > 0 ? OptionalInt.of(limitPerMinute) : OptionalInt.empty();
    }

    /** {@return the burst the server stated with its limit, if it did} */
    public OptionalInt limitBurst() {
        return limitBurst > 0 ? OptionalInt.of(limitBurst) : OptionalInt.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Throttle t && Objects.equals(retryAfter, t.retryAfter)
                && limitPerMinute == t.limitPerMinute && limitBurst == t.limitBurst;
    }

    @Override
    public int hashCode() {
        return Objects.hash(retryAfter, limitPerMinute, limitBurst);
    }

    @Override
    public String toString() {
        return "Throttle{" + (retryAfter != null ? "retryAfter=" + retryAfter : "retryAfter unstated")
                + (limitPerMinute > 0 ? ", limit=" + limitPerMinute + "/min burst " + limitBurst : "") + "}";
    }
}
