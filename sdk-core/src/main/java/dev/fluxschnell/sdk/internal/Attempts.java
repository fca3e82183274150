package dev.fluxschnell.sdk.internal;

import dev.failsafe.spi.Scheduler;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where Failsafe runs the attempts of the client's retried calls (creates, reads, stores). An attempt without a delay
 * — every first attempt — runs at once: on the calling thread when that is one of the client's I/O threads (an answer
 * is being handled there, e.g. its images stored), else on the I/O executor, never on the caller's own thread. A
 * delayed attempt (a retry's backoff) waits on the scheduler, then runs on the I/O executor. Failsafe's own way with a
 * {@code ScheduledExecutorService} runs every attempt on the scheduler's single thread: two thread hand-offs per image
 * more, and every inline image decoded on that one thread (bench/, scenario 3). Not API.
 */
final class Attempts implements Scheduler {
    /** Marks the threads of {@link #ioThreads}: work there may go on with an attempt without a hand-off. */
    private static final ThreadLocal<Boolean> ON_IO = new ThreadLocal<>();

    private final ClientConfig config;

    Attempts(ClientConfig config) {
        this.config = config;
    }

    /** {@return daemon threads named {@code prefix-N}, marked as the client's I/O threads} */
    static ThreadFactory ioThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(() -> {
                ON_IO.set(Boolean.TRUE);
                r.run();
            }, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public ScheduledFuture<?> schedule(Callable<?> callable, long delay, TimeUnit unit) {
        Attempt attempt = new Attempt(callable);
        if (delay > 0) {
            attempt.timer = config.scheduler().schedule(() -> config.runOnIo(attempt), delay, unit);
        } else if (ON_IO.get() != null) {
            attempt.run();
            if (attempt.isCancelled()) {
                Thread.interrupted(); // a cancel(true) meant the attempt, not what this thread does next
            }
        } else {
            config.ioExecutor().execute(attempt); // a rejection (a closed client) fails the call
        }
        return attempt;
    }

    /** One attempt: cancelled, it is no longer started, and interrupted if running ({@code cancel(true)}). */
    private static final class Attempt extends FutureTask<Object> implements ScheduledFuture<Object> {
        volatile ScheduledFuture<?> timer;

        @SuppressWarnings("unchecked")
        Attempt(Callable<?> callable) {
            super((Callable<Object>) callable);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            ScheduledFuture<?> t = timer;
            if (t != null) {
                t.cancel(false);
            }
            return super.cancel(mayInterruptIfRunning);
        }

        @Override
        public long getDelay(TimeUnit unit) {
            ScheduledFuture<?> t = timer;
            return t == null || isDone() ? 0 : Math.max(0, t.getDelay(unit));
        }

        @Override
        public int compareTo(Delayed other) {
            return other == this ? 0 : Long.compare(getDelay(TimeUnit.NANOSECONDS),
                    other.getDelay(TimeUnit.NANOSECONDS));
        }
    }
}
