package dev.fluxschnell.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import dev.fluxschnell.sdk.FluxSchnellClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Where the attempts of retried calls run: never on the caller's thread nor on the scheduler's. */
class AttemptsTest {
    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "timer"));
    final ExecutorService io = Attempts.ioPool("test-io");
    final ClientConfig config = new ClientConfig(FluxSchnellClient.builder().apiToken("r8_AttemptsTest1234567890")
            .buildOptions(), null, scheduler, io);

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
        io.shutdownNow();
    }

    static String thread() {
        return Thread.currentThread().getName();
    }

    @Test
    void aFirstAttempt_runsOnAnIoThread_notOnTheCallers() throws Exception {
        CompletableFuture<String> ran = new CompletableFuture<>();
        config.attempts().schedule(() -> ran.complete(thread()), 0, TimeUnit.NANOSECONDS);
        assertThat(ran.get(5, TimeUnit.SECONDS)).startsWith("test-io-");
    }

    @Test
    void onAnIoThread_anAttemptGoesOnAtOnce_onThatThread() throws Exception {
        CompletableFuture<List<String>> threads = CompletableFuture.supplyAsync(() -> {
            List<String> seen = new CopyOnWriteArrayList<>();
            seen.add(thread());
            ScheduledFuture<?> f = config.attempts().schedule(() -> seen.add(thread()), 0, TimeUnit.NANOSECONDS);
            seen.add(f.isDone() ? "done" : "pending");
            return seen;
        }, io);
        List<String> seen = threads.get(5, TimeUnit.SECONDS);
        assertThat(seen.get(1)).isEqualTo(seen.get(0));
        assertThat(seen.get(2)).isEqualTo("done");
    }

    @Test
    void aDelayedAttempt_waitsOnTheScheduler_thenRunsOnAnIoThread() throws Exception {
        CompletableFuture<String> ran = new CompletableFuture<>();
        long t0 = System.nanoTime();
        ScheduledFuture<?> f = config.attempts().schedule(() -> ran.complete(thread()), 50, TimeUnit.MILLISECONDS);
        assertThat(f.getDelay(TimeUnit.MILLISECONDS)).isBetween(0L, 50L);
        assertThat(ran.get(5, TimeUnit.SECONDS)).startsWith("test-io-");
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
    }

    @Test
    void aCancelledDelayedAttempt_neverRuns() throws Exception {
        CompletableFuture<String> ran = new CompletableFuture<>();
        ScheduledFuture<?> f = config.attempts().schedule(() -> ran.complete(thread()), 50, TimeUnit.MILLISECONDS);
        assertThat(f.cancel(true)).isTrue();
        Thread.sleep(150);
        assertThat(ran).isNotDone();
        assertThat(f.isCancelled()).isTrue();
    }

    @Test
    void aClosedClient_failsAFirstAttempt_andStillRunsADelayedOne() throws Exception {
        CompletableFuture<String> delayed = new CompletableFuture<>();
        config.attempts().schedule(() -> delayed.complete(thread()), 50, TimeUnit.MILLISECONDS);
        io.shutdownNow();
        assertThatThrownBy(() -> config.attempts().schedule(() -> "never", 0, TimeUnit.NANOSECONDS))
                .isInstanceOf(RejectedExecutionException.class).hasMessage("the client was closed");
        assertThat(delayed.get(5, TimeUnit.SECONDS)).isEqualTo("timer"); // it runs, so its call completes
    }

    @Test
    void failsafeRetries_runOnIoThreads_andTheCallCompletes() throws Exception {
        List<String> attempts = new CopyOnWriteArrayList<>();
        RetryPolicy<String> policy = RetryPolicy.<String>builder().withMaxRetries(2).withDelay(Duration.ofMillis(10))
                .build();
        String result = Failsafe.with(policy).with(config.attempts()).getStageAsync(() -> {
            attempts.add(thread());
            return attempts.size() < 3 ? CompletableFuture.failedFuture(new IllegalStateException("again"))
                    : CompletableFuture.completedFuture("ok");
        }).get(5, TimeUnit.SECONDS);
        assertThat(result).isEqualTo("ok");
        assertThat(attempts).hasSize(3).allSatisfy(t -> assertThat(t).startsWith("test-io-"));
    }

    /**
     * A retry without a delay (a 429 with {@code Retry-After: 0}, a tiny backoff) is never run on the calling thread:
     * Failsafe schedules it holding its locks and cancels what was pending as {@code schedule} returns. Attempts that
     * fail at once or later, from one of the client's I/O threads, all run and the call completes.
     */
    @Test
    void zeroDelayRetries_fromAnIoThread_allRun_andTheCallCompletes() throws Exception {
        for (boolean failAtOnce : new boolean[] {true, false}) {
            List<String> attempts = new CopyOnWriteArrayList<>();
            RetryPolicy<String> policy = RetryPolicy.<String>builder().handle(IllegalStateException.class)
                    .withMaxRetries(3).build(); // no delay; a cancelled attempt would fail the call
            CompletableFuture<String> call = CompletableFuture.supplyAsync(() -> Failsafe.with(policy)
                    .with(config.attempts()).getStageAsync(() -> {
                        attempts.add(thread());
                        if (attempts.size() > 3) {
                            return CompletableFuture.supplyAsync(() -> "ok", io); // still out as schedule returns
                        }
                        IllegalStateException again = new IllegalStateException("again");
                        return failAtOnce ? CompletableFuture.failedFuture(again)
                                : CompletableFuture.supplyAsync(() -> {
                                    throw again;
                                }, io);
                    }), io).thenCompose(f -> f);
            assertThat(call.get(5, TimeUnit.SECONDS)).as("fail at once: " + failAtOnce).isEqualTo("ok");
            assertThat(attempts).hasSize(4).allSatisfy(t -> assertThat(t).startsWith("test-io-"));
        }
    }

    /** Another client's I/O thread is a caller's thread for this client: its attempt goes to this client's pool. */
    @Test
    void anotherClientsIoThread_handsTheAttemptOver() throws Exception {
        ExecutorService other = Attempts.ioPool("other-io");
        try {
            CompletableFuture<String> ran = new CompletableFuture<>();
            other.execute(() -> config.attempts().schedule(() -> ran.complete(thread()), 0, TimeUnit.NANOSECONDS));
            assertThat(ran.get(5, TimeUnit.SECONDS)).startsWith("test-io-");
        } finally {
            other.shutdownNow();
        }
    }
}
