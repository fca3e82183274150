package dev.fluxschnell.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.result.GenerationResult;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.observation.MicrometerObserver;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The auto-configured client against the emulator: observations, meters and health from real traffic. */
class FluxSchnellObservedClientTest {
    @TempDir
    Path dir;

    ApplicationContextRunner runner(FakeReplicateServer server, TestObservationRegistry observations) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FluxSchnellAutoConfiguration.class))
                .withBean(ObservationRegistry.class, () -> observations)
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("flux-schnell.api-token=" + server.token(), "flux-schnell.base-url=" + server.baseUrl(),
                        "flux-schnell.download-hosts=127.0.0.1", "flux-schnell.storage.directory=" + dir,
                        "flux-schnell.max-retries=0", "flux-schnell.health.failures-before-down=2");
    }

    @Test
    void generationsAreObserved_metered_andHealthFollowsTheTraffic() throws Exception {
        TestObservationRegistry observations = TestObservationRegistry.create();
        try (FakeReplicateServer server = FakeReplicateServer.builder().failPromptsContaining("[fail]").start()) {
            runner(server, observations).run(ctx -> {
                FluxSchnellClient client = ctx.getBean(FluxSchnellClient.class);
                GenerationResult r = client.generate(ImageRequest.of("a blue sneaker"));
                client.generateBatch(BatchRequest.builder().prompts(List.of("one", "two [fail]")).build());

                TestObservationRegistryAssert.assertThat(observations)
                        .hasNumberOfObservationsWithNameEqualTo("gen_ai.client.operation", 3)
                        .hasAnObservationWithAKeyValue("gen_ai.response.id", r.predictionId())
                        .hasNumberOfObservationsWithNameEqualTo(MicrometerObserver.BATCH, 1);
                MeterRegistry meters = ctx.getBean(MeterRegistry.class);
                assertThat(meters.get(MicrometerObserver.IMAGES).tag("outcome", "succeeded").counter().count())
                        .isEqualTo(2);
                assertThat(meters.get(MicrometerObserver.COST).counter().count()).isEqualTo(0.006);
                long requestsBefore = server.stats().totalRequests();
                Health health = ctx.getBean(FluxSchnellHealthIndicator.class).health();
                assertThat(health.getStatus()).as("a model failure is not an API failure").isEqualTo(Status.UP);
                assertThat(health.getDetails()).containsEntry("tokenConfigured", true)
                        .containsEntry("storageWritable", true).containsKey("lastSuccess");
                assertThat(server.stats().totalRequests()).as("health sends nothing").isEqualTo(requestsBefore);
            });
        }
    }

    @Test
    void checkModelsOnStart_reportsADriftedModelInTheHealth_whichSendsNothing() throws Exception {
        String flux2 = "black-forest-labs/flux-2-pro";
        try (FakeReplicateServer server = FakeReplicateServer.builder()
                .schema(flux2, FakeReplicateServer.driftedSchema(flux2)).start()) {
            runner(server, TestObservationRegistry.create()).withPropertyValues(
                    "flux-schnell.check-models-on-start=true").run(ctx -> {
                ModelSchemaStatus status = ctx.getBean(ModelSchemaStatus.class);
                long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
                while (status.reports().isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(status.reports()).hasValueSatisfying(r -> assertThat(r).hasSize(
                        dev.fluxschnell.sdk.request.ModelDescription.all().size()));
                long requestsBefore = server.stats().totalRequests();
                Health health = ctx.getBean(FluxSchnellHealthIndicator.class).health();
                assertThat(health.getDetails().get("modelSchemas")).asString().contains(flux2)
                        .contains("safety_tolerance");
                assertThat(server.stats().totalRequests()).as("health sends nothing").isEqualTo(requestsBefore);
            });
        }
    }

    @Test
    void aFluxSchnellDeployment_takesItsCreates_andNamesItsObservations() throws Exception {
        TestObservationRegistry observations = TestObservationRegistry.create();
        try (FakeReplicateServer server = FakeReplicateServer.builder().deployment("acme/flux-fast").start()) {
            runner(server, observations).withPropertyValues("flux-schnell.deployments[flux-schnell]=acme/flux-fast")
                    .run(ctx -> {
                        ctx.getBean(FluxSchnellClient.class).generate(ImageRequest.of("a grey mug"));

                        assertThat(server.stats().deploymentCreates()).isEqualTo(1);
                        TestObservationRegistryAssert.assertThat(observations)
                                .hasAnObservationWithAKeyValue("gen_ai.request.model", "acme/flux-fast");
                    });
        }
    }

    @Test
    void healthIsDown_whenTheApiFailsSeveralGenerationsInARow() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.builder().createErrorRate(1.0).start()) {
            runner(server, TestObservationRegistry.create()).run(ctx -> {
                FluxSchnellClient client = ctx.getBean(FluxSchnellClient.class);
                FluxSchnellHealthIndicator indicator = ctx.getBean(FluxSchnellHealthIndicator.class);
                catchThrowable(() -> client.generate(ImageRequest.of("a")));
                assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
                catchThrowable(() -> client.generate(ImageRequest.of("b")));
                Health health = indicator.health();
                assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                assertThat(health.getDetails()).containsEntry("apiFailuresInARow", 2).containsKey("lastApiError");
                assertThat(health.getDetails().toString()).doesNotContain(server.token());
            });
        }
    }
}
