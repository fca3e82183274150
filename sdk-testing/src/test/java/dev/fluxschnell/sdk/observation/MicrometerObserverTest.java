package dev.fluxschnell.sdk.observation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.result.GenerationResult;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.ModelRequest;
import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.batch.BatchResult;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MicrometerObserverTest {
    @TempDir
    Path dir;

    final TestObservationRegistry observations = TestObservationRegistry.create();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    FluxSchnellClient client(FakeReplicateServer server, ClientObserver observer) {
        return FluxSchnellClient.builder().apiToken(server.token()).baseUrl(server.baseUrl())
                .downloadHosts(List.of("127.0.0.1")).storage(LocalFileStorage.of(dir).withoutSidecars())
                .maxRetries(0).observer(observer).build();
    }

    @Test
    void aGenerationIsObservedWithTheGenAiNames_andCountedInTheSdksMeters() {
        try (FakeReplicateServer server = FakeReplicateServer.start();
             FluxSchnellClient client = client(server, MicrometerObserver.builder(observations)
                     .meterRegistry(meters).serverAddress(server.baseUrl()).build())) {
            GenerationResult r = client.generate(ImageRequest.builder().prompt("a red chair").numOutputs(2).build());

            TestObservationRegistryAssert.assertThat(observations)
                    .hasObservationWithNameEqualTo("gen_ai.client.operation").that()
                    .hasContextualNameEqualTo("image black-forest-labs/flux-schnell")
                    .hasLowCardinalityKeyValue("gen_ai.operation.name", "image")
                    .hasLowCardinalityKeyValue("gen_ai.provider.name", "replicate")
                    .hasLowCardinalityKeyValue("gen_ai.request.model", "black-forest-labs/flux-schnell")
                    .hasLowCardinalityKeyValue("error.type", "none")
                    .hasHighCardinalityKeyValue("gen_ai.response.id", r.predictionId())
                    .hasHighCardinalityKeyValue("server.address", "127.0.0.1")
                    .hasBeenStarted().hasBeenStopped();
            TestObservationRegistryAssert.assertThat(observations).as("a single generate is not a batch")
                    .hasNumberOfObservationsWithNameEqualTo(MicrometerObserver.BATCH, 0);
            assertThat(meters.get(MicrometerObserver.IMAGES).tag("outcome", "succeeded").counter().count())
                    .isEqualTo(2);
            assertThat(meters.get(MicrometerObserver.COST).counter().count()).isEqualTo(0.006);
            assertThat(meters.get(MicrometerObserver.RATE_LIMIT_WAIT).timer().count()).isEqualTo(1);
        }
    }

    @Test
    void aBatchIsObservedOnce_andAFailedItemCarriesItsErrorType() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.builder().failPromptsContaining("[fail]").start();
             FluxSchnellClient client = client(server, MicrometerObserver.builder(observations)
                     .meterRegistry(meters).build())) {
            BatchResult r = client.submitBatch(BatchRequest.builder().prompts(List.of("one", "two [fail]", "three")).build()).result().get(30, TimeUnit.SECONDS);

            assertThat(r.failed()).hasSize(1);
            TestObservationRegistryAssert.assertThat(observations)
                    .hasNumberOfObservationsWithNameEqualTo("gen_ai.client.operation", 3)
                    .hasAnObservationWithAKeyValue("error.type", "PredictionFailedException")
                    .hasObservationWithNameEqualTo(MicrometerObserver.BATCH).that()
                    .hasHighCardinalityKeyValue("flux.schnell.batch.items", "3")
                    .hasHighCardinalityKeyValue("flux.schnell.batch.failed", "1")
                    .hasBeenStopped();
            assertThat(meters.get(MicrometerObserver.IMAGES).tag("outcome", "succeeded").counter().count())
                    .isEqualTo(2);
            assertThat(meters.get(MicrometerObserver.IMAGES).tag("outcome", "failed").counter().count())
                    .isEqualTo(1);
        }
    }

    @Test
    void a429IsCounted() {
        try (FakeReplicateServer server = FakeReplicateServer.builder().rateLimit(60, 1).start();
             FluxSchnellClient client = FluxSchnellClient.builder().apiToken(server.token())
                     .baseUrl(server.baseUrl()).downloadHosts(List.of("127.0.0.1"))
                     .storage(LocalFileStorage.of(dir).withoutSidecars()).rateLimitPerMinute(600).rateLimitBurst(5)
                     .observer(MicrometerObserver.builder(observations).meterRegistry(meters).build()).build()) {
            client.generateBatch(BatchRequest.builder().prompts(List.of("a", "b", "c"))
                    .build());

            assertThat(server.stats().throttled()).isPositive();
            assertThat(meters.get(MicrometerObserver.THROTTLED).counter().count())
                    .isEqualTo(server.stats().throttled());
        }
    }

    @Test
    void anObserverThatThrows_neverFailsTheWork() {
        ClientObserver broken = new ClientObserver() {
            @Override
            public Generation generationStarted(ModelRequest request) {
                throw new IllegalStateException("metrics backend down");
            }

            @Override
            public Batch batchStarted(BatchRequest batch) {
                return result -> {
                    throw new OutOfMemoryError("pretend");
                };
            }

            @Override
            public void rateLimitWaited(java.time.Duration wait) {
                throw new IllegalStateException("boom");
            }
        };
        try (FakeReplicateServer server = FakeReplicateServer.start();
             FluxSchnellClient client = client(server, broken)) {
            assertThat(client.generateBatch(BatchRequest.of(List.of(ImageRequest.of("x")))).succeeded()).hasSize(1);
        }
    }
}
