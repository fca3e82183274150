package dev.fluxschnell.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.result.GeneratedImage;
import dev.fluxschnell.sdk.result.GenerationResult;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.errors.PredictionCanceledException;
import dev.fluxschnell.sdk.errors.PredictionTimeoutException;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One prediction's pipeline on its own, driven directly (no batch engine), against the emulator. */
class GenerationTest {
    @TempDir
    Path out;

    ClientRuntime runtime(FakeReplicateServer s, FluxSchnellClient.Builder b) {
        return ClientRuntime.start(b.apiToken(s.token()).baseUrl(s.baseUrl()).downloadHosts(List.of("127.0.0.1"))
                .storage(LocalFileStorage.of(out)).buildOptions(), false, System::nanoTime);
    }

    @Test
    void aFinishedSyncAnswer_isStoredWithoutPolling_andEventsArriveInOrder() throws Exception {
        try (FakeReplicateServer s = FakeReplicateServer.builder().latency(Duration.ofMillis(50)).start()) {
            ClientRuntime rt = runtime(s, FluxSchnellClient.builder());
            List<String> events = new CopyOnWriteArrayList<>();
            Generation g = Generation.start(rt.context(), ImageRequest.builder().prompt("x").numOutputs(2).build(),
                    new Generation.Events() {
                        @Override
                        public void started(String predictionId) {
                            events.add("started");
                        }

                        @Override
                        public void stored(GeneratedImage image) {
                            events.add("stored");
                        }
                    });
            GenerationResult r = g.result().get(10, TimeUnit.SECONDS);
            assertThat(r.images()).hasSize(2);
            assertThat(r.seed()).isPresent();
            assertThat(events).containsExactly("started", "stored", "stored");
            assertThat(s.stats().totalRequests() - s.stats().modelReads()).as("one create").isEqualTo(1);
            rt.close(List.of());
        }
    }

    @Test
    void aPredictionThatOutlivesTheSyncWait_isPolled_thenCanceledAtItsDeadline() throws Exception {
        try (FakeReplicateServer s = FakeReplicateServer.builder().latency(Duration.ofSeconds(30)).start()) {
            ClientRuntime rt = runtime(s, FluxSchnellClient.builder().syncWait(Duration.ofSeconds(1))
                    .pollInterval(Duration.ofMillis(100)).predictionTimeout(Duration.ofSeconds(4)));
            Generation g = Generation.start(rt.context(), ImageRequest.of("x"), new Generation.Events() {});
            assertThatThrownBy(() -> g.result().get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(PredictionTimeoutException.class);
            assertThat(s.stats().polls()).isPositive();
            dev.fluxschnell.sdk.Await.until(() -> s.stats().canceled() == 1);
            rt.close(List.of());
        }
    }

    @Test
    void cancelBeforeTheCreateAnswers_cancelsRemotelyWhenTheIdArrives() throws Exception {
        try (FakeReplicateServer s = FakeReplicateServer.builder().latency(Duration.ofSeconds(30)).start()) {
            ClientRuntime rt = runtime(s, FluxSchnellClient.builder().syncWait(Duration.ofSeconds(1)));
            Generation g = Generation.start(rt.context(), ImageRequest.of("x"), new Generation.Events() {});
            dev.fluxschnell.sdk.Await.until(() -> s.stats().predictionsCreated() == 1);
            g.cancel();
            assertThatThrownBy(() -> g.result().get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(PredictionCanceledException.class);
            dev.fluxschnell.sdk.Await.until(() -> s.stats().canceled() == 1);
            rt.close(List.of());
        }
    }
}
