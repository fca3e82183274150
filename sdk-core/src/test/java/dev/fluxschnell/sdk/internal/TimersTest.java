package dev.fluxschnell.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fluxschnell.sdk.ratelimit.InMemoryCreateRateLimiter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client's own scheduler: at stop, every wait still pending runs once, off the caller's thread. */
class TimersTest {
    final Timers timers = new Timers();

    @AfterEach
    void stop() {
        timers.shutdownNow();
    }

    @Test
    void stop_runsEachPendingWaitOnce_offTheCallersThread_andCompletesAfterThem() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        Runnable waitRan = () -> ran.add("runnable on " + Thread.currentThread().getName());
        timers.schedule(waitRan, 1, TimeUnit.HOURS);
        timers.schedule(waitRan, 2, TimeUnit.HOURS);
        // a value-returning lambda is a Callable to the compiler (ClientContext.after's `() -> f.complete(null)`)
        timers.schedule(() -> ran.add("callable on " + Thread.currentThread().getName()), 1, TimeUnit.HOURS);

        ScheduledFuture<?> last = timers.schedule(waitRan, 3, TimeUnit.HOURS);

        timers.stop().get(5, TimeUnit.SECONDS);

        assertThat(ran).hasSize(4).allSatisfy(r -> assertThat(r).contains("flux-close-waits"));
        assertThat(last.isDone()).as("its future completes too").isTrue();
        assertThat(last.isCancelled()).isFalse();
    }

    @Test
    void aCanceledWait_neverRuns_andARunWaitIsNotRunAgain() throws Exception {
        AtomicInteger canceledRuns = new AtomicInteger();
        AtomicInteger soonRuns = new AtomicInteger();
        ScheduledFuture<?> canceled = timers.schedule(canceledRuns::incrementAndGet, 1, TimeUnit.HOURS);
        CompletableFuture<Void> soonRan = new CompletableFuture<>();
        timers.schedule(() -> {
            soonRuns.incrementAndGet();
            soonRan.complete(null);
        }, 0, TimeUnit.NANOSECONDS);
        soonRan.get(5, TimeUnit.SECONDS);

        assertThat(canceled.cancel(false)).isTrue();
        assertThat(canceled.isCancelled()).isTrue();
        assertThat(timers.getQueue()).as("a canceled wait leaves the queue").isEmpty();
        timers.stop().get(5, TimeUnit.SECONDS);

        assertThat(canceledRuns).hasValue(0);
        assertThat(soonRuns).hasValue(1);
    }

    @Test
    void afterStop_aWaitIsRefused_asAClosedClient() {
        timers.stop();
        assertThatThrownBy(() -> timers.schedule(() -> {}, 1, TimeUnit.SECONDS))
                .isInstanceOf(RejectedExecutionException.class).hasMessage("the client was closed");
    }

    @Test
    void aThrottledCreateWaitingForItsTurn_failsWhenTheSchedulerStops() {
        InMemoryCreateRateLimiter limiter = new InMemoryCreateRateLimiter(1, 1, false, timers, System::nanoTime);
        assertThat(limiter.acquire()).isCompleted();
        CompletableFuture<Void> next = limiter.acquire(); // a minute away

        timers.stop();

        // its wait ran at once and looked again: the turn is still a minute away, and no wait can be scheduled
        assertThatThrownBy(() -> next.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasRootCauseMessage("the client was closed");
    }
}
