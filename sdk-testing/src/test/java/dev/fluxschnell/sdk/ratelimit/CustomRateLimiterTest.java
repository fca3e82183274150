package dev.fluxschnell.sdk.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.batch.BatchResult;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A limiter plugged in through the public SPI gets every create and every signal, exactly as the built-in one. */
class CustomRateLimiterTest {
    @TempDir
    Path out;

    /** Records the signals and delegates to the built-in limiter. */
    static final class Recording implements CreateRateLimiter {
        final CreateRateLimiter delegate;
        final AtomicInteger acquired = new AtomicInteger();
        final AtomicInteger accepted = new AtomicInteger();
        final List<Throttle> throttles = new CopyOnWriteArrayList<>();

        Recording(CreateRateLimiter delegate) {
            this.delegate = delegate;
        }

        @Override
        public CompletableFuture<Void> acquire() {
            acquired.incrementAndGet();
            return delegate.acquire();
        }

        @Override
        public void throttled(Throttle throttle) {
            throttles.add(throttle);
            delegate.throttled(throttle);
        }

        @Override
        public void accepted() {
            accepted.incrementAndGet();
            delegate.accepted();
        }
    }

    @Test
    void aPluggedInLimiter_pacesEveryCreate_andHearsEvery429() {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        // the server allows 60/min with a burst of 1; the limiter is told 600/min, so the server corrects it
        Recording limiter = new Recording(InMemoryCreateRateLimiter.create(600, 10, false, scheduler));
        try (FakeReplicateServer server = FakeReplicateServer.builder().rateLimit(60, 1).start();
             FluxSchnellClient client = FluxSchnellClient.builder().apiToken(server.token()).baseUrl(server.baseUrl())
                     .downloadHosts(List.of("127.0.0.1")).storage(LocalFileStorage.of(out)).rateLimiter(limiter)
                     .build()) {
            BatchResult r = client.generateBatch(BatchRequest.builder().prompts(List.of("a", "b", "c")).build());

            assertThat(r.succeeded()).hasSize(3);
            assertThat(limiter.acquired.get()).as("one permit per create sent").isEqualTo(
                    (int) server.stats().createRequests());
            assertThat(limiter.accepted.get()).isEqualTo(3);
            assertThat(limiter.throttles).hasSize((int) server.stats().throttled()).isNotEmpty()
                    .allSatisfy(t -> assertThat(t.retryAfter()).hasValueSatisfying(d ->
                            assertThat(d).isBetween(Duration.ofMillis(1), Duration.ofSeconds(1))));
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void aPluggedInLimiter_andBuiltInLimits_conflict() {
        CreateRateLimiter any = InMemoryCreateRateLimiter.create(6, 1, false,
                Executors.newSingleThreadScheduledExecutor());
        assertThatThrownBy(() -> FluxSchnellClient.builder().apiToken("r8_x").rateLimiter(any).rateLimitPerMinute(6)
                .build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("conflict");
    }
}
