package dev.fluxschnell.sdk;

import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.result.GenerationResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fluxschnell.sdk.batch.BatchJob;
import dev.fluxschnell.sdk.batch.BatchJournal;
import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.batch.FileBatchJournal;
import dev.fluxschnell.sdk.errors.QuotaExceededException;
import dev.fluxschnell.sdk.quota.Quota;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The asynchronous methods do no I/O on the caller's thread: with a quota (or journal) that takes 2 s to answer, the
 * call returns at once, and its failures — a quota refusal included — arrive through the future, never as a throw.
 */
class AsyncHonestyTest {
    static final Duration SLOW = Duration.ofSeconds(2);
    static final Duration AT_ONCE = Duration.ofSeconds(1); // half the quota's 2 s: room for a loaded machine

    @TempDir
    Path out;
    FakeReplicateServer server;

    /** A shared quota that answers after 2 s (a Redis EVAL at its timeout), recording the threads it ran on. */
    static final class SlowQuota implements Quota {
        final long limit;
        final Set<Thread> threads = ConcurrentHashMap.newKeySet();
        long used;

        SlowQuota(long limit) {
            this.limit = limit;
        }

        private void slow() {
            threads.add(Thread.currentThread());
            try {
                Thread.sleep(SLOW.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public synchronized boolean tryReserve(String subject, int images) {
            slow();
            if (used + images > limit) {
                return false;
            }
            used += images;
            return true;
        }

        @Override
        public void commit(String subject, int images) {
        }

        @Override
        public synchronized void release(String subject, int images) {
            used -= images;
        }

        @Override
        public synchronized long remaining(String subject) {
            return limit - used;
        }
    }

    @BeforeEach
    void start() {
        server = FakeReplicateServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    FluxSchnellClient client(Quota quota) {
        return server.clientBuilder().storage(LocalFileStorage.of(out)).quota(quota).build();
    }

    static <T> T timed(Supplier<T> call) {
        long t0 = System.nanoTime();
        T result = call.get();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("returned at once, not after the quota's 2 s")
                .isLessThan(AT_ONCE);
        return result;
    }

    @Test
    void generateAsync_returnsAtOnce_whileTheQuotaTakes2s_andCompletesLater() throws Exception {
        SlowQuota quota = new SlowQuota(10);
        try (FluxSchnellClient client = client(quota)) {
            CompletableFuture<GenerationResult> f = timed(() -> client.generateAsync(ImageRequest.of("a hat"), RequestOptions.subject("ann")));
            assertThat(f.get(10, TimeUnit.SECONDS).images()).hasSize(1);
            assertThat(quota.threads).as("never the caller's thread").doesNotContain(Thread.currentThread());
        }
    }

    @Test
    void aQuotaRefusal_failsTheFuture_insteadOfThrowing() {
        try (FluxSchnellClient client = client(new SlowQuota(0))) {
            CompletableFuture<GenerationResult> single = timed(() -> client.generateAsync(ImageRequest.of("a hat")));
            BatchJob batch = timed(() -> client.submitBatch(BatchRequest.builder()
                    .prompts(java.util.List.of("a", "b")).subject("bob").build()));
            CompletableFuture<String> started = timed(() -> client.startPrediction(ImageRequest.of("a hat"), RequestOptions.DEFAULT));

            assertThatThrownBy(() -> single.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(QuotaExceededException.class);
            assertThatThrownBy(() -> batch.result().get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(QuotaExceededException.class);
            assertThatThrownBy(() -> started.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(QuotaExceededException.class);
            assertThat(server.stats().totalRequests() - server.stats().modelReads())
                    .as("nothing was sent but the model's schema check").isZero();
        }
    }

    @Test
    void submitBatch_withASlowJournal_returnsAtOnce() throws Exception {
        BatchJournal file = FileBatchJournal.at(out.resolve("journal.jsonl"));
        BatchJournal slowJournal = new BatchJournal() {
            @Override
            public Map<String, Entry> load(String batchId) {
                try {
                    Thread.sleep(SLOW.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return file.load(batchId);
            }

            @Override
            public void creating(String batchId, String itemKey, Instant sentAt) {
                file.creating(batchId, itemKey, sentAt);
            }

            @Override
            public void created(String batchId, String itemKey, String predictionId) {
                file.created(batchId, itemKey, predictionId);
            }

            @Override
            public void stored(String batchId, String itemKey, GenerationResult result) {
                file.stored(batchId, itemKey, result);
            }
        };
        try (FluxSchnellClient client = server.clientBuilder().storage(LocalFileStorage.of(out)).build()) {
            BatchJob job = timed(() -> client.submitBatch(BatchRequest.builder().prompts(java.util.List.of("a", "b"))
                    .journal("slow", slowJournal).build()));
            assertThat(job.progress().total()).isEqualTo(2);
            assertThat(job.result().get(10, TimeUnit.SECONDS).succeeded()).hasSize(2);
        }
    }
}
