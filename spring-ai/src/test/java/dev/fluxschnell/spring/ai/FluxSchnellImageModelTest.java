package dev.fluxschnell.spring.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fluxschnell.sdk.request.AspectRatio;
import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.request.Megapixels;
import dev.fluxschnell.sdk.errors.AuthenticationException;
import dev.fluxschnell.sdk.errors.PredictionFailedException;
import dev.fluxschnell.sdk.errors.ServerException;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import dev.fluxschnell.spring.boot.FluxSchnellAutoConfiguration;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.image.ImageGeneration;
import org.springframework.ai.image.ImageMessage;
import org.springframework.ai.image.ImageModel;
import org.springframework.ai.image.ImageOptions;
import org.springframework.ai.image.ImageOptionsBuilder;
import org.springframework.ai.image.ImagePrompt;
import org.springframework.ai.image.ImageResponse;
import org.springframework.ai.retry.NonTransientAiException;
import org.springframework.ai.retry.TransientAiException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Spring AI's {@link ImageModel} API, auto-configured on the starter's client, against the emulator. */
class FluxSchnellImageModelTest {
    @TempDir
    Path dir;

    ApplicationContextRunner runner(FakeReplicateServer server, String... properties) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FluxSchnellAutoConfiguration.class,
                        FluxSchnellImageAutoConfiguration.class))
                .withPropertyValues("flux-schnell.api-token=" + server.token(), "flux-schnell.base-url=" + server.baseUrl(),
                        "flux-schnell.download-hosts=127.0.0.1", "flux-schnell.storage.directory=" + dir,
                        "flux-schnell.max-retries=0")
                .withPropertyValues(properties);
    }

    static ImageResponse call(org.springframework.context.ApplicationContext ctx, String prompt, ImageOptions options) {
        return ctx.getBean(ImageModel.class).call(new ImagePrompt(prompt, options));
    }

    static JsonNode input(FakeReplicateServer server, String promptStart) {
        return server.createdInputs().stream().filter(i -> i.path("prompt").asText().startsWith(promptStart))
                .findFirst().orElseThrow();
    }

    @Test
    void call_inAnApplicationContext_storesTheImage_andAnswersWithItsLocation_onTheStartersOneClient() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.start()) {
            runner(server).run(ctx -> {
                assertThat(ctx).hasSingleBean(FluxSchnellClient.class).hasSingleBean(ImageModel.class)
                        .getBean(ImageModel.class).isInstanceOf(FluxSchnellImageModel.class);

                ImageResponse r = call(ctx, "a red sneaker on white",
                        ImageOptionsBuilder.builder().width(1792).height(1024).build());

                assertThat(r.getResults()).hasSize(1);
                ImageGeneration g = r.getResult();
                URI url = URI.create(g.getOutput().getUrl());
                assertThat(url.getScheme()).isEqualTo("file");
                assertThat(Path.of(url)).startsWith(dir).exists();
                assertThat(g.getOutput().getB64Json()).isNull();
                FluxSchnellImageGenerationMetadata meta = (FluxSchnellImageGenerationMetadata) g.getMetadata();
                assertThat(meta.predictionId()).isNotBlank();
                assertThat(meta.seed()).isPresent();
                assertThat(meta.contentType()).isEqualTo("image/webp");
                assertThat(meta.cached()).isFalse();
                FluxSchnellImageResponseMetadata rm = (FluxSchnellImageResponseMetadata) r.getMetadata();
                assertThat(rm.getPredictionIds()).containsExactly(meta.predictionId());
                assertThat(rm.getCost()).isEqualByComparingTo("0.003");
                assertThat(rm.getFailures()).isEmpty();
                assertThat(r.getMetadata().<Object>get(FluxSchnellImageResponseMetadata.MODEL))
                        .isEqualTo("black-forest-labs/flux-schnell");

                JsonNode input = server.createdInputs().get(0);
                assertThat(input.path("aspect_ratio").asText()).isEqualTo("16:9");
                assertThat(input.path("megapixels").asText()).isEqualTo("1");
                assertThat(input.path("num_outputs").asInt()).isEqualTo(1);
                assertThat(input.path("prompt").asText()).isEqualTo("a red sneaker on white");
            });
        }
    }

    @Test
    void nOfSix_runsAsABatchOfTwoPredictions_andReturnsSixImages() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.start()) {
            runner(server).run(ctx -> {
                ImageResponse r = call(ctx, "product shot, blue mug", ImageOptionsBuilder.builder().n(6).build());

                assertThat(r.getResults()).hasSize(6).allSatisfy(g -> assertThat(Path.of(URI.create(
                        g.getOutput().getUrl()))).exists());
                assertThat(r.getResults()).extracting(g -> g.getOutput().getUrl()).doesNotHaveDuplicates();
                FluxSchnellImageResponseMetadata rm = (FluxSchnellImageResponseMetadata) r.getMetadata();
                assertThat(rm.getPredictionIds()).hasSize(2).doesNotHaveDuplicates();
                assertThat(rm.getCost()).isEqualByComparingTo("0.018");
                assertThat(server.createdInputs()).extracting(i -> i.path("num_outputs").asInt())
                        .containsExactlyInAnyOrder(4, 2);
            });
        }
    }

    @Test
    void b64Json_returnsTheStoredBytes() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.start()) {
            runner(server).run(ctx -> {
                ImageResponse r = call(ctx, "a lamp", ImageOptionsBuilder.builder().responseFormat("b64_json").build());

                byte[] bytes = Base64.getDecoder().decode(r.getResult().getOutput().getB64Json());
                assertThat(r.getResult().getOutput().getUrl()).isNull();
                FluxSchnellImageGenerationMetadata meta = (FluxSchnellImageGenerationMetadata) r.getResult()
                        .getMetadata();
                assertThat(bytes).isEqualTo(Files.readAllBytes(Path.of(meta.location())));
                assertThat(new String(Arrays.copyOfRange(bytes, 8, 12))).isEqualTo("WEBP");
            });
        }
    }

    @Test
    void fluxOptions_andPropertyDefaults_reachTheModel_andThePromptsSizeReplacesTheDefaultSize() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.start()) {
            runner(server, "spring.ai.flux-schnell.image.aspect-ratio=9:16",
                    "spring.ai.flux-schnell.image.output-format=png", "spring.ai.flux-schnell.image.style=realistic")
                    .run(ctx -> {
                        call(ctx, "a chair", FluxSchnellImageOptions.builder().seed(42L).goFast(false).numInferenceSteps(3)
                                .outputQuality(80).megapixels(Megapixels.QUARTER).build());
                        call(ctx, "a table", FluxSchnellImageOptions.builder().style("3d").build());

                        JsonNode first = input(server, "a chair");
                        assertThat(first.path("seed").asLong()).isEqualTo(42);
                        assertThat(first.path("go_fast").asBoolean()).isFalse();
                        assertThat(first.path("num_inference_steps").asInt()).isEqualTo(3);
                        assertThat(first.path("output_quality").asInt()).isEqualTo(80);
                        assertThat(first.path("output_format").asText()).isEqualTo("png");
                        assertThat(first.path("megapixels").asText()).isEqualTo("0.25");
                        assertThat(first.has("aspect_ratio")).as("size taken as a whole: the model's own ratio")
                                .isFalse();
                        assertThat(first.path("prompt").asText()).startsWith("a chair, photorealistic");
                        JsonNode second = input(server, "a table");
                        assertThat(second.path("aspect_ratio").asText()).isEqualTo("9:16");
                        assertThat(second.path("prompt").asText()).startsWith("a table, 3D render");
                    });
        }
    }

    @Test
    void unsetOptions_areNotSent_soTheModelsOwnDefaultsApply() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.start()) {
            runner(server).run(ctx -> {
                ImageResponse r = call(ctx, "a plain mug", ImageOptionsBuilder.builder().build());

                assertThat(r.getResults()).hasSize(1);
                List<String> sent = new java.util.ArrayList<>();
                server.createdInputs().get(0).fieldNames().forEachRemaining(sent::add);
                assertThat(sent).containsExactlyInAnyOrder("prompt", "num_outputs");
            });
        }
    }

    @Test
    void theModelOption_takesTheSdksShortNames_andFluxDevRunsOnItsOwnRanges() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.start()) {
            runner(server, "spring.ai.flux-schnell.image.model=flux-dev").run(ctx -> {
                ImageResponse r = call(ctx, "a copper kettle", FluxSchnellImageOptions.builder().numInferenceSteps(28)
                        .build());
                assertThat(r.getMetadata().<Object>get(FluxSchnellImageResponseMetadata.MODEL))
                        .isEqualTo("black-forest-labs/flux-dev");
                assertThat(server.createdInputs("black-forest-labs/flux-dev")).singleElement()
                        .satisfies(in -> assertThat(in.path("num_inference_steps").asInt()).isEqualTo(28));

                call(ctx, "a tin kettle", ImageOptionsBuilder.builder().model("black-forest-labs/flux-schnell")
                        .build());
                assertThat(server.createdInputs("black-forest-labs/flux-schnell")).hasSize(1);
            });
            runner(server, "spring.ai.flux-schnell.image.model=kontext-pro").run(ctx ->
                    assertThat(ctx).hasFailed().getFailure().rootCause().hasMessageContaining("kontext-pro"));
        }
    }

    @Test
    void flux2Pro_takesWidthAndHeight_asAnExactCustomSize() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.start()) {
            runner(server, "spring.ai.flux-schnell.image.model=flux-2-pro",
                    "spring.ai.flux-schnell.image.resolution=2 MP").run(ctx -> {
                ImageResponse r = call(ctx, "a leather satchel", FluxSchnellImageOptions.builder().width(1440)
                        .height(832).safetyTolerance(3).seed(9L).build());

                assertThat(r.getResults()).hasSize(1);
                assertThat(r.getMetadata().<Object>get(FluxSchnellImageResponseMetadata.MODEL))
                        .isEqualTo("black-forest-labs/flux-2-pro");
                JsonNode in = server.createdInputs("black-forest-labs/flux-2-pro").get(0);
                assertThat(in.path("aspect_ratio").asText()).isEqualTo("custom");
                assertThat(in.path("width").asInt()).isEqualTo(1440);
                assertThat(in.path("height").asInt()).isEqualTo(832);
                assertThat(in.path("safety_tolerance").asInt()).isEqualTo(3);
                assertThat(in.path("seed").asLong()).isEqualTo(9);
                assertThat(in.has("megapixels")).isFalse();
                assertThat(in.has("num_outputs")).as("FLUX.2 makes one image per prediction").isFalse();
                assertThat(in.has("resolution")).as("the size is taken as a whole: the default resolution yields")
                        .isFalse();

                call(ctx, "a canvas satchel", ImageOptionsBuilder.builder().build());
                assertThat(input(server, "a canvas satchel").path("resolution").asText()).isEqualTo("2 MP");
            });
        }
    }

    @Test
    void everyTextToImageModel_runs_byItsShortName_withItsOwnOptions() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.start()) {
            runner(server).run(ctx -> {
                for (dev.fluxschnell.sdk.request.ImageModel m : dev.fluxschnell.sdk.request.ImageModel.values()) {
                    ImageResponse r = call(ctx, "a globe on " + m.value(), ImageOptionsBuilder.builder()
                            .model(m.value()).width(1024).height(1024).build());
                    assertThat(r.getResults()).as(m.value()).hasSize(1);
                    assertThat(server.createdInputs(m.model().toString())).as(m.value()).hasSize(1);
                }
                call(ctx, "a raw portrait", FluxSchnellImageOptions.builder().model("flux-1.1-pro-ultra").raw(true)
                        .aspectRatio(AspectRatio.PORTRAIT_4_5).build());
                JsonNode ultra = input(server, "a raw portrait");
                assertThat(ultra.path("raw").asBoolean()).isTrue();
                assertThat(ultra.path("aspect_ratio").asText()).isEqualTo("4:5");
                call(ctx, "a big vase", FluxSchnellImageOptions.builder().model("black-forest-labs/flux-2-max")
                        .resolution(dev.fluxschnell.sdk.request.Resolution.MP_2).build());
                assertThat(input(server, "a big vase").path("resolution").asText()).isEqualTo("2 MP");
                call(ctx, "a klein cup", FluxSchnellImageOptions.builder().model("flux-2-klein-4b")
                        .resolution(dev.fluxschnell.sdk.request.Resolution.MP_0_5).width(1792).height(1024).build());
                JsonNode klein = input(server, "a klein cup");
                assertThat(klein.path("aspect_ratio").asText()).as("Klein takes no custom size: the nearest ratio")
                        .isEqualTo("16:9");
                assertThat(klein.path("output_megapixels").asText()).isEqualTo("0.5");
            });
        }
    }

    @Test
    void nOfTwo_onFlux2Pro_runsTwoPredictionsOfOneImage_andReturnsTwoImages() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.start()) {
            runner(server).run(ctx -> {
                ImageResponse r = call(ctx, "a ceramic lamp", FluxSchnellImageOptions.builder().model("flux-2-pro")
                        .n(2).seed(20L).build());

                assertThat(r.getResults()).hasSize(2);
                assertThat(r.getResults()).extracting(g -> g.getOutput().getUrl()).doesNotHaveDuplicates();
                FluxSchnellImageResponseMetadata rm = (FluxSchnellImageResponseMetadata) r.getMetadata();
                assertThat(rm.getPredictionIds()).hasSize(2).doesNotHaveDuplicates();
                assertThat(rm.getFailures()).isEmpty();
                assertThat(server.createdInputs("black-forest-labs/flux-2-pro")).hasSize(2)
                        .allSatisfy(in -> assertThat(in.has("num_outputs")).isFalse())
                        .extracting(in -> in.path("seed").asLong()).containsExactlyInAnyOrder(20L, 21L);

                ImageResponse random = call(ctx, "a glass lamp", ImageOptionsBuilder.builder().model("flux-2-pro")
                        .n(2).build());
                assertThat(random.getResults()).as("no seed: two predictions all the same").hasSize(2);
            });
        }
    }

    @Test
    void anOptionTheModelDoesNotTake_isRefusedNamingTheModel_beforeAnythingIsSent() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.start()) {
            runner(server, "spring.ai.flux-schnell.image.model=flux-2-pro").run(ctx -> {
                ImageModel model = ctx.getBean(ImageModel.class);
                Map<ImageOptions, String> bad = Map.of(
                        FluxSchnellImageOptions.builder().numInferenceSteps(4).build(),
                        "numInferenceSteps (num_inference_steps) is not an input of black-forest-labs/flux-2-pro",
                        FluxSchnellImageOptions.builder().goFast(false).build(),
                        "is not an input of black-forest-labs/flux-2-pro",
                        FluxSchnellImageOptions.builder().width(1024).height(1024).megapixels(Megapixels.ONE).build(),
                        "megapixels is not an input of black-forest-labs/flux-2-pro",
                        FluxSchnellImageOptions.builder().width(1024).height(1024).aspectRatio(AspectRatio.SQUARE_1_1)
                                .build(), "is sent to black-forest-labs/flux-2-pro as an exact size",
                        FluxSchnellImageOptions.builder().width(1000).height(1000).build(), "flux-2-pro",
                        FluxSchnellImageOptions.builder().safetyTolerance(6).build(), "flux-2-pro",
                        FluxSchnellImageOptions.builder().model("flux-1.1-pro-ultra").outputFormat(
                                dev.fluxschnell.sdk.request.OutputFormat.WEBP).build(), "flux-1.1-pro-ultra",
                        FluxSchnellImageOptions.builder().model("flux-schnell").resolution(
                                dev.fluxschnell.sdk.request.Resolution.MP_2).build(),
                        "is not an input of black-forest-labs/flux-schnell");
                bad.forEach((options, message) -> assertThatThrownBy(() -> model.call(new ImagePrompt("x", options)))
                        .as(options.toString()).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining(message));
                assertThat(server.stats().totalRequests()).isZero();
            });
            runner(server, "spring.ai.flux-schnell.image.model=kontext-pro").run(ctx ->
                    assertThat(ctx).hasFailed().getFailure().rootCause().hasMessageContaining("kontext-pro"));
            runner(server, "spring.ai.flux-schnell.image.model=kontext-pro").run(ctx ->
                    assertThat(ctx).hasFailed().getFailure().hasStackTraceContaining("flux-2-klein-9b"));
        }
    }

    @Test
    void badOptions_failWithAClearMessage_beforeAnythingIsSent() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.start()) {
            runner(server).run(ctx -> {
                ImageModel model = ctx.getBean(ImageModel.class);
                Map<ImageOptions, String> bad = Map.of(
                        ImageOptionsBuilder.builder().width(1024).build(), "width and height go together",
                        ImageOptionsBuilder.builder().width(4000).height(1000).build(), "has no close aspect ratio",
                        ImageOptionsBuilder.builder().width(256).height(256).build(), "0.06 megapixels",
                        ImageOptionsBuilder.builder().responseFormat("jpeg").build(), "responseFormat must be url or",
                        ImageOptionsBuilder.builder().model("dall-e-3").build(), "model 'dall-e-3' is not one this",
                        ImageOptionsBuilder.builder().n(0).build(), "n must be at least 1",
                        ImageOptionsBuilder.builder().style("noir").build(), "noir",
                        FluxSchnellImageOptions.builder().width(1024).height(1024).aspectRatio(AspectRatio
                                .LANDSCAPE_16_9).build(), "maps to aspect ratio 1:1, but aspectRatio is 16:9",
                        FluxSchnellImageOptions.builder().numInferenceSteps(9).build(), "numInferenceSteps must be between 1");
                bad.forEach((options, message) -> assertThatThrownBy(() -> model.call(new ImagePrompt("x", options)))
                        .as(options.toString()).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining(message));
                assertThatThrownBy(() -> model.call(new ImagePrompt(List.of(new ImageMessage("x", 0.5f)))))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no prompt weights");
                assertThatThrownBy(() -> model.call(new ImagePrompt(List.of())))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no message");
                assertThat(server.stats().totalRequests()).isZero();
            });
        }
    }

    @Test
    void severalMessages_areJoinedIntoOnePrompt() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.start()) {
            runner(server).run(ctx -> {
                ctx.getBean(ImageModel.class).call(new ImagePrompt(List.of(new ImageMessage("a red shoe"),
                        new ImageMessage("studio lighting", 1.0f))));
                assertThat(server.createdInputs().get(0).path("prompt").asText())
                        .isEqualTo("a red shoe, studio lighting");
            });
        }
    }

    @Test
    void errors_mapToSpringAisExceptions_withTheSdksAsCause() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.builder().failPromptsContaining("[fail]").start()) {
            runner(server).run(ctx -> assertThatThrownBy(() -> call(ctx, "a [fail] vase",
                    ImageOptionsBuilder.builder().build())).isInstanceOf(NonTransientAiException.class)
                    .hasMessageStartingWith("flux-schnell: ").hasCauseInstanceOf(PredictionFailedException.class));
            runner(server, "flux-schnell.api-token=r8_wrong").run(ctx -> assertThatThrownBy(() -> call(ctx, "a vase",
                    ImageOptionsBuilder.builder().build())).isInstanceOf(NonTransientAiException.class)
                    .hasCauseInstanceOf(AuthenticationException.class));
        }
        try (FakeReplicateServer server = FakeReplicateServer.builder().createErrorRate(1.0).start()) {
            runner(server).run(ctx -> assertThatThrownBy(() -> call(ctx, "a vase",
                    ImageOptionsBuilder.builder().build())).isInstanceOf(TransientAiException.class)
                    .hasCauseInstanceOf(ServerException.class));
        }
    }

    @Test
    void somePredictionsOfALargeN_failing_keepsTheOthersImages_andSaysWhatFailed() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.builder().failSeed(101).start()) {
            runner(server).run(ctx -> {
                ImageResponse r = call(ctx, "a hat", FluxSchnellImageOptions.builder().n(12).seed(100L).build());

                assertThat(r.getResults()).hasSize(8);
                FluxSchnellImageResponseMetadata rm = (FluxSchnellImageResponseMetadata) r.getMetadata();
                assertThat(rm.getPredictionIds()).hasSize(2);
                assertThat(rm.getFailures()).singleElement().asString().contains("injected model error");
                assertThat(rm.getCost()).isEqualByComparingTo(new BigDecimal("0.024"));
            });
        }
    }

    @Test
    void selection_followsSpringAisConvention_andEveryBeanBacksOff() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.start()) {
            runner(server, "spring.ai.model.image=openai").run(ctx ->
                    assertThat(ctx).hasSingleBean(FluxSchnellClient.class).doesNotHaveBean(ImageModel.class));
            runner(server, "spring.ai.model.image=flux-schnell").run(ctx ->
                    assertThat(ctx).hasSingleBean(FluxSchnellImageModel.class));
            FluxSchnellImageModel own = FluxSchnellImageModel.of(FluxSchnellClient.builder().apiToken("r8_x")
                    .baseUrl(server.baseUrl()).build());
            runner(server).withBean(FluxSchnellImageModel.class, () -> own).run(ctx ->
                    assertThat(ctx.getBean(ImageModel.class)).isSameAs(own));
            runner(server, "spring.ai.flux-schnell.image.aspect-ratio=7:3").run(ctx ->
                    assertThat(ctx).hasFailed().getFailure().rootCause().hasMessageContaining("7:3"));
        }
    }
}
