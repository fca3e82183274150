package dev.fluxschnell.sdk.internal;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * At most {@code permits} asynchronous tasks at a time; the rest wait in order, holding no thread. Not API.
 */
final class AsyncGate {
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    private int free;

    AsyncGate(int permits) {
        this.free = permits;
    }

    /** Runs {@code task} when a permit is free; the permit is returned when the task's future completes. */
    <T> CompletableFuture<T> run(Supplier<CompletableFuture<T>> task) {
        CompletableFuture<T> out = new CompletableFuture<>();
        Runnable start = () -> {
            CompletableFuture<T> f;
            try {
                f = task.get();
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            f.whenComplete((r, e) -> {
                release();
                if (e != null) {
                    out.completeExceptionally(e);
                } else {
                    out.complete(r);
                }
            });
        };
        boolean now;
        synchronized (this) {
            now = free > 0;
            if (now) {
                free--;
            } else {
                waiting.add(start);
            }
        }
        if (now) {
            start.run();
        }
        return out;
    }

    private void release() {
        Runnable next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                free++;
            }
        }
        if (next != null) {
            next.run();
        }
    }
}
