package dev.fluxschnell.sdk;

import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.result.GenerationResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fluxschnell.sdk.batch.BatchItem;
import dev.fluxschnell.sdk.batch.BatchJob;
import dev.fluxschnell.sdk.batch.BatchListener;
import dev.fluxschnell.sdk.batch.BatchOutcome;
import dev.fluxschnell.sdk.batch.BatchProgress;
import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.batch.BatchResult;
import dev.fluxschnell.sdk.errors.PredictionCanceledException;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import dev.fluxschnell.sdk.webhook.PredictionUpdate;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What a careless caller does: every case fails fast and clearly, or completes; nothing hangs, nothing is orphaned. */
@Timeout(60)
class CarelessUseTest {
    @TempDir
    Path out;

    FluxSchnellClient.Builder clientFor(FakeReplicateServer s) {
        return FluxSchnellClient.builder().apiToken(s.token()).baseUrl(s.baseUrl())
                .downloadHosts(List.of("127.0.0.1")).storage(LocalFileStorage.of(out));
    }

    static void await(BooleanSupplier condition, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(condition.getAsBoolean()).as("condition within " + within).isTrue();
    }

    @Test
    void everyCallAfterClose_failsAtOnce_withIllegalStateException() {
        try (FakeReplicateServer server = FakeReplicateServer.start()) {
            FluxSchnellClient client = clientFor(server).build();
            client.close();
            client.close(); // idempotent
            ImageRequest r = ImageRequest.of("x");
            BatchRequest b = BatchRequest.builder().add(r).build();
            PredictionUpdate u = PredictionUpdate.fromJson("{\"id\":\"p\",\"status\":\"succeeded\",\"output\":[]}");
            List<ThrowingCallable> calls = List.of(() -> client.generate(r), () -> client.generateAsync(r),
                    () -> client.generateBatch(b), () -> client.submitBatch(b), () -> client.startPrediction(r, RequestOptions.DEFAULT),
                    () -> client.storeOutputs(u, r), client::webhookSecret);
            for (ThrowingCallable call : calls) {
                long t0 = System.nanoTime();
                assertThatThrownBy(call).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(500));
            }
            assertThat(server.stats().createRequests()).isZero();
        }
    }

    @Test
    void tokenThatCannotBeAHeader_isRejected_withoutEchoingIt() {
        for (String token : new String[] {"r8_secret\r\nX-Evil: 1", "r8_sécret_token", "r8_secret token", "r8_\u0000x"}) {
            assertThatThrownBy(() -> FluxSchnellClient.builder().apiToken(token))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be sent in an HTTP header")
                    .hasMessageNotContaining("secret").hasMessageNotContaining("sécret");
        }
    }

    @Test
    void anHttpClientThatFollowsRedirects_isRefused() {
        for (HttpClient.Redirect policy : new HttpClient.Redirect[] {HttpClient.Redirect.ALWAYS,
            HttpClient.Redirect.NORMAL}) {
            HttpClient http = HttpClient.newBuilder().followRedirects(policy).build();
            assertThatThrownBy(() -> FluxSchnellClient.builder().httpClient(http))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Redirect.NEVER");
        }
        FluxSchnellClient.builder().httpClient(HttpClient.newBuilder().build()); // NEVER is the JDK default
    }

    @Test
    void aListenerThatThrowsAnError_doesNotStallTheBatch() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.start();
             FluxSchnellClient client = clientFor(server).build()) {
            BatchResult r = client.submitBatch(BatchRequest.builder()
                    .prompts(List.of("a", "b", "c", "d", "e"))
                    .listener(new BatchListener() {
                        @Override
                        public void succeeded(BatchItem item, BatchProgress p) {
                            throw new AssertionError("a test assertion inside the listener");
                        }

                        @Override
                        public void started(int index, String predictionId, BatchProgress p) {
                            throw new StackOverflowError("even this");
                        }
                    }).build()).result().get(20, TimeUnit.SECONDS);
            assertThat(r.succeeded()).hasSize(5);
        }
    }

    @Test
    void interruptingGenerate_cancelsItRemotely_andKeepsTheFlag() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.builder().latency(Duration.ofSeconds(30)).start();
             FluxSchnellClient client = clientFor(server).syncWait(Duration.ofSeconds(1)).build()) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicBoolean flagKept = new AtomicBoolean();
            Thread caller = new Thread(() -> {
                try {
                    client.generate(ImageRequest.of("x"));
                } catch (Throwable t) {
                    thrown.set(t);
                    flagKept.set(Thread.currentThread().isInterrupted());
                }
            });
            caller.start();
            await(() -> server.stats().polls() > 0, Duration.ofSeconds(5)); // created, answered 'starting', polling
            caller.interrupt();
            caller.join(2000);
            assertThat(caller.isAlive()).isFalse();
            assertThat(thrown.get()).isInstanceOf(PredictionCanceledException.class).hasMessageContaining("interrupted");
            assertThat(flagKept).isTrue();
            await(() -> server.stats().canceled() == 1, Duration.ofSeconds(5));
        }
    }

    @Test
    void closeWhile50CreatesAreInTheirSyncWait_completesEveryFuture_andCancelsAll50() throws Exception {
        // threads of this test's client only: a client of an earlier test may still be draining its own cancels
        java.util.Set<Thread> earlier = fluxThreads();
        try (FakeReplicateServer server = FakeReplicateServer.builder().latency(Duration.ofSeconds(30)).start()) {
            FluxSchnellClient client = clientFor(server).syncWait(Duration.ofSeconds(3)).maxPredictionsPerBatch(50)
                    .maxConcurrency(50).rateLimitPerMinute(6000).build();
            BatchJob job = client.submitBatch(BatchRequest.builder()
                    .prompts(IntStream.range(0, 50).mapToObj(i -> "p" + i).toList()).build());
            await(() -> server.stats().predictionsCreated() == 50, Duration.ofSeconds(20));

            long t0 = System.nanoTime();
            client.close();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(8));
            BatchResult r = job.result().get(1, TimeUnit.SECONDS);
            assertThat(r.items()).allSatisfy(i -> assertThat(i.outcome()).isEqualTo(BatchOutcome.CANCELED));

            // the ids arrive with the sync answers ('starting' after 3 s): each prediction is canceled then
            await(() -> server.stats().canceled() == 50, Duration.ofSeconds(10));
            assertThat(server.stats().running()).isZero();
            await(() -> earlier.containsAll(fluxThreads()), Duration.ofSeconds(10));
        }
    }

    /** The SDK's live threads. */
    private static java.util.Set<Thread> fluxThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && t.getName().startsWith("flux-"))
                .collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void generateAsyncFuture_completesEvenWhenTheClientClosesUnderIt() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.builder().latency(Duration.ofSeconds(30)).start()) {
            FluxSchnellClient client = clientFor(server).syncWait(Duration.ofSeconds(2)).build();
            CompletableFuture<GenerationResult> f = client.generateAsync(ImageRequest.of("x"));
            await(() -> server.stats().predictionsCreated() == 1, Duration.ofSeconds(5));
            client.close();
            assertThatThrownBy(() -> f.get(1, TimeUnit.SECONDS)).hasCauseInstanceOf(PredictionCanceledException.class);
            await(() -> server.stats().canceled() == 1, Duration.ofSeconds(6));
        }
    }
}
