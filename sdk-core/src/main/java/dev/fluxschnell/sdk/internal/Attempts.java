package dev.fluxschnell.sdk.internal;

import dev.failsafe.spi.Scheduler;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Where Failsafe runs the attempts of one retried call of the client (a create, a read, an image's store). The first
 * attempt runs at once: on the calling thread when that is one of this client's I/O threads (an answer is being
 * handled there, e.g. its images stored), else on the I/O executor, never on a caller's own thread. A retry runs on
 * the I/O executor, after its backoff waited on the scheduler (inline on the thread that ends the wait when the
 * executor has stopped — the scheduler's, or a {@code flux-close-waits} thread of {@code Timers.stop()} — so that its
 * call still completes). Never a retry on the calling thread: Failsafe schedules retries while it
 * holds its execution's locks and cancels what was pending as {@code schedule} returns. Failsafe's own way with a
 * {@code ScheduledExecutorService} runs every attempt on the scheduler's single thread: two thread hand-offs per image
 * more, and every inline image decoded on that one thread (bench/, scenario 3). One instance per call. Not API.
 */
final class Attempts implements Scheduler {
    /** The I/O executor whose thread this is (see {@link #ioPool}): its client's work may go on there. */
    private static final ThreadLocal<Executor> ON_IO = new ThreadLocal<>();

    private final ClientConfig config;
    private volatile boolean started; // Failsafe asks for the first attempt once, on the calling thread

    Attempts(ClientConfig config) {
        this.config = config;
    }

    /**
     * {@return a cached pool of daemon threads named {@code prefix-N}, each marked as a thread of that pool: the I/O
     * executor of one client}
     *
     * @param prefix the threads' name prefix
     */
    static ExecutorService ioPool(String prefix) {
        ThreadPoolExecutor pool = (ThreadPoolExecutor) Executors.newCachedThreadPool();
        ThreadFactory daemons = ClientRuntime.daemon(prefix);
        pool.setThreadFactory(r -> daemons.newThread(() -> {
            ON_IO.set(pool);
            r.run();
        }));
        return pool;
    }

    @Override
    public ScheduledFuture<?> schedule(Callable<?> callable, long delay, TimeUnit unit) {
        Attempt attempt = new Attempt(callable);
        boolean first = !started;
        started = true;
        if (delay > 0) {
            attempt.timer = config.scheduler().schedule(() -> config.runOnIo(attempt), delay, unit);
        } else if (first && ON_IO.get() == config.ioExecutor()) {
            attempt.run(); // Failsafe registers its cancel only after this returns: nothing interrupts it
        } else {
            try {
                config.ioExecutor().execute(attempt);
            } catch (RejectedExecutionException e) { // Failsafe fails the call with it
                throw new RejectedExecutionException(ClientConfig.CLOSED, e);
            }
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
