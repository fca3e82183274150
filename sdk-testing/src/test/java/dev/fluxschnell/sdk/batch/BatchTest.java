package dev.fluxschnell.sdk.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fluxschnell.sdk.request.AspectRatio;
import dev.fluxschnell.sdk.Await;
import dev.fluxschnell.sdk.pricing.CostEstimate;
import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.result.GeneratedImage;
import dev.fluxschnell.sdk.result.GenerationResult;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.ModelRequest;
import dev.fluxschnell.sdk.request.Megapixels;
import dev.fluxschnell.sdk.request.OutputFormat;
import dev.fluxschnell.sdk.pricing.Pricing;
import dev.fluxschnell.sdk.errors.PredictionFailedException;
import dev.fluxschnell.sdk.errors.QuotaExceededException;
import dev.fluxschnell.sdk.quota.InMemoryQuota;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import dev.fluxschnell.sdk.testing.ServerStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BatchTest {
    @TempDir
    Path out;

    FakeReplicateServer server;
    FluxSchnellClient client;

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    FluxSchnellClient.Builder clientFor(FakeReplicateServer s) {
        return FluxSchnellClient.builder().apiToken(s.token()).baseUrl(s.baseUrl())
                .downloadHosts(List.of("127.0.0.1")).storage(LocalFileStorage.of(out))
                .retryBackoff(Duration.ofMillis(20), Duration.ofMillis(200)).maxPredictionsPerBatch(100);
    }

    static List<String> prompts(int n) {
        return IntStream.range(0, n).mapToObj(i -> "product shot " + i).toList();
    }

    /** The settings every prompt of these batches shares. */
    static java.util.function.Consumer<ImageRequest.Builder> template() {
        return r -> r.megapixels(Megapixels.QUARTER).outputFormat(OutputFormat.JPG);
    }

    BatchResult run(BatchRequest batch, boolean async) throws Exception {
        return async ? client.submitBatch(batch).result().get(30, TimeUnit.SECONDS) : client.generateBatch(batch);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void batch_runsInParallel_keepsRequestOrder_andStoresEveryImage(boolean async) throws Exception {
        server = FakeReplicateServer.builder().latency(Duration.ofSeconds(1)).jitter(Duration.ofMillis(100)).start();
        client = clientFor(server).rateLimitPerMinute(6000).build();
        BatchRequest batch = BatchRequest.builder().prompts(prompts(8), template()).maxConcurrency(8).build();

        BatchResult r = run(batch, async);

        assertThat(r.allSucceeded()).isTrue();
        assertThat(r.items()).extracting(BatchItem::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(r.items()).extracting(i -> i.request().summary()).containsExactlyElementsOf(prompts(8));
        assertThat(r.items()).allSatisfy(i -> assertThat(i.result().orElseThrow().sentPrompt())
                .hasValue(i.request().summary()));
        assertThat(r.imageCount()).isEqualTo(8);
        for (GeneratedImage img : r.images()) {
            byte[] bytes = Files.readAllBytes(Path.of(img.location()));
            assertThat(bytes).startsWith(0xFF, 0xD8); // JPEG
            assertThat(img.stored().orElseThrow().sizeBytes()).isEqualTo(bytes.length);
        }
        ServerStats stats = server.stats();
        assertThat(stats.maxInFlight()).as("predictions ran in parallel").isGreaterThanOrEqualTo(6);
        assertThat(stats.polls()).as("the sync wait covered every prediction").isZero();
        assertThat(stats.downloads()).as("the images came inline in the sync answers").isZero();
        assertThat(stats.totalRequests()).as("one HTTP request per image, and one schema check of the model")
                .isEqualTo(8 + 1);
        assertThat(stats.modelReads()).isEqualTo(1);
        assertThat(r.totalCost()).isEqualByComparingTo("0.024");
    }

    @Test
    void concurrency_neverExceedsMaxConcurrency() {
        server = FakeReplicateServer.builder().latency(Duration.ofMillis(60)).jitter(Duration.ofMillis(40)).start();
        client = clientFor(server).maxConcurrency(3).build();

        BatchResult r = client.generateBatch(BatchRequest.builder().prompts(prompts(15), template()).build());

        assertThat(r.succeeded()).hasSize(15);
        assertThat(server.stats().maxInFlight()).isBetween(2L, 3L);
    }

    @Test
    void defaultBurst_startsABatchOfTenAtOnce() {
        server = FakeReplicateServer.builder().latency(Duration.ofSeconds(2)).start();
        client = clientFor(server).build();

        client.generateBatch(BatchRequest.builder().prompts(prompts(10), template()).build());

        assertThat(server.stats().maxInFlight()).isEqualTo(10);
    }

    @Test
    void oneFailedItem_neverLosesTheOthers() {
        server = FakeReplicateServer.builder().failPromptsContaining("BROKEN").start();
        client = clientFor(server).build();
        BatchRequest batch = BatchRequest.builder().add(ImageRequest.of("fine one")).add(ImageRequest.of("BROKEN"))
                .add(ImageRequest.of("fine two")).build();

        BatchResult r = client.generateBatch(batch);

        assertThat(r.items()).extracting(BatchItem::outcome).containsExactly(BatchOutcome.SUCCEEDED,
                BatchOutcome.FAILED, BatchOutcome.SUCCEEDED);
        assertThat(r.failed().get(0).error().orElseThrow()).isInstanceOfSatisfying(PredictionFailedException.class,
                e -> assertThat(e.modelError()).hasValueSatisfying(m -> assertThat(m).contains("injected model error")));
        assertThat(r.imageCount()).isEqualTo(2);
        assertThat(r.results()).extracting(g -> g.prompt().orElseThrow()).containsExactly("fine one", "fine two");
        assertThat(r.errors()).singleElement().isSameAs(r.failed().get(0).error().orElseThrow());
        assertThat(r.totalCost()).isEqualByComparingTo("0.006");
        assertThat(client.estimateCost(batch).total()).isEqualByComparingTo("0.009");
    }

    @Test
    void rateLimitStorm_isAbsorbed_noItemSeesA429() {
        server = FakeReplicateServer.builder().rateLimit(600, 2).start();
        client = clientFor(server).rateLimitPerMinute(6000).maxRetries(8).build();

        BatchResult r = client.generateBatch(BatchRequest.builder().prompts(prompts(14), template())
                .maxConcurrency(14).build());

        assertThat(r.allSucceeded()).as(r.failed().toString()).isTrue();
        assertThat(server.stats().throttled()).as("the server did throttle").isPositive();
        assertThat(server.stats().predictionsCreated()).as("no duplicate predictions").isEqualTo(14);
    }

    @Test
    void clientSideLimiter_keepsCreatesUnderTheServerLimit() {
        server = FakeReplicateServer.builder().rateLimit(600, 10).start();
        // half the server's burst in hand keeps slack for network jitter: not a single 429
        client = clientFor(server).rateLimitPerMinute(600).rateLimitBurst(5).build();

        BatchResult r = client.generateBatch(BatchRequest.builder().prompts(prompts(30), template())
                .maxConcurrency(30).build());

        assertThat(r.allSucceeded()).isTrue();
        assertThat(server.stats().throttled()).as("the limiter paced creates itself").isZero();
    }

    @Test
    void cancelMidBatch_cancelsInFlightPredictions_andReportsTheRestCanceled() throws Exception {
        server = FakeReplicateServer.builder().latency(Duration.ofSeconds(20)).start();
        client = clientFor(server).syncWait(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50)).build();
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        BatchJob job = client.submitBatch(BatchRequest.builder().prompts(prompts(6), template()).maxConcurrency(3)
                .listener(new BatchListener() {
                    @Override
                    public void started(int index, String predictionId, BatchProgress progress) {
                        events.add("started " + index);
                    }
                }).build());
        Await.until(() -> events.size() == 3);

        job.cancel();
        BatchResult r = job.result().get(10, TimeUnit.SECONDS);

        assertThat(r.items()).extracting(BatchItem::outcome).containsOnly(BatchOutcome.CANCELED);
        Await.until(() -> server.stats().running() == 0);
        ServerStats stats = server.stats();
        assertThat(stats.predictionsCreated()).isEqualTo(3);
        assertThat(stats.cancels()).isEqualTo(3);
        assertThat(stats.canceled()).isEqualTo(3);
        assertThat(job.progress().canceled()).isEqualTo(6);
    }

    @Test
    void closingTheClient_cancelsRunningBatchesRemotely() throws Exception {
        server = FakeReplicateServer.builder().latency(Duration.ofSeconds(30)).start();
        FluxSchnellClient c = clientFor(server).syncWait(Duration.ofSeconds(1)).build();
        BatchJob a = c.submitBatch(BatchRequest.builder().prompts(prompts(3), template()).build());
        BatchJob b = c.submitBatch(BatchRequest.builder().prompts(prompts(2), template()).build());
        Await.until(() -> server.stats().predictionsCreated() == 5);

        long start = System.nanoTime();
        c.close();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
        assertThat(a.result().get(1, TimeUnit.SECONDS).withOutcome(BatchOutcome.CANCELED)).hasSize(3);
        assertThat(b.result().get(1, TimeUnit.SECONDS).withOutcome(BatchOutcome.CANCELED)).hasSize(2);
        Await.until(() -> server.stats().running() == 0);
    }

    @Test
    void quota_failsFastBeforeAnyNetworkCall() {
        server = FakeReplicateServer.start();
        InMemoryQuota quota = InMemoryQuota.perDay(5);
        client = clientFor(server).quota(quota).build();
        BatchRequest batch = BatchRequest.builder().prompts(prompts(3), template().andThen(r -> r.numOutputs(2)))
                .subject("team-a").build();

        assertThatThrownBy(() -> client.generateBatch(batch)).isInstanceOfSatisfying(QuotaExceededException.class, e -> {
            assertThat(e.requested()).isEqualTo(6);
            assertThat(e.remaining()).isEqualTo(5);
            assertThat(e.subject()).isEqualTo("team-a");
        });
        assertThat(server.stats().createRequests()).isZero();
        assertThat(quota.remaining("team-a")).isEqualTo(5);
    }

    @Test
    void quota_skipExcess_commitsSuccesses_andReleasesFailures() {
        server = FakeReplicateServer.builder().failPromptsContaining("BROKEN").start();
        InMemoryQuota quota = InMemoryQuota.perDay(4);
        client = clientFor(server).quota(quota).build();
        BatchRequest batch = BatchRequest.builder().subject("acme").quotaPolicy(QuotaPolicy.SKIP_EXCESS)
                .add(ImageRequest.of("ok")).add(ImageRequest.of("BROKEN"))
                .add(ImageRequest.builder().prompt("two").numOutputs(2).build())
                .add(ImageRequest.builder().prompt("too many").numOutputs(2).build()).build();

        BatchResult r = client.generateBatch(batch);

        assertThat(r.items()).extracting(BatchItem::outcome).containsExactly(BatchOutcome.SUCCEEDED,
                BatchOutcome.FAILED, BatchOutcome.SUCCEEDED, BatchOutcome.SKIPPED_QUOTA);
        assertThat(quota.spent("acme")).isEqualTo(3);
        assertThat(quota.remaining("acme")).as("the failed item's image was released").isEqualTo(1);
        assertThat(client.remainingQuota("acme")).hasValue(1);
        assertThat(server.stats().createRequests()).isEqualTo(3);
    }

    @Test
    void quota_isReleasedOnCancel() throws Exception {
        server = FakeReplicateServer.builder().latency(Duration.ofSeconds(20)).start();
        InMemoryQuota quota = InMemoryQuota.perDay(10);
        client = clientFor(server).quota(quota).syncWait(Duration.ofSeconds(1)).build();
        BatchJob job = client.submitBatch(BatchRequest.builder().prompts(prompts(4), template()).build());
        Await.until(() -> server.stats().predictionsCreated() == 4);
        assertThat(quota.remaining(BatchRequest.DEFAULT_SUBJECT)).isEqualTo(6);

        job.cancel();
        job.result().get(10, TimeUnit.SECONDS);

        assertThat(quota.remaining(BatchRequest.DEFAULT_SUBJECT)).isEqualTo(10);
    }

    @Test
    void listener_seesEveryTransitionExactlyOnce_andItsExceptionsNeverBreakTheBatch() {
        server = FakeReplicateServer.builder().failPromptsContaining("BROKEN").latency(Duration.ofMillis(30)).start();
        client = clientFor(server).build();
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        BatchListener listener = new BatchListener() {
            @Override
            public void queued(int index, ModelRequest request, BatchProgress progress) {
                events.add("queued " + index);
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void started(int index, String predictionId, BatchProgress progress) {
                events.add("started " + index);
            }

            @Override
            public void stored(int index, GeneratedImage image, BatchProgress progress) {
                events.add("stored " + index + "." + image.index());
            }

            @Override
            public void succeeded(BatchItem item, BatchProgress progress) {
                events.add("succeeded " + item.index());
                throw new RuntimeException("another listener bug");
            }

            @Override
            public void failed(BatchItem item, BatchProgress progress) {
                events.add("failed " + item.index() + " " + item.outcome());
            }

            @Override
            public void finished(BatchResult result) {
                events.add("finished " + result.items().size());
            }
        };
        BatchRequest batch = BatchRequest.builder().listener(listener)
                .add(ImageRequest.builder().prompt("a").numOutputs(2).build()).add(ImageRequest.of("BROKEN")).build();

        BatchResult r = client.generateBatch(batch);

        assertThat(r.succeeded()).hasSize(1);
        assertThat(events).containsExactlyInAnyOrder("queued 0", "queued 1", "started 0", "started 1", "stored 0.0",
                "stored 0.1", "succeeded 0", "failed 1 FAILED", "finished 2");
        assertThat(events.subList(0, 2)).containsExactly("queued 0", "queued 1");
        assertThat(events.get(events.size() - 1)).isEqualTo("finished 2");
        assertThat(events.indexOf("stored 0.1")).isLessThan(events.indexOf("succeeded 0"));
    }

    @Test
    void singleGenerate_isABatchOfOne_againstTheEmulator() throws Exception {
        server = FakeReplicateServer.start();
        client = clientFor(server).build();

        GenerationResult r = client.generate(ImageRequest.builder().prompt("Modern office workspace")
                .aspectRatio(AspectRatio.LANDSCAPE_16_9).outputFormat(OutputFormat.PNG).build());

        Path file = Path.of(r.images().get(0).location());
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(file.toFile());
        assertThat(img.getWidth()).isEqualTo(AspectRatio.LANDSCAPE_16_9.width(Megapixels.ONE));
        assertThat(img.getHeight()).isEqualTo(AspectRatio.LANDSCAPE_16_9.height(Megapixels.ONE));
        assertThat(r.elapsed()).isPositive();
    }

    @Test
    void estimateCost_isLocalAndExact() {
        client = FluxSchnellClient.builder().apiToken("r8_x").pricing(Pricing.DEFAULT.withPerImage(dev.fluxschnell.sdk.request.Model.FLUX_SCHNELL, "0.0035")).build();
        BatchRequest batch = BatchRequest.builder().prompts(prompts(7), r -> r.numOutputs(3)).build();

        CostEstimate e = client.estimateCost(batch);

        assertThat(e.images()).isEqualTo(21);
        assertThat(e.unitPrice()).isEqualByComparingTo("0.0035");
        assertThat(e.total()).isEqualByComparingTo("0.0735");
        assertThat(e.currency()).isEqualTo("USD");
        assertThat(client.estimateCost(ImageRequest.of("x")).total()).isEqualByComparingTo("0.0035");
    }
}
