package dev.fluxschnell.sdk.quota;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A thread-safe in-process quota: at most {@code limit} images per subject per fixed window (e.g. per UTC day).
 * Reserved and spent images both count against the window they were reserved in; state is lost on restart. Memory
 * holds only the subjects seen in the current window: older windows are dropped as soon as a new one begins, and
 * reading a subject's remaining images stores nothing.
 */
public final class InMemoryQuota implements Quota {
    private final long limit;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Usage> usage = new HashMap<>();
    private long lastWindow = Long.MIN_VALUE;

    /**
     * A quota of {@code limit} images per subject per {@code window}, windows aligned to the epoch (UTC).
     *
     * @param limit the most images per subject per window, not negative
     * @param window the length of a window, positive
     * @param clock the clock that tells the current window
     */
    public InMemoryQuota(long limit, Duration window, Clock clock) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, was " + limit);
        }
        Objects.requireNonNull(window, "window must not be null");
        if (window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
        this.limit = limit;
        this.window = window;
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
    }

    /**
     * {@return a quota of {@code limit} images per subject per UTC day}
     *
     * @param limit the most images per subject per window, not negative
     */
    public static InMemoryQuota perDay(long limit) {
        return new InMemoryQuota(limit, Duration.ofDays(1), Clock.systemUTC());
    }

    @Override
    public synchronized boolean tryReserve(String subject, int images) {
        Usage u = current(subject);
        if (u.reserved + u.spent + images > limit) {
            return false;
        }
        u.reserved += images;
        return true;
    }

    @Override
    public synchronized void commit(String subject, int images) {
        Usage u = current(subject);
        int n = (int) Math.min(images, u.reserved);
        u.reserved -= n;
        u.spent += images;
    }

    @Override
    public synchronized void release(String subject, int images) {
        Usage u = current(subject);
        u.reserved = Math.max(0, u.reserved - images);
    }

    @Override
    public synchronized long remaining(String subject) {
        Usage u = peek(subject);
        return u == null ? limit : Math.max(0, limit - u.reserved - u.spent);
    }

    /**
     * {@return the images spent by {@code subject} in the current window}
     *
     * @param subject whose images: the quota key
     */
    public synchronized long spent(String subject) {
        Usage u = peek(subject);
        return u == null ? 0 : u.spent;
    }

    /** The subject's usage in the current window, or null: nothing is stored. */
    private Usage peek(String subject) {
        long windowIndex = windowNow();
        Usage u = usage.get(subject);
        return u != null && u.window == windowIndex ? u : null;
    }

    private Usage current(String subject) {
        long windowIndex = windowNow();
        Usage u = usage.get(subject);
        if (u == null || u.window != windowIndex) {
            u = new Usage(windowIndex);
            usage.put(subject, u);
        }
        return u;
    }

    /** The current window's index; when a new window began, the older ones' usage is dropped. */
    private long windowNow() {
        long windowIndex = Math.floorDiv(clock.instant().toEpochMilli(), window.toMillis());
        if (windowIndex > lastWindow) {
            lastWindow = windowIndex;
            usage.values().removeIf(u -> u.window < windowIndex);
        }
        return windowIndex;
    }

    @Override
    public String toString() {
        return "InMemoryQuota{limit=" + limit + " per " + window + ", at " + Instant.now(clock) + "}";
    }

    private static final class Usage {
        final long window;
        long reserved;
        long spent;

        Usage(long window) {
            this.window = window;
        }
    }
}
