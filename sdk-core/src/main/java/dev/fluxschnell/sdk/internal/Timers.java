package dev.fluxschnell.sdk.internal;

import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.LoggerFactory;

/**
 * The scheduler a client makes for itself (one daemon thread): its waits — a retry's backoff, a poll's interval, an
 * answer's deadline, a throttled create's turn — are kept, so that {@link #stop} can end the ones still pending at
 * once. A plain {@code shutdownNow()} drops them, and every call waiting on one never completes. A wait asked for
 * after that is refused as "the client was closed". Not API.
 */
final class Timers extends ScheduledThreadPoolExecutor {
    Timers() {
        super(1, ClientRuntime.daemon("flux-scheduler"));
        setRemoveOnCancelPolicy(true);
        setRejectedExecutionHandler((task, timers) -> {
            throw new RejectedExecutionException("the client was closed");
        });
    }

    @Override
    protected <V> RunnableScheduledFuture<V> decorateTask(Runnable command, RunnableScheduledFuture<V> task) {
        return new Wait<>(command, task);
    }

    /**
     * Stops the thread, then runs here each wait that had not come yet. Called after the client's I/O executor has
     * stopped, so each call waiting on one fails at once as closed (nothing is sent) and completes.
     */
    void stop() {
        for (Runnable r : shutdownNow()) {
            if (r instanceof Wait<?> w && !w.isCancelled()) {
                try {
                    w.command.run();
                } catch (RuntimeException e) {
                    LoggerFactory.getLogger(Timers.class).debug("a wait ended by close() failed", e);
                }
            }
        }
    }

    /** A scheduled task that remembers its command; canceled, it leaves the queue (the executor's own cannot). */
    private final class Wait<V> implements RunnableScheduledFuture<V> {
        final Runnable command;
        private final RunnableScheduledFuture<V> task;

        Wait(Runnable command, RunnableScheduledFuture<V> task) {
            this.command = command;
            this.task = task;
        }

        @Override
        public void run() {
            task.run();
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean canceled = task.cancel(mayInterruptIfRunning);
            if (canceled) {
                remove(this);
            }
            return canceled;
        }

        @Override
        public boolean isPeriodic() {
            return task.isPeriodic();
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return task.getDelay(unit);
        }

        @Override
        public int compareTo(Delayed other) {
            return other instanceof Wait<?> w ? task.compareTo(w.task) : task.compareTo(other);
        }

        @Override
        public boolean isCancelled() {
            return task.isCancelled();
        }

        @Override
        public boolean isDone() {
            return task.isDone();
        }

        @Override
        public V get() throws InterruptedException, ExecutionException {
            return task.get();
        }

        @Override
        public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
            return task.get(timeout, unit);
        }
    }
}
