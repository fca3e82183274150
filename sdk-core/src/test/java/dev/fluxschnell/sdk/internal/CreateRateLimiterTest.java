package dev.fluxschnell.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CreateRateLimiterTest {
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
        CreateRateLimiter limiter = new CreateRateLimiter(600, 10, time, time.now::get);
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
        CreateRateLimiter limiter = new CreateRateLimiter(600, 10, time, time.now::get);
        limiter.throttled(Duration.ofSeconds(3));
        assertThat(limiter.currentRate()).isEqualTo(4.75);

        CompletableFuture<Void> p = limiter.acquire();
        time.advance(Duration.ofMillis(2900));
        assertThat(p).isNotDone();
        time.advance(Duration.ofMillis(400));
        assertThat(p).isDone();

        for (int i = 0; i < 30; i++) {
            limiter.succeeded();
        }
        assertThat(limiter.currentRate()).isEqualTo(9.5);
        time.shutdownNow();
    }

    @Test
    void aBurstOf429s_halvesTheRateOnce() {
        FakeTime time = new FakeTime();
        CreateRateLimiter limiter = new CreateRateLimiter(6000, 100, time, time.now::get);
        for (int i = 0; i < 20; i++) {
            limiter.throttled(Duration.ofSeconds(1));
        }
        assertThat(limiter.currentRate()).isEqualTo(47.5);

        time.advance(Duration.ofMillis(1001));
        limiter.throttled(Duration.ofSeconds(1));
        assertThat(limiter.currentRate()).as("a new episode halves again").isEqualTo(23.75);
        time.shutdownNow();
    }

    @Test
    void neverHoldsAThreadWhileWaiting() throws Exception {
        ScheduledThreadPoolExecutor real = new ScheduledThreadPoolExecutor(1);
        CreateRateLimiter limiter = new CreateRateLimiter(60, 1, real, System::nanoTime);
        limiter.acquire().get(1, TimeUnit.SECONDS);
        CompletableFuture<Void> waiting = limiter.acquire();
        assertThat(waiting).isNotDone();
        assertThat(real.getQueue()).hasSize(1);
        real.shutdownNow();
    }
}
