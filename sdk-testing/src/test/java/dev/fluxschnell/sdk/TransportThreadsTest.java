package dev.fluxschnell.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.batch.BatchResult;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transport hands each answer to a pooled thread of the client's (docs/design.md, "The transport"): a batch starts
 * about as many threads as it has calls in flight, not one per answer. The JDK's {@code sendAsync} completes its future
 * on {@code CompletableFuture}'s default executor, a new thread per task where the common pool's parallelism is below 2
 * (2-core machines, this test's CI); there, an SDK on {@code sendAsync} starts at least one thread per image.
 */
class TransportThreadsTest {
    @TempDir
    Path out;

    @Test
    void aBatchOf200_startsAboutAsManyThreadsAsItHasCallsInFlight_notOnePerAnswer() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (FakeReplicateServer server = FakeReplicateServer.builder().labelImages(false).start();
             FluxSchnellClient client = server.clientBuilder().storage(LocalFileStorage.of(out))
                     .maxConcurrency(8).rateLimitPerMinute(60_000).build()) {
            client.generateBatch(batch("warm-up", 10)); // the client's own threads, the HTTP client's, the emulator's
            long before = threads.getTotalStartedThreadCount();

            BatchResult r = client.generateBatch(batch("catalogue", 200));

            long started = threads.getTotalStartedThreadCount() - before;
            assertThat(r.succeeded()).hasSize(200);
            assertThat(started).as("threads started for 200 images, 8 in flight (common pool parallelism %d)",
                    ForkJoinPool.getCommonPoolParallelism()).isLessThan(100);
        }
    }

    private static BatchRequest batch(String prefix, int n) {
        return BatchRequest.builder().prompts(IntStream.range(0, n).mapToObj(i -> prefix + " " + i).toList()).build();
    }
}
