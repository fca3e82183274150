package dev.fluxschnell.sdk.ratelimit;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The limiter every create call of a client goes through: Replicate limits creates per account (600 a minute; 6 for
 * accounts with less than $5 of credit), so one limiter is shared by everything that creates on the account. The
 * built-in {@link InMemoryCreateRateLimiter} paces one client; a distributed implementation (e.g. on Redis) paces
 * several instances together.
 *
 * <p>Contract: {@link #acquire()} never blocks a thread; the SDK cancels a pending acquire whose item reached its
 * deadline or was canceled, and that must give the permit up. The signals tell the limiter what the server said:
 * {@link #throttled} on every 429 answered to a create, {@link #accepted} when a create was not throttled.
 * Implementations must be thread-safe.
 */
public interface CreateRateLimiter {
    /**
     * {@return a future completed when the caller may send one create} Canceling the future gives up the wait (no
     * permit consumed).
     */
    CompletableFuture<Void> acquire();

    /**
     * The server answered a create with 429; {@code throttle} is what it said about waiting and its limit.
     *
     * @param throttle what the 429 said about waiting and the limit
     */
    void throttled(Throttle throttle);

    /** A create went through (it was not throttled): the account's limit is confirmed. */
    void accepted();

    /**
     * A create's request went out, {@code setup} after it was handed to the HTTP client (connection set-up included:
     * a round-trip estimate). For limiters that probe an unknown limit; the default ignores it. Called on the HTTP
     * client's own thread as the request's last byte is taken (its selector thread, for a request on a new
     * connection): it must return at once, without I/O or waiting for anything.
     *
     * @param setup how long after it was handed to the HTTP client the request went out
     */
    default void createSent(Duration setup) {
    }
}
