package dev.fluxschnell.sdk.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InMemoryCreateRateLimiterTest {
    /** A scheduler on a fake clock: {@link #advance} runs what became due. */
    static final class FakeTime extends ScheduledThreadPoolExecutor {
        final AtomicLong now = new AtomicLong();
        final List<long[]> tasks = new ArrayList<>();
        final List<Runnable> runnables = new ArrayList<>();

        FakeTime() {
            super(1);
        }

        @Override
        public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            tasks.add(new long[] {now.get() + unit.toNanos(delay)});
            runnables.add(command);
            return null;
        }

        /** Walks time forward task by task, so a task that reschedules itself sees the time it ran at. */
        void advance(Duration d) {
            long target = now.get() + d.toNanos();
            while (true) {
                Runnable next;
                synchronized (this) {
                    int earliest = -1;
                    for (int i = 0; i < tasks.size(); i++) {
                        if (tasks.get(i)[0] <= target && (earliest < 0 || tasks.get(i)[0] < tasks.get(earliest)[0])) {
                            earliest = i;
                        }
                    }
                    if (earliest < 0) {
                        break;
                    }
                    now.set(Math.max(now.get(), tasks.remove(earliest)[0]));
                    next = runnables.remove(earliest);
                }
                next.run();
            }
            now.set(target);
        }
    }

    @Test
    void allowsAOneSecondBurst_thenPacesJustUnderTheConfiguredRate() {
        FakeTime time = new FakeTime();
        InMemoryCreateRateLimiter limiter = new InMemoryCreateRateLimiter(600, 10, false, time, time.now::get);
        List<CompletableFuture<Void>> permits = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            permits.add(limiter.acquire());
        }
        assertThat(permits.stream().filter(CompletableFuture::isDone)).hasSize(10);

        time.advance(Duration.ofMillis(100));
        assertThat(permits.stream().filter(CompletableFuture::isDone)).as("9.5/s: not yet").hasSize(10);
        time.advance(Duration.ofMillis(6));
        assertThat(permits.stream().filter(CompletableFuture::isDone)).hasSize(11);
        time.advance(Duration.ofMillis(894));
        assertThat(permits.stream().filter(CompletableFuture::isDone)).as("9.5 more in the first second").hasSize(19);
        time.advance(Duration.ofMillis(1200));
        assertThat(permits.stream().filter(CompletableFuture::isDone)).hasSize(30);
        time.shutdownNow();
    }

    @Test
    void a429PausesEveryone_halvesTheRate_andSuccessesWinItBack() {
        FakeTime time = new FakeTime();
        InMemoryCreateRateLimiter limiter = new InMemoryCreateRateLimiter(600, 10, false, time, time.now::get);
        limiter.throttled(Throttle.after(Duration.ofSeconds(3)));
        assertThat(limiter.currentRate()).isEqualTo(4.75);

        CompletableFuture<Void> p = limiter.acquire();
        time.advance(Duration.ofMillis(2900));
        assertThat(p).isNotDone();
        time.advance(Duration.ofMillis(400));
        assertThat(p).isDone();

        for (int i = 0; i < 30; i++) {
            limiter.accepted();
        }
        assertThat(limiter.currentRate()).isEqualTo(9.5);
        time.shutdownNow();
    }

    @Test
    void aBurstOf429s_halvesTheRateOnce() {
        FakeTime time = new FakeTime();
        InMemoryCreateRateLimiter limiter = new InMemoryCreateRateLimiter(6000, 100, false, time, time.now::get);
        for (int i = 0; i < 20; i++) {
            limiter.throttled(Throttle.after(Duration.ofSeconds(1)));
        }
        assertThat(limiter.currentRate()).isEqualTo(47.5);

        time.advance(Duration.ofMillis(1001));
        limiter.throttled(Throttle.after(Duration.ofSeconds(1)));
        assertThat(limiter.currentRate()).as("a new episode halves again").isCloseTo(23.75, within(0.05));
        time.shutdownNow();
    }

    @Test
    void aPauseEndsWithPacing_notWithABurstSavedUpDuringIt() {
        FakeTime time = new FakeTime();
        InMemoryCreateRateLimiter limiter = new InMemoryCreateRateLimiter(6000, 100, false, time, time.now::get);
        limiter.throttled(Throttle.after(Duration.ofSeconds(1))); // the server's burst may be far smaller than ours
        List<CompletableFuture<Void>> permits = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            permits.add(limiter.acquire());
        }
        time.advance(Duration.ofMillis(1010));
        assertThat(permits.stream().filter(CompletableFuture::isDone).count()).as("just after the pause")
                .isLessThanOrEqualTo(1);
        time.advance(Duration.ofMillis(500));
        assertThat(permits.stream().filter(CompletableFuture::isDone).count()).as("paced at the halved rate")
                .isBetween(15L, 20L);
        time.shutdownNow();
    }

    @Test
    void afterA30sStormOf429sThatStateNoLimit_theRateIsBackWithinSeconds() {
        FakeTime time = new FakeTime();
        InMemoryCreateRateLimiter limiter = new InMemoryCreateRateLimiter(600, 10, false, time, time.now::get);
        for (int t = 0; t < 27; t++) { // 30 s of 429s: each create after a pause is throttled again
            limiter.throttled(Throttle.after(Duration.ofSeconds(1)));
            time.advance(Duration.ofMillis(1100));
        }
        assertThat(limiter.currentRate()).as("deep in the storm").isLessThan(1);

        List<CompletableFuture<Void>> permits = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            permits.add(limiter.acquire());
        }
        time.advance(Duration.ofSeconds(4));
        assertThat(permits).as("10 creates within 4 s of the storm's end (not 52 s)").allMatch(CompletableFuture::isDone);
        assertThat(limiter.currentRate()).isEqualTo(9.5);
        time.shutdownNow();
    }

    @Test
    void neverHoldsAThreadWhileWaiting() throws Exception {
        ScheduledThreadPoolExecutor real = new ScheduledThreadPoolExecutor(1);
        InMemoryCreateRateLimiter limiter = new InMemoryCreateRateLimiter(60, 1, false, real, System::nanoTime);
        limiter.acquire().get(1, TimeUnit.SECONDS);
        CompletableFuture<Void> waiting = limiter.acquire();
        assertThat(waiting).isNotDone();
        assertThat(real.getQueue()).hasSize(1);
        real.shutdownNow();
    }

    @Test
    void aThrottleStatingTheLimit_isAdoptedAtOnce() {
        FakeTime time = new FakeTime();
        InMemoryCreateRateLimiter limiter = new InMemoryCreateRateLimiter(600, 10, false, time, time.now::get);
        limiter.throttled(Throttle.after(Duration.ofSeconds(5)).withLimit(6, 1));
        assertThat(limiter.currentRate()).isCloseTo(0.095, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(limiter.capacity()).isEqualTo(1);
        List<CompletableFuture<Void>> permits = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            permits.add(limiter.acquire());
        }
        time.advance(Duration.ofMillis(4_900));
        assertThat(permits.stream().filter(CompletableFuture::isDone)).isEmpty();
        time.advance(Duration.ofMillis(200));
        assertThat(permits.stream().filter(CompletableFuture::isDone)).as("one when the server's bucket refilled")
                .hasSize(1);
        time.advance(Duration.ofMillis(10_200));
        assertThat(permits.stream().filter(CompletableFuture::isDone)).as("then one per 10.5 s").hasSize(1);
        time.advance(Duration.ofMillis(400));
        assertThat(permits.stream().filter(CompletableFuture::isDone)).hasSize(2);
        for (int i = 0; i < 50; i++) {
            limiter.accepted();
        }
        assertThat(limiter.currentRate()).as("successes never exceed the stated limit").isCloseTo(0.095,
                org.assertj.core.data.Offset.offset(1e-9));
        time.shutdownNow();
    }

    @Test
    void slowStart_holdsTheBurstUntilTheSecondProbeWasSentAndHadTimeToBeAnswered() {
        FakeTime time = new FakeTime();
        InMemoryCreateRateLimiter limiter = new InMemoryCreateRateLimiter(600, 10, true, time, time.now::get);
        List<CompletableFuture<Void>> permits = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            permits.add(limiter.acquire());
        }
        assertThat(permits.stream().filter(CompletableFuture::isDone)).hasSize(2);
        time.advance(Duration.ofMillis(100));
        assertThat(permits.stream().filter(CompletableFuture::isDone)).as("the probes have not gone out yet").hasSize(2);
        limiter.createSent(Duration.ofMillis(60));
        limiter.createSent(Duration.ofMillis(60)); // a new connection took 60 ms: wait 120 ms for a 429
        time.advance(Duration.ofMillis(110));
        assertThat(permits.stream().filter(CompletableFuture::isDone)).hasSize(2);
        time.advance(Duration.ofMillis(25));
        assertThat(permits.stream().filter(CompletableFuture::isDone)).as("no 429 came: the whole burst").hasSize(10);
        time.shutdownNow();
    }

    @Test
    void slowStart_neverHoldsTheBurstLongerThanProbeMax_andEndsWithTheFirstAcceptedCreate() {
        FakeTime time = new FakeTime();
        InMemoryCreateRateLimiter limiter = new InMemoryCreateRateLimiter(600, 10, true, time, time.now::get);
        List<CompletableFuture<Void>> permits = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            permits.add(limiter.acquire());
        }
        time.advance(InMemoryCreateRateLimiter.PROBE_MAX.minusMillis(30));
        assertThat(permits.stream().filter(CompletableFuture::isDone)).hasSize(2);
        time.advance(Duration.ofMillis(40));
        assertThat(permits.stream().filter(CompletableFuture::isDone)).hasSize(5);

        InMemoryCreateRateLimiter accepted = new InMemoryCreateRateLimiter(600, 10, true, time, time.now::get);
        accepted.acquire();
        accepted.acquire();
        accepted.accepted();
        assertThat(accepted.acquire()).as("an accepted create confirms the limit").isDone();
        time.shutdownNow();
    }

    @Test
    void slowStart_aLowCreditAccountIsFoundBeforeMoreCreatesGo() {
        FakeTime time = new FakeTime();
        InMemoryCreateRateLimiter limiter = new InMemoryCreateRateLimiter(600, 10, true, time, time.now::get);
        List<CompletableFuture<Void>> permits = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            permits.add(limiter.acquire());
        }
        assertThat(permits.stream().filter(CompletableFuture::isDone)).hasSize(2);
        limiter.createSent(Duration.ofNanos(1_000_000));
        limiter.createSent(Duration.ofNanos(1_000_000));
        time.advance(Duration.ofMillis(5));
        limiter.throttled(Throttle.after(Duration.ofSeconds(10)).withLimit(6, 1)); // the 2nd create's 429
        time.advance(Duration.ofMillis(9_900));
        assertThat(permits.stream().filter(CompletableFuture::isDone)).hasSize(2);
        time.advance(Duration.ofMillis(200));
        assertThat(permits.stream().filter(CompletableFuture::isDone)).hasSize(3);
        time.advance(Duration.ofMillis(10_200));
        assertThat(permits.stream().filter(CompletableFuture::isDone)).hasSize(3);
        time.advance(Duration.ofMillis(400));
        assertThat(permits.stream().filter(CompletableFuture::isDone)).hasSize(4);
        time.shutdownNow();
    }

    @Test
    void aCanceledWait_consumesNoPermit() {
        FakeTime time = new FakeTime();
        InMemoryCreateRateLimiter limiter = new InMemoryCreateRateLimiter(60, 1, false, time, time.now::get);
        limiter.acquire();
        CompletableFuture<Void> abandoned = limiter.acquire();
        CompletableFuture<Void> next = limiter.acquire();
        abandoned.cancel(false);
        time.advance(Duration.ofMillis(1060));
        assertThat(next).as("the canceled wait left its permit to the next caller").isDone();
        time.shutdownNow();
    }
}
