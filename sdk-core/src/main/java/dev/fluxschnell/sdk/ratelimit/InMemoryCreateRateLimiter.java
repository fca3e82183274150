package dev.fluxschnell.sdk.ratelimit;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The built-in {@link CreateRateLimiter}: an asynchronous, adaptive token bucket for one client's create calls.
 * Waiting is scheduled on the given scheduler, never slept.
 *
 * <ul>
 *   <li>A 429 pauses every caller until its retry time. When it states the limit ("6 requests per minute with a burst
 *       of 1", as Replicate tells accounts with less than $5 of credit), the limiter adopts that limit at once;
 *       otherwise it halves its rate once per throttling episode, and wins the configured rate back by itself within
 *       {@link #RECOVERY} of the end of the last pause (and a little with each successful create): after a storm of
 *       429s the rate is back within seconds, not minutes.</li>
 *   <li>Slow start: while the limit is only the default guess (the user did not set one, no create has been accepted
 *       and no 429 stated one), 2 creates go first and the rest of the burst waits until the second of them has been
 *       sent and had time to be answered: {@link #PROBE_WINDOW}, or twice its connection set-up time if longer (a
 *       round-trip estimate), after its request went out. A throttled account answers it with a 429 stating the
 *       limit, at once (a successful sync create is answered only when its image is done), so it draws one 429
 *       instead of one per burst slot; an ordinary account's first batch starts about one round trip later. Never
 *       more than {@link #PROBE_MAX} after the first permit.</li>
 * </ul>
 *
 * <p>Why not Failsafe's {@code RateLimiter}: its rate is fixed, and acquiring a permit in async code blocks a thread;
 * this limiter must follow what the server says and must not hold a thread per waiting prediction.
 */
public final class InMemoryCreateRateLimiter implements CreateRateLimiter {
    /** How long after the probe create went out the slow start waits for its 429, at least. */
    public static final Duration PROBE_WINDOW = Duration.ofMillis(75);
    /** The longest the slow start holds the burst back. */
    public static final Duration PROBE_MAX = Duration.ofSeconds(1);
    /** How long after the last 429's pause ends the rate takes to climb back to the configured one. */
    public static final Duration RECOVERY = Duration.ofSeconds(2);
    /** While recovering, how often a waiting permit looks again (the rate rises meanwhile). */
    private static final long RECOVERY_RECHECK = 100_000_000L;
    private static final int PROBES = 2;
    private static final long PROBE_RECHECK = 25_000_000L;
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
    private int probesSent;
    private long probeOpenAt;

    /**
     * A limiter allowing {@code perMinute} creates a minute, {@code burst} at once, then paced at 95% of the rate:
     * pacing a little under the server's rate leaves it slack that grows with every request, so network jitter that
     * bunches evenly spaced requests rarely turns into a 429 (and one that does is absorbed: see {@link #throttled}).
     * With {@code slowStart} (the limit is a guess), the first burst opens gradually.
     *
     * @param perMinute creates allowed a minute
     * @param burst creates allowed at once
     * @param slowStart whether the limit is only a guess, so the first burst opens gradually
     * @param scheduler where waits are scheduled
     * @param nanoTime the time source, in nanoseconds
     */
    public InMemoryCreateRateLimiter(int perMinute, int burst, boolean slowStart, ScheduledExecutorService scheduler,
                                     LongSupplier nanoTime) {
        this.maxRate = perMinute / 60.0 * PACING;
        this.rate = maxRate;
        this.capacity = Math.max(1, burst);
        this.tokens = capacity;
        this.scheduler = scheduler;
        this.nanoTime = nanoTime;
        this.last = nanoTime.getAsLong();
        this.pausedUntil = last;
        this.probing = slowStart && capacity > PROBES;
        this.probeStart = Long.MIN_VALUE;
        this.probeOpenAt = Long.MIN_VALUE;
    }

    /**
     * {@return the default burst for a rate: one second's worth, at least 1 (Replicate allows short bursts)}
     *
     * @param perMinute creates allowed a minute
     */
    public static int defaultBurst(int perMinute) {
        return Math.max(1, perMinute / 60);
    }

    /**
     * {@return a limiter for {@code perMinute} creates a minute, {@code burst} at once, waiting on {@code scheduler};
     * it slow-starts while {@code perMinute} is only a guess ({@code slowStart})}
     *
     * @param perMinute creates allowed a minute
     * @param burst creates allowed at once
     * @param slowStart whether the limit is only a guess, so the first burst opens gradually
     * @param scheduler where waits are scheduled
     */
    public static InMemoryCreateRateLimiter create(int perMinute, int burst, boolean slowStart,
                                                   ScheduledExecutorService scheduler) {
        return new InMemoryCreateRateLimiter(perMinute, burst, slowStart, scheduler, System::nanoTime);
    }

    @Override
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
            double r = rateAt(now);
            // nothing accrues during a pause: it ends with one create (or none), then pacing, not with a full burst
            // that a server with a smaller burst than ours would throttle again at once
            long from = last - pausedUntil < 0 ? pausedUntil : last;
            if (now - from > 0) {
                tokens = Math.min(capacity, tokens + (now - from) / 1e9 * r);
            }
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
                waitNanos = (long) Math.ceil((1 - tokens) / r * 1e9);
                if (r < maxRate) { // recovering: the rate rises while we wait, so look again soon
                    waitNanos = Math.min(waitNanos, RECOVERY_RECHECK);
                }
            }
        }
        if (waitNanos == 0) {
            if (!permit.complete(null)) {
                giveBack();
            }
        } else {
            try {
                scheduler.schedule(() -> tryAcquire(permit), waitNanos, TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) { // the scheduler stopped: a closed client
                permit.completeExceptionally(e);
            }
        }
    }

    /**
     * The rate at {@code now}: after a halving, it climbs back linearly to the configured rate within
     * {@link #RECOVERY} of the end of the pause (the server asked for that pause; once it is over without a new 429,
     * the reason for the lower rate is gone).
     */
    private double rateAt(long now) {
        if (rate >= maxRate) {
            return maxRate;
        }
        long since = now - pausedUntil;
        if (since <= 0) {
            return rate;
        }
        double recovered = Math.min(1, since / (double) RECOVERY.toNanos());
        if (recovered >= 1) {
            rate = maxRate;
            return rate;
        }
        return rate + (maxRate - rate) * recovered;
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
        if (probeGranted < PROBES) {
            return 0;
        }
        long open = probeOpenAt != Long.MIN_VALUE ? probeOpenAt : probeStart + PROBE_MAX.toNanos();
        open = Math.min(open, probeStart + PROBE_MAX.toNanos());
        if (now - open >= 0) {
            probing = false;
            return 0;
        }
        // until the probe has gone out its opening time is unknown: look again shortly
        return probeOpenAt == Long.MIN_VALUE ? Math.min(PROBE_RECHECK, open - now) : open - now;
    }

    /** While slow-starting, the second probe's send time (plus twice its set-up time) sets when the burst opens. */
    @Override
    public synchronized void createSent(Duration setup) {
        if (!probing || ++probesSent != PROBES) {
            return;
        }
        long now = nanoTime.getAsLong();
        probeOpenAt = now + Math.max(PROBE_WINDOW.toNanos(), 2 * setup.toNanos());
    }

    /**
     * The server throttled a create: pause everyone until its retry time and adopt the limit it stated (one create may
     * go when the pause ends), or else halve the rate and pause at least one interval. The rate halves once per
     * throttling episode: 429s arriving while already paused answer requests sent before the pause, and halving for
     * each of them would collapse the rate.
     */
    @Override
    public synchronized void throttled(Throttle throttle) {
        Duration retryAfter = throttle.retryAfter().orElse(Duration.ZERO);
        OptionalInt perMinute = throttle.limitPerMinute();
        OptionalInt burst = throttle.limitBurst();
        long now = nanoTime.getAsLong();
        probing = false;
        long pause;
        if (perMinute.isPresent()) {
            // The server stated its limit and knows when its bucket has a token again: one create may go then.
            maxRate = perMinute.getAsInt() / 60.0 * PACING;
            rate = maxRate;
            capacity = Math.max(1, burst.orElse(1));
            pause = retryAfter.isZero() ? (long) (1e9 / rate) : retryAfter.toNanos();
            tokens = Math.min(tokens, 1);
        } else {
            if (now - pausedUntil >= 0) {
                rate = Math.max(MIN_RATE, rateAt(now) / 2);
            }
            pause = Math.max(retryAfter.toNanos(), (long) (1e9 / Math.max(rate, maxRate / 2)));
            tokens = Math.min(tokens, 0);
        }
        if (now + pause - pausedUntil > 0) {
            pausedUntil = now + pause;
        }
    }

    /** A create went through: the limit is confirmed (slow start ends); recover a little of the rate. */
    @Override
    public synchronized void accepted() {
        probing = false;
        rate = Math.min(maxRate, rateAt(nanoTime.getAsLong()) + maxRate / 20);
    }

    /** {@return the current rate in creates per second (for tests and diagnostics)} */
    public synchronized double currentRate() {
        return rateAt(nanoTime.getAsLong());
    }

    /** {@return the current burst capacity (for tests and diagnostics)} */
    public synchronized double capacity() {
        return capacity;
    }
}
