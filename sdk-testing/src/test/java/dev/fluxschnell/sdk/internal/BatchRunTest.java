package dev.fluxschnell.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.batch.BatchItem;
import dev.fluxschnell.sdk.batch.BatchOutcome;
import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.batch.BatchResult;
import dev.fluxschnell.sdk.batch.QuotaPolicy;
import dev.fluxschnell.sdk.quota.InMemoryQuota;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batch engine on its own: concurrency bound, order of outcomes, quota skips, completion callback. */
class BatchRunTest {
    @TempDir
    Path out;

    @Test
    void boundsConcurrency_keepsOrder_skipsWhatTheQuotaCannotHold_andReportsCompletionOnce() throws Exception {
        try (FakeReplicateServer s = FakeReplicateServer.builder().latency(Duration.ofMillis(150)).start()) {
            InMemoryQuota quota = InMemoryQuota.perDay(4);
            ClientRuntime rt = ClientRuntime.start(FluxSchnellClient.builder().apiToken(s.token())
                    .baseUrl(s.baseUrl()).downloadHosts(List.of("127.0.0.1")).storage(LocalFileStorage.of(out))
                    .quota(quota).rateLimitPerMinute(6000).buildOptions(), false, System::nanoTime);
            AtomicInteger done = new AtomicInteger();
            BatchRequest batch = BatchRequest.builder()
                    .prompts(List.of("a", "b", "c", "d", "e", "f"))
                    .maxConcurrency(2).quotaPolicy(QuotaPolicy.SKIP_EXCESS).build();

            BatchResult r = BatchRun.start(rt.context(), batch, true, run -> { }, run -> done.incrementAndGet()).result()
                    .get(20, TimeUnit.SECONDS);

            assertThat(r.items()).extracting(BatchItem::index).containsExactly(0, 1, 2, 3, 4, 5);
            assertThat(r.items()).extracting(BatchItem::outcome).containsExactly(BatchOutcome.SUCCEEDED,
                    BatchOutcome.SUCCEEDED, BatchOutcome.SUCCEEDED, BatchOutcome.SUCCEEDED,
                    BatchOutcome.SKIPPED_QUOTA, BatchOutcome.SKIPPED_QUOTA);
            assertThat(s.stats().maxInFlight()).isLessThanOrEqualTo(2);
            assertThat(quota.remaining("default")).isZero();
            assertThat(done).hasValue(1);
            rt.close(List.of());
        }
    }
}
