package dev.fluxschnell.sdk.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * An asynchronous, adaptive token bucket for create calls (Replicate limits creates per account). Waiting is
 * scheduled, never slept. A 429 pauses every caller until its {@code Retry-After} passed and halves the rate; each
 * successful create wins back a twentieth of the configured rate. Not API.
 *
 * <p>Why not Failsafe's {@code RateLimiter}: its rate is fixed, and acquiring a permit in async code blocks a thread;
 * this limiter must slow down when the server says so and must not hold a thread per waiting prediction.
 */
public final class CreateRateLimiter {
    private static final double MIN_RATE = 1.0 / 60; // one per minute
    private static final double PACING = 0.95;
    private final double maxRate;
    private final double capacity;
    private final ScheduledExecutorService scheduler;
    private final LongSupplier nanoTime;
    private double rate;
    private double tokens;
    private long last;
    private long pausedUntil;

    /**
     * A limiter allowing {@code perMinute} creates a minute, {@code burst} at once, then paced at 95% of the rate:
     * pacing a little under the server's rate leaves it slack that grows with every request, so network jitter that
     * bunches evenly spaced requests rarely turns into a 429 (and one that does is absorbed: see {@link #throttled}).
     */
    public CreateRateLimiter(int perMinute, int burst, ScheduledExecutorService scheduler, LongSupplier nanoTime) {
        this.maxRate = perMinute / 60.0 * PACING;
        this.rate = maxRate;
        this.capacity = Math.max(1, burst);
        this.tokens = capacity;
        this.scheduler = scheduler;
        this.nanoTime = nanoTime;
        this.last = nanoTime.getAsLong();
        this.pausedUntil = last;
    }

    /** The default burst for a rate: one second's worth, at least 1 (Replicate allows short bursts). */
    public static int defaultBurst(int perMinute) {
        return Math.max(1, perMinute / 60);
    }

    /** Completes when the caller may send one create. */
    public CompletableFuture<Void> acquire() {
        CompletableFuture<Void> permit = new CompletableFuture<>();
        tryAcquire(permit);
        return permit;
    }

    private void tryAcquire(CompletableFuture<Void> permit) {
        if (permit.isDone()) {
            return;
        }
        long waitNanos;
        synchronized (this) {
            long now = nanoTime.getAsLong();
            tokens = Math.min(capacity, tokens + (now - last) / 1e9 * rate);
            last = now;
            if (now - pausedUntil < 0) {
                waitNanos = pausedUntil - now;
            } else if (tokens >= 1) {
                tokens -= 1;
                waitNanos = 0;
            } else {
                waitNanos = (long) Math.ceil((1 - tokens) / rate * 1e9);
            }
        }
        if (waitNanos == 0) {
            permit.complete(null);
        } else {
            scheduler.schedule(() -> tryAcquire(permit), waitNanos, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * The server throttled a create: pause everyone for {@code retryAfter} (at least one interval) and slow down. The
     * rate halves once per throttling episode: 429s arriving while already paused answer requests sent before the
     * pause, and halving for each of them would collapse the rate.
     */
    public synchronized void throttled(Duration retryAfter) {
        long now = nanoTime.getAsLong();
        if (now - pausedUntil >= 0) {
            rate = Math.max(MIN_RATE, rate / 2);
        }
        long pause = Math.max(retryAfter.toNanos(), (long) (1e9 / rate));
        if (now + pause - pausedUntil > 0) {
            pausedUntil = now + pause;
        }
        tokens = Math.min(tokens, 0);
    }

    /** A create went through: recover a little of the configured rate. */
    public synchronized void succeeded() {
        rate = Math.min(maxRate, rate + maxRate / 20);
    }

    /** The current rate in creates per second (for tests and diagnostics). */
    public synchronized double currentRate() {
        return rate;
    }
}
