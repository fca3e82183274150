package dev.fluxschnell.sdk.observation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.result.GenerationResult;
import dev.fluxschnell.sdk.errors.FluxSchnellIOException;
import dev.fluxschnell.sdk.errors.InvalidRequestException;
import dev.fluxschnell.sdk.errors.PredictionCanceledException;
import dev.fluxschnell.sdk.errors.PredictionFailedException;
import dev.fluxschnell.sdk.errors.PredictionTimeoutException;
import dev.fluxschnell.sdk.errors.QuotaExceededException;
import dev.fluxschnell.sdk.errors.ServerException;
import dev.fluxschnell.sdk.errors.StepFailedException;
import dev.fluxschnell.sdk.errors.StorageException;
import dev.fluxschnell.sdk.request.AspectRatio;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.Step;
import dev.fluxschnell.sdk.request.Style;
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
            assertThat(meters.get(MicrometerObserver.IMAGES).tags("outcome", "failed", "cause", "model_error")
                    .counter().count()).isEqualTo(1);
        }
    }

    @Test
    void imagesAndCostAreTaggedByModelStyleRatioAndStep_withValuesFromClosedSetsOnly() {
        try (FakeReplicateServer server = FakeReplicateServer.start();
             FluxSchnellClient client = client(server, MicrometerObserver.builder(observations)
                     .meterRegistry(meters).build())) {
            GenerationResult piped = client.generate(ImageRequest.builder().prompt("a red chair")
                    .style(Style.REALISTIC).aspectRatio(AspectRatio.LANDSCAPE_16_9).build().then(Step.upscale(2)));
            GenerationResult plain = client.generate(ImageRequest.of("a green lamp"));

            assertThat(meters.get(MicrometerObserver.IMAGES).tags("gen_ai.request.model",
                    "black-forest-labs/flux-schnell", "style", "realistic", "aspect_ratio", "16:9", "step", "generate",
                    "outcome", "succeeded", "cause", "none").counter().count()).isEqualTo(1);
            assertThat(meters.get(MicrometerObserver.IMAGES).tags("gen_ai.request.model", "nightmareai/real-esrgan",
                    "style", "default", "aspect_ratio", "default", "step", "upscale").counter().count()).isEqualTo(1);
            assertThat(meters.get(MicrometerObserver.IMAGES).tags("style", "default", "aspect_ratio", "default",
                    "step", "generate").counter().count()).as("unset: default").isEqualTo(1);
            assertThat(meters.get(MicrometerObserver.COST).tags("step", "generate").counters().stream()
                    .mapToDouble(io.micrometer.core.instrument.Counter::count).sum()).isEqualTo(0.006);
            assertThat(meters.get(MicrometerObserver.COST).tag("step", "upscale").counter().count()).isPositive();
            List<String> unbounded = List.of("red chair", "green lamp", piped.predictionId(), plain.predictionId());
            meters.getMeters().forEach(m -> m.getId().getTags().forEach(t -> assertThat(unbounded)
                    .as("%s tag %s", m.getId().getName(), t.getKey()).noneMatch(t.getValue()::contains)));
        }
    }

    @Test
    void aFailureIsCountedUnderOneOfAFewCauses() {
        assertThat(java.util.stream.Stream.of(
                new PredictionCanceledException("stop", "p1"),
                new PredictionTimeoutException("p1", java.time.Duration.ofMinutes(1)),
                new PredictionFailedException("p1", "NSFW"),
                new StorageException("disk full", "p1", null),
                new QuotaExceededException("alice", 4, 0),
                new InvalidRequestException(422, "Invalid", "bad input", null, List.of()),
                new ServerException(502, "Bad Gateway", "", null),
                new FluxSchnellIOException("reset", null, null),
                new StepFailedException(1, 2, "upscale 2×", List.of(), java.math.BigDecimal.ZERO,
                        new PredictionFailedException("p2", "OOM")),
                new IllegalStateException("a bug")).map(SdkMeters::cause))
                .containsExactly("canceled", "timeout", "model_error", "storage", "quota", "invalid_request",
                        "server_error", "network", "model_error", "other");
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
