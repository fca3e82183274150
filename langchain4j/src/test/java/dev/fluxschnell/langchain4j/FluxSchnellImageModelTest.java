package dev.fluxschnell.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fluxschnell.sdk.request.AspectRatio;
import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.request.Megapixels;
import dev.fluxschnell.sdk.request.OutputFormat;
import dev.fluxschnell.sdk.request.Style;
import dev.fluxschnell.sdk.errors.PredictionFailedException;
import dev.fluxschnell.sdk.errors.ServerException;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import dev.langchain4j.data.image.Image;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.model.image.ImageModel;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.Response;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LangChain4j's {@link ImageModel} API over the SDK's client, against the emulator. */
class FluxSchnellImageModelTest {
    @TempDir
    Path dir;

    FluxSchnellClient client(FakeReplicateServer server, String token) {
        return FluxSchnellClient.builder().apiToken(token).baseUrl(server.baseUrl()).maxRetries(0)
                .downloadHosts(List.of("127.0.0.1")).storage(LocalFileStorage.of(dir)).build();
    }

    static JsonNode input(FakeReplicateServer server, String promptStart) {
        return server.createdInputs().stream().filter(i -> i.path("prompt").asText().startsWith(promptStart))
                .findFirst().orElseThrow();
    }

    @Test
    void generate_storesTheImage_andAnswersWithItsLocation() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.start();
             FluxSchnellClient client = client(server, server.token())) {
            ImageModel model = FluxSchnellImageModel.builder().client(client).size(1024, 1792).build();

            Response<Image> r = model.generate("a green bottle");

            Image image = r.content();
            assertThat(Path.of(image.url())).startsWith(dir).exists();
            assertThat(image.mimeType()).isEqualTo("image/webp");
            assertThat(image.base64Data()).isNull();
            assertThat(image.revisedPrompt()).isNull();
            assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
            assertThat(r.metadata()).containsEntry(FluxSchnellImageModel.COST, new BigDecimal("0.003"))
                    .containsEntry(FluxSchnellImageModel.FAILURES, List.of());
            assertThat((List<?>) r.metadata().get(FluxSchnellImageModel.PREDICTION_IDS)).hasSize(1);
            assertThat((List<?>) r.metadata().get(FluxSchnellImageModel.SEEDS)).hasSize(1);
            assertThat(input(server, "a green bottle").path("aspect_ratio").asText()).isEqualTo("9:16");
        }
    }

    @Test
    void generateN_runsAsABatch_andReturnsNImages() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.start();
             FluxSchnellClient client = client(server, server.token())) {
            ImageModel model = FluxSchnellImageModel.builder().client(client).build();

            Response<List<Image>> r = model.generate("a teapot", 7);

            assertThat(r.content()).hasSize(7).extracting(Image::url).doesNotHaveDuplicates();
            assertThat((List<?>) r.metadata().get(FluxSchnellImageModel.PREDICTION_IDS)).hasSize(2);
            assertThat(server.createdInputs()).extracting(i -> i.path("num_outputs").asInt())
                    .containsExactlyInAnyOrder(4, 3);
        }
    }

    @Test
    void fluxSettings_reachTheModel_andB64JsonCarriesTheStoredBytes() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.start();
             FluxSchnellClient client = client(server, server.token())) {
            ImageModel model = FluxSchnellImageModel.builder().client(client).responseFormat("b64_json")
                    .aspectRatio(AspectRatio.LANDSCAPE_3_2).megapixels(Megapixels.QUARTER).style(Style.ILLUSTRATION)
                    .seed(5L).goFast(false).numInferenceSteps(2).outputFormat(OutputFormat.JPG).outputQuality(70).build();

            Image image = model.generate("a kite").content();

            byte[] bytes = Base64.getDecoder().decode(image.base64Data());
            assertThat(bytes).isEqualTo(Files.readAllBytes(Path.of(image.url())));
            assertThat(bytes[0] & 0xff).isEqualTo(0xFF); // JPEG
            assertThat(image.mimeType()).isEqualTo("image/jpeg");
            assertThat(image.revisedPrompt()).isEqualTo("a kite, digital illustration, vector art, clean lines");
            JsonNode in = input(server, "a kite");
            assertThat(in.path("aspect_ratio").asText()).isEqualTo("3:2");
            assertThat(in.path("megapixels").asText()).isEqualTo("0.25");
            assertThat(in.path("seed").asLong()).isEqualTo(5);
            assertThat(in.path("go_fast").asBoolean()).isFalse();
            assertThat(in.path("num_inference_steps").asInt()).isEqualTo(2);
            assertThat(in.path("output_quality").asInt()).isEqualTo(70);
        }
    }

    @Test
    void unsetSettings_areNotSent_andImageModelPicksTheGenerationModel() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.start();
             FluxSchnellClient client = client(server, server.token())) {
            FluxSchnellImageModel.builder().client(client).build().generate("a wool hat");
            List<String> sent = new java.util.ArrayList<>();
            input(server, "a wool hat").fieldNames().forEachRemaining(sent::add);
            assertThat(sent).as("the model's own defaults apply").containsExactlyInAnyOrder("prompt", "num_outputs");

            Response<Image> r = FluxSchnellImageModel.builder().client(client)
                    .imageModel(dev.fluxschnell.sdk.request.ImageModel.FLUX_DEV).numInferenceSteps(28).build()
                    .generate("a felt hat");
            assertThat(r.content().url()).isNotNull();
            assertThat(server.createdInputs("black-forest-labs/flux-dev")).singleElement()
                    .satisfies(in -> assertThat(in.path("num_inference_steps").asInt()).isEqualTo(28));
        }
    }

    @Test
    void badSettings_failAtBuild_andBadCalls_beforeAnythingIsSent() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.start();
             FluxSchnellClient client = client(server, server.token())) {
            assertThatThrownBy(() -> FluxSchnellImageModel.builder().client(client).size(4000, 1000).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no close aspect ratio");
            assertThatThrownBy(() -> FluxSchnellImageModel.builder().client(client).numInferenceSteps(9).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("numInferenceSteps");
            assertThatThrownBy(() -> FluxSchnellImageModel.builder().client(client).responseFormat("png").build())
                    .hasMessageContaining("responseFormat must be url or b64_json");
            assertThatThrownBy(() -> FluxSchnellImageModel.builder().build())
                    .hasMessage("set exactly one of client(...) and apiToken(...)");
            ImageModel model = FluxSchnellImageModel.builder().client(client).build();
            assertThatThrownBy(() -> model.generate(" ")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> model.generate("x", 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("count must be at least 1");
            assertThat(server.stats().totalRequests()).isZero();
        }
    }

    static String png(int w, int h, boolean mask) throws Exception {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(w, h,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        g.setColor(mask ? java.awt.Color.BLACK : java.awt.Color.GRAY);
        g.fillRect(0, 0, w, h);
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(w / 4, h / 4, w / 2, h / 2);
        g.dispose();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, "png", out);
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    @Test
    void edit_runsKontext_andEditWithAMask_runsFill() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.start();
             FluxSchnellClient client = client(server, server.token())) {
            ImageModel model = FluxSchnellImageModel.builder().client(client).seed(11L).build();
            Image photo = Image.builder().base64Data(png(300, 200, false)).mimeType("image/png").build();
            Path maskFile = dir.resolve("mask.png");
            Files.write(maskFile, Base64.getDecoder().decode(png(300, 200, true)));
            Image mask = Image.builder().url(maskFile.toUri()).build();

            Response<Image> edited = model.edit(photo, "make it blue");
            Response<Image> inpainted = model.edit(photo, mask, "a blue label");

            assertThat(edited.content().mimeType()).isEqualTo("image/png");
            assertThat(edited.metadata().get(FluxSchnellImageModel.COST)).isEqualTo(new BigDecimal("0.04"));
            assertThat(server.createdInputs("black-forest-labs/flux-kontext-pro")).singleElement()
                    .satisfies(in -> {
                        assertThat(in.path("prompt").asText()).isEqualTo("make it blue");
                        assertThat(in.path("seed").asLong()).isEqualTo(11);
                        assertThat(in.path("input_image").asText()).startsWith("data:image/png;base64,");
                    });
            assertThat(inpainted.content().mimeType()).isEqualTo("image/jpeg");
            assertThat(server.createdInputs("black-forest-labs/flux-fill-pro")).singleElement()
                    .satisfies(in -> assertThat(in.path("mask").asText()).startsWith("data:image/png;base64,"));
        }
    }

    @Test
    void edit_withAnotherModel_andBadInputs_failAsInvalidRequestsBeforeAnythingIsSent() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.start();
             FluxSchnellClient client = client(server, server.token())) {
            ImageModel kontextDev = FluxSchnellImageModel.builder().client(client)
                    .editModel(dev.fluxschnell.sdk.request.EditModel.KONTEXT_DEV).build();
            Image photo = Image.builder().base64Data(png(64, 64, false)).build();
            Image wrongSize = Image.builder().base64Data(png(32, 32, true)).build();

            kontextDev.edit(photo, "x");
            assertThat(server.createdInputs("black-forest-labs/flux-kontext-dev")).hasSize(1);
            long before = server.stats().totalRequests();

            assertThatThrownBy(() -> kontextDev.edit(Image.builder().url("http://example.com/a.png").build(), "x"))
                    .isInstanceOf(dev.langchain4j.exception.InvalidRequestException.class)
                    .hasMessageContaining("http: URLs are refused");
            assertThatThrownBy(() -> kontextDev.edit(Image.builder().base64Data("aGVsbG8=").build(), "x"))
                    .isInstanceOf(dev.langchain4j.exception.InvalidRequestException.class)
                    .hasMessageContaining("not an image");
            assertThatThrownBy(() -> kontextDev.edit(photo, wrongSize, "x"))
                    .isInstanceOf(dev.langchain4j.exception.InvalidRequestException.class)
                    .hasMessageContaining("a mask must have the image's size");
            assertThat(server.stats().totalRequests()).isEqualTo(before);
        }
    }

    @Test
    void flux2Pro_generatesAtAnExactSize_andNOfTwo_runsTwoPredictions() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.start();
             FluxSchnellClient client = client(server, server.token())) {
            ImageModel model = FluxSchnellImageModel.builder().client(client)
                    .imageModel(dev.fluxschnell.sdk.request.ImageModel.FLUX_2_PRO).size(1440, 832).safetyTolerance(4)
                    .seed(40L).build();

            Response<List<Image>> r = model.generate("a walnut desk", 2);

            assertThat(r.content()).hasSize(2).extracting(Image::url).doesNotHaveDuplicates();
            assertThat((List<?>) r.metadata().get(FluxSchnellImageModel.PREDICTION_IDS)).hasSize(2);
            assertThat(server.createdInputs("black-forest-labs/flux-2-pro")).hasSize(2).allSatisfy(in -> {
                assertThat(in.path("aspect_ratio").asText()).isEqualTo("custom");
                assertThat(in.path("width").asInt()).isEqualTo(1440);
                assertThat(in.path("height").asInt()).isEqualTo(832);
                assertThat(in.path("safety_tolerance").asInt()).isEqualTo(4);
                assertThat(in.has("num_outputs")).isFalse();
            }).extracting(in -> in.path("seed").asLong()).containsExactlyInAnyOrder(40L, 41L);

            FluxSchnellImageModel.builder().client(client).imageModel(dev.fluxschnell.sdk.request.ImageModel
                    .FLUX_2_KLEIN_4B).resolution(dev.fluxschnell.sdk.request.Resolution.MP_0_5).build()
                    .generate("a klein lamp");
            assertThat(input(server, "a klein lamp").path("output_megapixels").asText()).isEqualTo("0.5");
            FluxSchnellImageModel.builder().client(client).imageModel(dev.fluxschnell.sdk.request.ImageModel
                    .FLUX_1_1_PRO_ULTRA).raw(true).build().generate("a raw fern");
            assertThat(input(server, "a raw fern").path("raw").asBoolean()).isTrue();
        }
    }

    @Test
    void aSettingTheModelDoesNotTake_failsAtBuild_namingTheModel() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.start();
             FluxSchnellClient client = client(server, server.token())) {
            assertThatThrownBy(() -> FluxSchnellImageModel.builder().client(client)
                    .imageModel(dev.fluxschnell.sdk.request.ImageModel.FLUX_2_PRO).numInferenceSteps(4).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not an input of black-forest-labs/flux-2-pro");
            assertThatThrownBy(() -> FluxSchnellImageModel.builder().client(client)
                    .imageModel(dev.fluxschnell.sdk.request.ImageModel.FLUX_2_MAX).size(1000, 1000).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("flux-2-max");
            assertThat(server.stats().totalRequests()).isZero();
        }
    }

    @Test
    void edit_withAFlux2Model_sendsInputImages_andSeveralImagesAreTheImageAndItsReferences() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.start();
             FluxSchnellClient client = client(server, server.token())) {
            FluxSchnellImageModel flux2 = FluxSchnellImageModel.builder().client(client).seed(12L)
                    .editModel(dev.fluxschnell.sdk.request.EditModel.FLUX_2_PRO).build();
            Image bag = Image.builder().base64Data(png(96, 64, false)).mimeType("image/png").build();
            Path logoFile = dir.resolve("logo.png");
            Files.write(logoFile, Base64.getDecoder().decode(png(32, 32, true)));
            Image logo = Image.builder().url(logoFile.toUri()).build();

            Response<Image> one = flux2.edit(bag, "make the bag green");
            Response<Image> two = flux2.edit(List.of(bag, logo), "put the logo on the bag");

            assertThat(one.content().url()).isNotNull();
            assertThat(two.content().url()).isNotNull();
            List<JsonNode> sent = server.createdInputs("black-forest-labs/flux-2-pro");
            assertThat(sent).hasSize(2);
            JsonNode first = input(server, "make the bag green");
            assertThat(first.path("input_images")).hasSize(1);
            assertThat(first.path("input_images").get(0).asText()).startsWith("data:image/png;base64,");
            assertThat(first.path("aspect_ratio").asText()).as("an edit keeps its source's shape")
                    .isEqualTo("match_input_image");
            assertThat(first.path("seed").asLong()).isEqualTo(12);
            assertThat(first.has("input_image")).isFalse();
            JsonNode second = input(server, "put the logo on the bag");
            assertThat(second.path("input_images")).hasSize(2);

            FluxSchnellImageModel.builder().client(client)
                    .editModel(dev.fluxschnell.sdk.request.EditModel.FLUX_2_KLEIN_4B).build()
                    .edit(List.of(bag, logo), "klein: the logo on the bag");
            assertThat(input(server, "klein: the logo on the bag").path("images")).hasSize(2);

            long before = server.stats().totalRequests();
            FluxSchnellImageModel kontext = FluxSchnellImageModel.builder().client(client).build();
            assertThatThrownBy(() -> kontext.edit(List.of(bag, logo), "x"))
                    .isInstanceOf(dev.langchain4j.exception.InvalidRequestException.class)
                    .hasMessageContaining("black-forest-labs/flux-kontext-pro edits one image");
            assertThatThrownBy(() -> flux2.edit(List.of(), "x"))
                    .isInstanceOf(dev.langchain4j.exception.InvalidRequestException.class)
                    .hasMessageContaining("an edit needs an image");
            assertThatThrownBy(() -> flux2.edit(java.util.Collections.nCopies(9, bag), "x"))
                    .isInstanceOf(dev.langchain4j.exception.InvalidRequestException.class)
                    .hasMessageContaining("flux-2-pro");
            assertThat(server.stats().totalRequests()).isEqualTo(before);
        }
    }

    @Test
    void errors_mapToLangChain4jsExceptions_withTheSdksAsCause() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.builder().failPromptsContaining("[fail]").start();
             FluxSchnellClient client = client(server, server.token());
             FluxSchnellClient wrongToken = client(server, "r8_wrong")) {
            assertThatThrownBy(() -> FluxSchnellImageModel.builder().client(client).build().generate("a [fail] cup"))
                    .isInstanceOf(NonRetriableException.class).hasMessageStartingWith("flux-schnell: ")
                    .hasCauseInstanceOf(PredictionFailedException.class);
            assertThatThrownBy(() -> FluxSchnellImageModel.builder().client(wrongToken).build().generate("a cup"))
                    .isInstanceOf(AuthenticationException.class)
                    .hasCauseInstanceOf(dev.fluxschnell.sdk.errors.AuthenticationException.class);
        }
        try (FakeReplicateServer server = FakeReplicateServer.builder().createErrorRate(1.0).start();
             FluxSchnellClient client = client(server, server.token())) {
            assertThatThrownBy(() -> FluxSchnellImageModel.builder().client(client).build().generate("a cup"))
                    .isInstanceOf(InternalServerException.class).hasCauseInstanceOf(ServerException.class);
        }
    }

    @Test
    void somePredictionsFailing_keepsTheOthersImages_withFinishReasonOther() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.builder().failSeed(301).start();
             FluxSchnellClient client = client(server, server.token())) {
            ImageModel model = FluxSchnellImageModel.builder().client(client).seed(300L).build();

            Response<List<Image>> r = model.generate("a scarf", 12);

            assertThat(r.content()).hasSize(8);
            assertThat(r.finishReason()).isEqualTo(FinishReason.OTHER);
            assertThat((List<?>) r.metadata().get(FluxSchnellImageModel.FAILURES)).singleElement().asString()
                    .contains("injected model error");
        }
    }

    @Test
    void apiToken_makesAnOwnedClient_closedWithTheModel() {
        try (FluxSchnellImageModel model = FluxSchnellImageModel.builder().apiToken("r8_test").build()) {
            assertThat(model.toString()).doesNotContain("r8_test");
        }
    }
}
