package dev.fluxschnell.sdk.internal;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * An asynchronous, adaptive token bucket for create calls (Replicate limits creates per account). Waiting is
 * scheduled, never slept. Not API.
 *
 * <ul>
 *   <li>A 429 pauses every caller until its retry time. When it states the limit ("6 requests per minute with a burst
 *       of 1", as Replicate tells accounts with less than $5 of credit), the limiter adopts that limit at once;
 *       otherwise it halves its rate once per throttling episode and wins it back with each successful create.</li>
 *   <li>Slow start: while the limit is only the default guess (the user did not set one, no create has been accepted
 *       and no 429 stated one), the burst opens gradually: 2 creates, then twice as many every
 *       {@link #PROBE_WINDOW}. A throttled account answers the second create with a 429 stating its limit before
 *       more are sent, so it draws one 429 instead of one per burst slot; an ordinary account's first batch of 10
 *       starts within 3 windows.</li>
 * </ul>
 *
 * <p>Why not Failsafe's {@code RateLimiter}: its rate is fixed, and acquiring a permit in async code blocks a thread;
 * this limiter must follow what the server says and must not hold a thread per waiting prediction.
 */
public final class CreateRateLimiter {
    /** How long the slow start waits for a 429 before it doubles the creates in flight. */
    public static final Duration PROBE_WINDOW = Duration.ofMillis(75);
    private static final double MIN_RATE = 1.0 / 60; // one per minute
    private static final double PACING = 0.95;
    private final ScheduledExecutorService scheduler;
    private final LongSupplier nanoTime;
    private double maxRate;
    private double capacity;
    private double rate;
    private double tokens;
    private long last;
    private long pausedUntil;
    private boolean probing;
    private long probeStart;
    private int probeGranted;

    /**
     * A limiter allowing {@code perMinute} creates a minute, {@code burst} at once, then paced at 95% of the rate:
     * pacing a little under the server's rate leaves it slack that grows with every request, so network jitter that
     * bunches evenly spaced requests rarely turns into a 429 (and one that does is absorbed: see {@link #throttled}).
     * With {@code slowStart} (the limit is a guess), the first burst opens gradually.
     */
    public CreateRateLimiter(int perMinute, int burst, boolean slowStart, ScheduledExecutorService scheduler,
                             LongSupplier nanoTime) {
        this.maxRate = perMinute / 60.0 * PACING;
        this.rate = maxRate;
        this.capacity = Math.max(1, burst);
        this.tokens = capacity;
        this.scheduler = scheduler;
        this.nanoTime = nanoTime;
        this.last = nanoTime.getAsLong();
        this.pausedUntil = last;
        this.probing = slowStart && capacity > 2;
        this.probeStart = Long.MIN_VALUE;
    }

    /** The default burst for a rate: one second's worth, at least 1 (Replicate allows short bursts). */
    public static int defaultBurst(int perMinute) {
        return Math.max(1, perMinute / 60);
    }

    /** Completes when the caller may send one create; cancel it to give up the wait (no permit is consumed). */
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
            long probeWait = probeWait(now);
            if (now - pausedUntil < 0) {
                waitNanos = pausedUntil - now;
            } else if (probeWait > 0) {
                waitNanos = probeWait;
            } else if (tokens >= 1) {
                tokens -= 1;
                probeGranted++;
                waitNanos = 0;
            } else {
                waitNanos = (long) Math.ceil((1 - tokens) / rate * 1e9);
            }
        }
        if (waitNanos == 0) {
            if (!permit.complete(null)) {
                giveBack();
            }
        } else {
            scheduler.schedule(() -> tryAcquire(permit), waitNanos, TimeUnit.NANOSECONDS);
        }
    }

    private synchronized void giveBack() {
        tokens = Math.min(capacity, tokens + 1);
    }

    /** While slow-starting: how long until the next create may go (0: now). */
    private long probeWait(long now) {
        if (!probing) {
            return 0;
        }
        if (probeStart == Long.MIN_VALUE) {
            probeStart = now;
        }
        long window = PROBE_WINDOW.toNanos();
        long windows = (now - probeStart) / window;
        long allowed = windows >= 30 ? Long.MAX_VALUE : 2L << windows;
        if (allowed >= capacity) {
            probing = false;
            return 0;
        }
        return probeGranted < allowed ? 0 : probeStart + (windows + 1) * window - now;
    }

    /**
     * The server throttled a create: pause everyone until its retry time and adopt the limit it stated (one create may
     * go when the pause ends), or else halve the rate and pause at least one interval. The rate halves once per throttling episode: 429s arriving while already paused
     * answer requests sent before the pause, and halving for each of them would collapse the rate.
     */
    public synchronized void throttled(Duration retryAfter, OptionalInt perMinute, OptionalInt burst) {
        long now = nanoTime.getAsLong();
        probing = false;
        long pause;
        if (perMinute.isPresent()) {
            // The server stated its limit and knows when its bucket has a token again: one create may go then.
            maxRate = perMinute.getAsInt() / 60.0 * PACING;
            rate = maxRate;
            capacity = Math.max(1, burst.orElse(1));
            pause = retryAfter.isZero() ? (long) (1e9 / rate) : retryAfter.toNanos();
            tokens = Math.min(tokens, 1 - rate * (pause / 1e9));
        } else {
            if (now - pausedUntil >= 0) {
                rate = Math.max(MIN_RATE, rate / 2);
            }
            pause = Math.max(retryAfter.toNanos(), (long) (1e9 / rate));
            tokens = Math.min(tokens, 0);
        }
        if (now + pause - pausedUntil > 0) {
            pausedUntil = now + pause;
        }
    }

    /** The server throttled a create and said only how long to wait. */
    public void throttled(Duration retryAfter) {
        throttled(retryAfter, OptionalInt.empty(), OptionalInt.empty());
    }

    /** A create went through: the limit is confirmed (slow start ends); recover a little of the rate. */
    public synchronized void succeeded() {
        probing = false;
        rate = Math.min(maxRate, rate + maxRate / 20);
    }

    /** The current rate in creates per second (for tests and diagnostics). */
    public synchronized double currentRate() {
        return rate;
    }

    /** The current burst capacity (for tests and diagnostics). */
    public synchronized double capacity() {
        return capacity;
    }
}
