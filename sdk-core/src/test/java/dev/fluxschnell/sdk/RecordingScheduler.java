package dev.fluxschnell.sdk;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** A scheduler that records every requested delay and runs it {@code speedup} times sooner, so tests never wait. */
final class RecordingScheduler extends ScheduledThreadPoolExecutor {
    private final long speedup;
    private final long start = System.nanoTime();
    final List<Duration> delays = new CopyOnWriteArrayList<>();

    /** Time as this scheduler sees it: real time, {@code speedup} times faster. */
    long nanoTime() {
        return (System.nanoTime() - start) * speedup;
    }

    RecordingScheduler(long speedup) {
        super(2, r -> {
            Thread t = new Thread(r, "test-scheduler");
            t.setDaemon(true);
            return t;
        });
        this.speedup = speedup;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        delays.add(Duration.ofNanos(unit.toNanos(delay)));
        return super.schedule(command, unit.toNanos(delay) / speedup, TimeUnit.NANOSECONDS);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        delays.add(Duration.ofNanos(unit.toNanos(delay)));
        return super.schedule(callable, unit.toNanos(delay) / speedup, TimeUnit.NANOSECONDS);
    }
}
