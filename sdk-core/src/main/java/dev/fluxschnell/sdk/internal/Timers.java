package dev.fluxschnell.sdk.internal;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;

/**
 * The scheduler a client makes for itself (one daemon thread). It keeps each wait it holds — a retry's backoff, a poll's
 * interval, an answer's deadline, a throttled create's turn — until the wait has run or been canceled, so that
 * {@link #stop} can end the ones still pending: a plain {@code shutdownNow()} drops them, and every call waiting on one
 * never completes. Each wait runs exactly once or not at all (canceled); one asked for after {@code stop} is refused as
 * "the client was closed". Only {@code schedule} (and {@code execute}, which uses it) is kept so, not the periodic
 * kinds (the SDK has none). Not API.
 */
final class Timers extends ScheduledThreadPoolExecutor {
    private final Set<Wait> pending = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object(); // schedule and stop: no wait slips in between stop's two steps
    /** Completes when the timer's thread has ended, after the wait it was running, if any. */
    private final CompletableFuture<Void> threadEnded = new CompletableFuture<>();
    private boolean stopped; // guarded by lock

    Timers() {
        super(1, ClientRuntime.daemon("flux-scheduler"));
        setRemoveOnCancelPolicy(true);
    }

    /** {@inheritDoc} Kept as a wait; its future's {@code get()} gives {@code null}, not the callable's value. */
    @Override
    @SuppressWarnings("unchecked")
    public <V> ScheduledFuture<V> schedule(java.util.concurrent.Callable<V> callable, long delay, TimeUnit unit) {
        // `() -> future.complete(null)` is a Callable to the compiler: it comes here
        return (ScheduledFuture<V>) schedule(() -> {
            try {
                callable.call();
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, delay, unit);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        Wait wait = new Wait(command);
        synchronized (lock) {
            if (stopped) {
                throw new RejectedExecutionException(ClientConfig.CLOSED);
            }
            pending.add(wait);
            try {
                wait.timer = super.schedule(wait, delay, unit);
            } catch (RuntimeException e) {
                pending.remove(wait);
                throw e;
            }
        }
        return wait;
    }

    /**
     * Stops the thread, then runs each wait that had not run yet on short-lived threads of their own (not the
     * caller's: what depends on a wait runs there too). Called after the client's I/O executor has stopped, so each
     * call waiting on one fails at once as closed (nothing is sent, nothing stored). A wait canceled through the
     * executor's own queue, not through its future, still runs (the SDK never does that).
     *
     * @return completes when every pending wait has run and the timer's thread has ended
     */
    CompletableFuture<Void> stop() {
        List<Wait> left;
        synchronized (lock) {
            stopped = true;
            shutdownNow();
            left = List.copyOf(pending);
        }
        // a pool, not one thread: what depends on a wait may block on another wait's call
        java.util.concurrent.ExecutorService ends = java.util.concurrent.Executors.newCachedThreadPool(
                ClientRuntime.daemon("flux-close-waits"));
        for (Wait w : left) {
            try {
                ends.execute(w);
            } catch (RuntimeException | Error e) { // no thread could be started: here, then
                w.run();
            }
        }
        ends.shutdown();
        return CompletableFuture.allOf(left.stream().map(w -> w.outcome.exceptionally(e -> null))
                .toArray(CompletableFuture[]::new)).thenCombine(threadEnded, (a, b) -> null);
    }

    @Override
    protected void terminated() {
        super.terminated();
        threadEnded.complete(null);
    }

    /**
     * What a canceled wait's future holds: most waits (an answer's deadline, a generation's timer) end canceled. One
     * instance without a stack trace, for {@code isCancelled()} and {@link #stop}; never given to a caller.
     */
    private static final java.util.concurrent.CancellationException CANCELED = new Canceled();

    /** A wait's cancellation, without a stack trace. */
    private static final class Canceled extends java.util.concurrent.CancellationException {
        Canceled() {
            super("the wait was canceled");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    /** One wait: its command runs once (claimed by the timer's thread or by stop), unless canceled first. */
    private final class Wait implements Runnable, ScheduledFuture<Object> {
        private final Runnable command;
        private final AtomicBoolean claimed = new AtomicBoolean();
        final CompletableFuture<Object> outcome = new CompletableFuture<>(); // ran (null), failed, or canceled
        volatile ScheduledFuture<?> timer;

        Wait(Runnable command) {
            this.command = command;
        }

        private boolean claim() {
            if (!claimed.compareAndSet(false, true)) {
                return false;
            }
            pending.remove(this);
            return true;
        }

        @Override
        public void run() {
            if (claim()) {
                try {
                    command.run();
                    outcome.complete(null);
                } catch (Throwable e) { // a timer's thread goes on
                    LoggerFactory.getLogger(Timers.class).debug("a scheduled wait failed", e);
                    outcome.completeExceptionally(e);
                }
            }
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            if (!claim()) {
                return false; // it ran, or is running
            }
            outcome.completeExceptionally(CANCELED); // as cancel(), without a stack trace per canceled wait
            timer.cancel(false); // leaves the queue
            return true;
        }

        @Override
        public boolean isCancelled() {
            return outcome.isCancelled();
        }

        @Override
        public boolean isDone() {
            return outcome.isDone();
        }

        @Override
        public Object get() throws InterruptedException, ExecutionException {
            return outcome.get();
        }

        @Override
        public Object get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException,
                TimeoutException {
            return outcome.get(timeout, unit);
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return timer.getDelay(unit);
        }

        @Override
        public int compareTo(Delayed other) {
            return other == this ? 0 : Long.compare(getDelay(TimeUnit.NANOSECONDS),
                    other.getDelay(TimeUnit.NANOSECONDS));
        }
    }
}
