package dev.fluxschnell.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.StorageOptions;
import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.cache.InMemoryResultCache;
import dev.fluxschnell.sdk.observation.MicrometerObserver;
import dev.fluxschnell.sdk.quota.InMemoryQuota;
import dev.fluxschnell.sdk.ratelimit.CreateRateLimiter;
import dev.fluxschnell.sdk.redis.RedisQuota;
import dev.fluxschnell.sdk.storage.ImageStorage;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import dev.fluxschnell.sdk.storage.firebase.FirebaseImageStorage;
import dev.fluxschnell.sdk.storage.s3.S3ImageStorage;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Every property combination and back-off of the auto-configuration, with Spring's ApplicationContextRunner. */
class FluxSchnellAutoConfigurationTest {
    @TempDir
    Path dir;

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FluxSchnellAutoConfiguration.class));

    ApplicationContextRunner withToken() {
        return runner.withPropertyValues("flux-schnell.api-token=r8_test_token_123456789",
                "flux-schnell.storage.directory=" + dir);
    }

    @Test
    void defaults_aClientWithLocalStorage_observations_andHealth_closedWithTheContext() {
        FluxSchnellClient[] seen = new FluxSchnellClient[1];
        withToken().run(ctx -> {
            assertThat(ctx).hasSingleBean(FluxSchnellClient.class).hasSingleBean(MicrometerObserver.class)
                    .hasSingleBean(FluxSchnellHealthIndicator.class).doesNotHaveBean(CreateRateLimiter.class);
            FluxSchnellClient client = ctx.getBean(FluxSchnellClient.class);
            seen[0] = client;
            assertThat(client.options().baseUrl()).isEqualTo(URI.create("https://api.replicate.com"));
            assertThat(client.storage()).isInstanceOf(LocalFileStorage.class);
            assertThat(((LocalFileStorage) client.storage()).root()).isEqualTo(dir);
            assertThat(client.remainingQuota("anyone")).isEmpty();
            assertThat(ctx.getBean(FluxSchnellHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
        });
        assertThat(seen[0]).isNotNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> seen[0].generate(ImageRequest.of("x")))
                .as("closed with the context").isInstanceOf(IllegalStateException.class);
    }

    @Test
    void requestDefaults_andPricesPerModel_reachTheRequestsAndTheClient() {
        withToken().withPropertyValues("flux-schnell.defaults.image.style=realistic",
                "flux-schnell.defaults.image.aspect-ratio=16:9", "flux-schnell.defaults.edit.model=kontext-dev",
                "flux-schnell.defaults.edit.output-format=jpg", "flux-schnell.defaults.inpaint.model=fill-dev",
                "flux-schnell.prices[black-forest-labs/flux-kontext-dev]=0.03").run(ctx -> {
                    FluxSchnellRequests requests = ctx.getBean(FluxSchnellRequests.class);
                    dev.fluxschnell.sdk.request.InputImage img = dev.fluxschnell.sdk.request.InputImage.of(java.util.Base64
                            .getDecoder().decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAA"
                                    + "MBAQDJ/pLvAAAAAElFTkSuQmCC"));
                    ImageRequest image = requests.image().prompt("shirt").build();
                    dev.fluxschnell.sdk.request.EditRequest edit = requests.edit().image(img).prompt("red").build();

                    assertThat(image.style()).isEqualTo(dev.fluxschnell.sdk.request.Style.REALISTIC);
                    assertThat(image.aspectRatio()).hasValue(dev.fluxschnell.sdk.request.AspectRatio.LANDSCAPE_16_9);
                    assertThat(image.inputs()).as("only what is configured is sent")
                            .containsOnlyKeys("prompt", "aspect_ratio");
                    assertThat(edit.model()).isEqualTo(dev.fluxschnell.sdk.request.Model.FLUX_KONTEXT_DEV);
                    assertThat(edit.outputFormat()).hasValue(dev.fluxschnell.sdk.request.OutputFormat.JPG);
                    assertThat(requests.inpaint().image(img).mask(img).prompt("x").build().model())
                            .isEqualTo(dev.fluxschnell.sdk.request.Model.FLUX_FILL_DEV);
                    assertThat(ctx.getBean(FluxSchnellClient.class).estimateCost(edit).total())
                            .isEqualByComparingTo("0.03");
                });
    }

    @Test
    void postProcessingDefaults_pinnedVersions_andPerSecondPrices() {
        String version = "a".repeat(64);
        withToken().withPropertyValues("flux-schnell.defaults.upscale.scale=2",
                "flux-schnell.defaults.remove-background.background=white",
                "flux-schnell.model-versions[nightmareai/real-esrgan]=" + version,
                "flux-schnell.prices[nightmareai/real-esrgan]=0.001").run(ctx -> {
                    FluxSchnellRequests requests = ctx.getBean(FluxSchnellRequests.class);
                    dev.fluxschnell.sdk.request.InputImage img = dev.fluxschnell.sdk.request.InputImage.of(java.util.Base64
                            .getDecoder().decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAA"
                                    + "MBAQDJ/pLvAAAAAElFTkSuQmCC"));
                    assertThat(requests.upscale().image(img).build().scale()).hasValue(2);
                    assertThat(requests.removeBackground().image(img).build().backgroundModel())
                            .isEqualTo(dev.fluxschnell.sdk.request.BackgroundModel.BACKGROUND_REMOVER);
                    var o = ctx.getBean(FluxSchnellClient.class).options();
                    assertThat(o.modelVersions()).containsEntry(dev.fluxschnell.sdk.request.Model.REAL_ESRGAN, version);
                    assertThat(o.pricing().perSecond(dev.fluxschnell.sdk.request.Model.REAL_ESRGAN))
                            .isEqualByComparingTo("0.001");
                });
        withToken().withPropertyValues("flux-schnell.pin-tested-versions=true").run(ctx ->
                assertThat(ctx.getBean(FluxSchnellClient.class).options().modelVersions())
                        .containsKeys(dev.fluxschnell.sdk.request.Model.REAL_ESRGAN, dev.fluxschnell.sdk.request.Model.BACKGROUND_REMOVER));
        withToken().withPropertyValues("flux-schnell.model-versions[black-forest-labs/flux-schnell]=" + version)
                .run(ctx -> assertThat(ctx).hasFailed().getFailure().hasStackTraceContaining("official model"));
    }

    @Test
    void unsetRequestDefaults_areNotSent_soTheModelsOwnDefaultsApply() {
        withToken().run(ctx -> {
            FluxSchnellRequests requests = ctx.getBean(FluxSchnellRequests.class);
            dev.fluxschnell.sdk.request.InputImage img = dev.fluxschnell.sdk.request.InputImage.of(java.util.Base64
                    .getDecoder().decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAA"
                            + "MBAQDJ/pLvAAAAAElFTkSuQmCC"));
            ImageRequest image = requests.image().prompt("shirt").build();
            assertThat(image.model()).isEqualTo(dev.fluxschnell.sdk.request.Model.FLUX_SCHNELL);
            assertThat(image.inputs()).containsOnlyKeys("prompt");
            assertThat(image.settings()).isEmpty();
            assertThat(image.aspectRatio()).isEmpty();
            assertThat(image.outputFormat()).isEmpty();
            assertThat(requests.edit().image(img).prompt("red").build().inputs())
                    .containsOnlyKeys("prompt", "input_image");
            assertThat(requests.inpaint().image(img).mask(img).prompt("x").build().inputs())
                    .containsOnlyKeys("prompt", "image", "mask");
            assertThat(requests.upscale().image(img).build().scale()).isEmpty();
            assertThat(requests.removeBackground().image(img).build().model())
                    .isEqualTo(dev.fluxschnell.sdk.request.Model.BRIA_REMOVE_BACKGROUND);
        });
    }

    @Test
    void modelChoices_takeTheSdksShortNames_orOwnerAndName() {
        withToken().withPropertyValues("flux-schnell.defaults.image.model=flux-dev",
                "flux-schnell.defaults.image.output-format=png",
                "flux-schnell.defaults.upscale.model=recraft-ai/recraft-crisp-upscale",
                "flux-schnell.defaults.remove-background.model=851-labs",
                "flux-schnell.model-versions[real-esrgan]=" + "b".repeat(64),
                "flux-schnell.prices[kontext-dev]=0.03", "flux-schnell.deployments.flux-dev=acme/dev").run(ctx -> {
                    FluxSchnellRequests requests = ctx.getBean(FluxSchnellRequests.class);
                    assertThat(requests.imageModel()).isEqualTo(dev.fluxschnell.sdk.request.ImageModel.FLUX_DEV);
                    ImageRequest image = requests.image().prompt("a lamp").build();
                    assertThat(image.model()).isEqualTo(dev.fluxschnell.sdk.request.Model.FLUX_DEV);
                    assertThat(image.inputs()).containsOnlyKeys("prompt", "output_format");
                    dev.fluxschnell.sdk.request.InputImage img = dev.fluxschnell.sdk.request.InputImage.of(java.util
                            .Base64.getDecoder().decode("iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAAAAACPAi4CAAAAKUlEQVR42u3MQ"
                                    + "REAAAwCIKMb3RD77SAA6VEEAoFAIBAIBAKBQCAQfA8G320AeXC6efoAAAAASUVORK5CYII="));
                    assertThat(requests.upscale().image(img).build().upscaleModel())
                            .isEqualTo(dev.fluxschnell.sdk.request.UpscaleModel.RECRAFT_CRISP);
                    var o = ctx.getBean(FluxSchnellClient.class).options();
                    assertThat(o.modelVersions()).containsEntry(dev.fluxschnell.sdk.request.Model.REAL_ESRGAN,
                            "b".repeat(64));
                    assertThat(o.pricing().perImage(dev.fluxschnell.sdk.request.Model.FLUX_KONTEXT_DEV))
                            .isEqualByComparingTo("0.03");
                    assertThat(o.deployments()).containsEntry(dev.fluxschnell.sdk.request.Model.FLUX_DEV, "acme/dev");
                });
    }

    @Test
    void badDeployments_failTheStart_namingTheProperty() {
        withToken().withPropertyValues("flux-schnell.deployments[dall-e-3]=acme/fast").run(ctx ->
                assertThat(ctx).hasFailed().getFailure().hasStackTraceContaining("flux-schnell.deployments[dall-e-3]")
                        .hasStackTraceContaining("kontext-pro"));
        withToken().withPropertyValues("flux-schnell.deployments[flux-schnell]=fast").run(ctx ->
                assertThat(ctx).hasFailed().getFailure()
                        .hasStackTraceContaining("flux-schnell.deployments[flux-schnell]: deployment must be"));
    }

    @Test
    void requestDefaultsAModelCannotTake_failTheStart_namingTheProperty() {
        withToken().withPropertyValues("flux-schnell.defaults.edit.output-format=webp").run(ctx ->
                assertThat(ctx).hasFailed().getFailure()
                        .hasStackTraceContaining("flux-schnell.defaults.edit: outputFormat must be one of jpg, png, "
                                + "was webp"));
        withToken().withPropertyValues("flux-schnell.prices[nobody]=1").run(ctx ->
                assertThat(ctx).hasFailed().getFailure().hasStackTraceContaining("flux-schnell.prices[nobody]"));
        withToken().withPropertyValues("flux-schnell.prices[flux-2-pro]=0.03").run(ctx -> assertThat(ctx).hasFailed()
                .getFailure().hasStackTraceContaining("a per-megapixel model takes 'first,extra'"));
    }

    @Test
    void everyClientPropertyReachesTheClient() {
        withToken().withPropertyValues("flux-schnell.base-url=http://127.0.0.1:9",
                "flux-schnell.deployments[flux-schnell]=acme/flux-fast",
                "flux-schnell.deployments[black-forest-labs/flux-kontext-pro]=acme/kontext",
                "flux-schnell.request-timeout=7s",
                "flux-schnell.sync-wait=20s", "flux-schnell.poll-interval=300ms", "flux-schnell.prediction-timeout=90s",
                "flux-schnell.max-retries=5", "flux-schnell.max-concurrency=4", "flux-schnell.max-predictions-per-batch=50",
                "flux-schnell.download-hosts=replicate.delivery,127.0.0.1", "flux-schnell.rate-limit.per-minute=6",
                "flux-schnell.rate-limit.burst=1", "flux-schnell.prices[flux-schnell]=0.004",
                "flux-schnell.prices[flux-2-pro]=0.025,0.0125", "flux-schnell.check-models=false").run(ctx -> {
                    var o = ctx.getBean(FluxSchnellClient.class).options();
                    assertThat(o.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:9"));
                    assertThat(o.deployments()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(
                            dev.fluxschnell.sdk.request.Model.FLUX_SCHNELL, "acme/flux-fast",
                            dev.fluxschnell.sdk.request.Model.FLUX_KONTEXT_PRO, "acme/kontext"));
                    assertThat(o.requestTimeout()).isEqualTo(Duration.ofSeconds(7));
                    assertThat(o.syncWait()).isEqualTo(Duration.ofSeconds(20));
                    assertThat(o.pollInterval()).isEqualTo(Duration.ofMillis(300));
                    assertThat(o.predictionTimeout()).isEqualTo(Duration.ofSeconds(90));
                    assertThat(o.maxRetries()).isEqualTo(5);
                    assertThat(o.maxConcurrency()).isEqualTo(4);
                    assertThat(o.maxPredictionsPerBatch()).isEqualTo(50);
                    assertThat(o.downloadHosts()).containsExactly("replicate.delivery", "127.0.0.1");
                    assertThat(o.rateLimitPerMinute()).isEqualTo(6);
                    assertThat(o.rateLimitBurst()).isEqualTo(1);
                    assertThat(o.pricing().perImage(dev.fluxschnell.sdk.request.Model.FLUX_SCHNELL))
                            .isEqualByComparingTo("0.004");
                    assertThat(o.pricing().perMegapixel(dev.fluxschnell.sdk.request.Model.FLUX_2_PRO).extra())
                            .isEqualByComparingTo("0.0125");
                    assertThat(o.checkModels()).isFalse();
                });
    }

    @Test
    void theTokenComesFromReplicateApiToken_whenThePropertyIsUnset() {
        runner.withPropertyValues("REPLICATE_API_TOKEN=r8_from_the_environment_1234")
                .run(ctx -> assertThat(ctx.getBean(FluxSchnellClient.class).options().apiToken())
                        .isEqualTo("r8_from_the_environment_1234"));
    }

    @Test
    void theBaseUrlFallsBackToReplicateBaseUrl_andThePropertyWins() {
        runner.withPropertyValues("flux-schnell.api-token=r8_from_properties_123456",
                "REPLICATE_BASE_URL=https://gw.example.com").run(ctx -> assertThat(ctx.getBean(FluxSchnellClient.class)
                        .options().baseUrl()).hasToString("https://gw.example.com"));
        runner.withPropertyValues("flux-schnell.api-token=r8_from_properties_123456",
                "flux-schnell.base-url=https://own.example.com", "REPLICATE_BASE_URL=https://gw.example.com")
                .run(ctx -> assertThat(ctx.getBean(FluxSchnellClient.class).options().baseUrl())
                        .hasToString("https://own.example.com"));
    }

    @Test
    void noToken_failsAtStartup_sayingWhatToSet() {
        runner.run(ctx -> assertThat(ctx).hasFailed().getFailure().rootCause()
                .hasMessageContaining("flux-schnell.api-token").hasMessageContaining("REPLICATE_API_TOKEN"));
    }

    @Test
    void backsOff_whenTheAppDefinesItsOwnClientOrStorage() {
        withToken().withBean("myClient", FluxSchnellClient.class,
                () -> FluxSchnellClient.builder().apiToken("r8_mine_123456789").build())
                .run(ctx -> assertThat(ctx).hasSingleBean(FluxSchnellClient.class).hasBean("myClient"));
        LocalFileStorage mine = LocalFileStorage.of(dir.resolve("mine"));
        withToken().withBean(ImageStorage.class, () -> mine)
                .run(ctx -> assertThat(ctx.getBean(FluxSchnellClient.class).storage()).isSameAs(mine));
    }

    @Test
    void customizersRunAfterTheProperties() {
        withToken().withPropertyValues("flux-schnell.max-retries=5")
                .withBean(FluxSchnellClientCustomizer.class, () -> b -> b.maxRetries(1))
                .run(ctx -> assertThat(ctx.getBean(FluxSchnellClient.class).options().maxRetries()).isEqualTo(1));
    }

    @Test
    void s3Storage_usesTheAppsS3Client() {
        ApplicationContextRunner s3 = withToken().withBean(S3Client.class, () -> S3Client.builder()
                .region(Region.US_EAST_1).credentialsProvider(AnonymousCredentialsProvider.create()).build());
        s3.withPropertyValues("flux-schnell.storage.type=s3", "flux-schnell.storage.bucket=campaigns",
                "flux-schnell.storage.prefix=spring/2026").run(ctx -> assertThat(ctx.getBean(FluxSchnellClient.class)
                        .storage()).isInstanceOf(S3ImageStorage.class));
        s3.withPropertyValues("flux-schnell.storage.type=s3").run(ctx -> assertThat(ctx).hasFailed().getFailure()
                .rootCause().hasMessageContaining("flux-schnell.storage.bucket is required"));
        withToken().withPropertyValues("flux-schnell.storage.type=s3", "flux-schnell.storage.bucket=b")
                .run(ctx -> assertThat(ctx).hasFailed());
        withToken().withClassLoader(new FilteredClassLoader(S3ImageStorage.class))
                .withPropertyValues("flux-schnell.storage.type=s3", "flux-schnell.storage.bucket=b")
                .run(ctx -> assertThat(ctx).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("flux-schnell-sdk-storage-s3"));
    }

    @Test
    void firebaseStorage_usesTheAppsStorage() {
        withToken().withBean(com.google.cloud.storage.Storage.class, () -> StorageOptions.newBuilder()
                        .setProjectId("demo").setHost("http://127.0.0.1:9").setCredentials(NoCredentials.getInstance())
                        .build().getService())
                .withPropertyValues("flux-schnell.storage.type=firebase", "flux-schnell.storage.bucket=demo.appspot.com")
                .run(ctx -> assertThat(ctx.getBean(FluxSchnellClient.class).storage())
                        .isInstanceOf(FirebaseImageStorage.class));
    }

    @Test
    void quotaAndResultCache_inMemory() {
        withToken().withPropertyValues("flux-schnell.quota.limit=25", "flux-schnell.quota.window=hour",
                "flux-schnell.result-cache.enabled=true").run(ctx -> {
                    assertThat(ctx).hasSingleBean(InMemoryQuota.class).hasSingleBean(InMemoryResultCache.class);
                    FluxSchnellClient client = ctx.getBean(FluxSchnellClient.class);
                    assertThat(client.remainingQuota("alice")).hasValue(25);
                    assertThat(client.options().resultCache()).containsInstanceOf(InMemoryResultCache.class);
                });
    }

    @Test
    void withoutSdkRedis_theQuotaStaysInMemory() {
        withToken().withClassLoader(new FilteredClassLoader(RedisQuota.class))
                .withPropertyValues("flux-schnell.quota.limit=10")
                .run(ctx -> assertThat(ctx).hasSingleBean(InMemoryQuota.class));
    }

    @Test
    void observationsAndHealthCanBeTurnedOff() {
        withToken().withPropertyValues("flux-schnell.observations.enabled=false",
                "management.health.flux-schnell.enabled=false").run(ctx -> assertThat(ctx)
                        .doesNotHaveBean(MicrometerObserver.class).doesNotHaveBean(FluxSchnellHealthIndicator.class));
    }

    @Test
    void withoutMicrometerCore_observationsStillWork_andWithoutBootHealth_noIndicator() {
        withToken().withClassLoader(new FilteredClassLoader("io.micrometer.core.",
                        "org.springframework.boot.health."))
                .run(ctx -> assertThat(ctx).hasNotFailed().hasSingleBean(MicrometerObserver.class)
                        .doesNotHaveBean(FluxSchnellHealthIndicator.class));
    }

    @Test
    void propertyMetadataIsGenerated_soIdesCompleteEveryProperty() throws Exception {
        String metadata;
        try (var in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            metadata = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertThat(metadata).contains("\"flux-schnell.api-token\"", "\"flux-schnell.storage.type\"",
                "\"flux-schnell.quota.limit\"", "\"flux-schnell.rate-limit.shared\"",
                "\"flux-schnell.observations.enabled\"", "\"management.health.flux-schnell.enabled\"",
                "REPLICATE_API_TOKEN");
    }
}
