package dev.fluxschnell.sdk;

import dev.fluxschnell.sdk.request.AspectRatio;
import dev.fluxschnell.sdk.request.EditModel;
import dev.fluxschnell.sdk.request.EditRequest;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.InpaintModel;
import dev.fluxschnell.sdk.request.InpaintRequest;
import dev.fluxschnell.sdk.request.InputImage;
import dev.fluxschnell.sdk.request.Megapixels;
import dev.fluxschnell.sdk.request.OutputFormat;
import dev.fluxschnell.sdk.result.GeneratedImage;
import dev.fluxschnell.sdk.result.GenerationResult;
import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fluxschnell.sdk.errors.FluxSchnellException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Each model is sent exactly its schema's body (byte-for-byte JSON, nothing unset sent), both output shapes are read,
 * what arrived is stored under the format its bytes say, and large inputs go through the Files API as the official
 * clients send them — against WireMock, which answers as the recorded API does.
 */
class ModelBodiesTest extends WireMockClientFixture {
    static final byte[] PHOTO = Pictures.png(300, 200);
    static final String PHOTO_URI = "data:image/png;base64," + Base64.getEncoder().encodeToString(PHOTO);

    private String answer(String id, String model, String outputJson) {
        return "{\"id\":\"" + id + "\",\"model\":\"" + model + "\",\"version\":\"hidden\",\"status\":\"succeeded\","
                + "\"output\":" + outputJson + ",\"error\":null,\"logs\":\"Using seed: 1234\\n\",\"metrics\":"
                + "{\"predict_time\":2.5},\"urls\":{\"get\":\"" + base + "/v1/predictions/" + id + "\"}}";
    }

    private void stubModel(String model, String outputJson) {
        wm.stubFor(post("/v1/models/" + model + "/predictions").willReturn(aResponse().withStatus(201)
                .withBody(answer("p-" + model.hashCode(), model, outputJson))));
        wm.stubFor(get(urlPathEqualTo("/out/0.png")).willReturn(aResponse().withBody(Stubs.png(2000))));
        wm.stubFor(get(urlPathEqualTo("/out/1.png")).willReturn(aResponse().withBody(Stubs.png(2100))));
    }

    private InputImage photo() throws Exception {
        Path p = out.resolve("photo.png");
        Files.write(p, PHOTO);
        return InputImage.of(p);
    }

    private void verifyBody(String model, String json) {
        wm.verify(postRequestedFor(urlEqualTo("/v1/models/" + model + "/predictions"))
                .withRequestBody(equalToJson(json)));
    }

    @Test
    void kontextPro_exactBody_singleUri() throws Exception {
        stubModel("black-forest-labs/flux-kontext-pro", "\"" + base + "/out/0.png\"");

        GenerationResult r = client.generate(EditRequest.builder().image(photo()).prompt("make it red").seed(5)
                .safetyTolerance(2).outputFormat(OutputFormat.PNG).build());

        verifyBody("black-forest-labs/flux-kontext-pro", "{\"input\":{\"prompt\":\"make it red\",\"input_image\":\""
                + PHOTO_URI + "\",\"seed\":5,\"output_format\":\"png\","
                + "\"safety_tolerance\":2}}");
        assertThat(r.images()).singleElement().satisfies(i -> assertThat(i.format()).isEqualTo(OutputFormat.PNG));
        assertThat(r.seed()).hasValue(1234);
    }

    @Test
    void kontextDev_exactBody() throws Exception {
        stubModel("black-forest-labs/flux-kontext-dev", "\"" + base + "/out/0.png\"");

        client.generate(EditRequest.builder().model(EditModel.KONTEXT_DEV).image(photo()).prompt("studio light")
                .aspectRatio(AspectRatio.SQUARE_1_1).numInferenceSteps(30).guidance(2.5)
                .outputFormat(OutputFormat.PNG).build());

        verifyBody("black-forest-labs/flux-kontext-dev", "{\"input\":{\"prompt\":\"studio light\",\"input_image\":\""
                + PHOTO_URI + "\",\"aspect_ratio\":\"1:1\",\"num_inference_steps\":30,\"guidance\":2.5,"
                + "\"output_format\":\"png\"}}");
    }

    @Test
    void fluxDev_exactBody_andAnArrayShorterThanAskedIsWhatWasMade() throws Exception {
        // flux-dev drops images its safety checker flags: two asked, one answered, one billed
        stubModel("black-forest-labs/flux-dev", "[\"" + base + "/out/0.png\"]");

        GenerationResult r = client.generate(EditRequest.builder().model(EditModel.FLUX_DEV).image(photo())
                .prompt("on marble").strength(0.7).numOutputs(2).outputFormat(OutputFormat.PNG).build());

        verifyBody("black-forest-labs/flux-dev", "{\"input\":{\"prompt\":\"on marble\",\"image\":\"" + PHOTO_URI
                + "\",\"num_outputs\":2,\"prompt_strength\":0.7,\"output_format\":\"png\"}}");
        assertThat(r.images()).hasSize(1);
        assertThat(r.cost()).isEqualByComparingTo("0.025");
    }

    @Test
    void fillPro_exactBody() throws Exception {
        stubModel("black-forest-labs/flux-fill-pro", "\"" + base + "/out/0.png\"");
        Path mask = out.resolve("mask.png");
        Files.write(mask, Pictures.mask(300, 200));

        client.generate(InpaintRequest.builder().image(photo()).mask(InputImage.of(mask)).prompt("no label")
                .numInferenceSteps(40).guidance(3).outputFormat(OutputFormat.PNG).build());

        verifyBody("black-forest-labs/flux-fill-pro", "{\"input\":{\"prompt\":\"no label\",\"image\":\"" + PHOTO_URI
                + "\",\"mask\":\"data:image/png;base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(mask))
                + "\",\"steps\":40,\"guidance\":3.0,\"output_format\":\"png\"}}");
    }

    @Test
    void fillDev_exactBody_arrayOutput() throws Exception {
        stubModel("black-forest-labs/flux-fill-dev", "[\"" + base + "/out/0.png\",\"" + base + "/out/1.png\"]");
        Path mask = out.resolve("mask.png");
        Files.write(mask, Pictures.mask(300, 200));

        GenerationResult r = client.generate(InpaintRequest.builder().model(InpaintModel.FILL_DEV).image(photo())
                .mask(InputImage.of(mask)).prompt("no label").numOutputs(2).megapixels(Megapixels.ONE)
                .outputFormat(OutputFormat.PNG).build());

        verifyBody("black-forest-labs/flux-fill-dev", "{\"input\":{\"prompt\":\"no label\",\"image\":\"" + PHOTO_URI
                + "\",\"mask\":\"data:image/png;base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(mask))
                + "\",\"num_outputs\":2,\"output_format\":\"png\",\"megapixels\":\"1\"}}");
        assertThat(r.images()).hasSize(2);
    }

    @Test
    void aDeliveryUrlYoungerThanAnHour_isPassedAsIs_anOlderOneWithoutAStoredCopyIsRefused() throws Exception {
        stubModel("black-forest-labs/flux-kontext-pro", "\"" + base + "/out/0.png\"");
        java.net.URI delivery = java.net.URI.create("https://replicate.delivery/xezq/abc/out-0.webp");
        GeneratedImage fresh = GeneratedImage.builder().index(0).remoteUrl(delivery).format(OutputFormat.WEBP)
                .createdAt(java.time.Instant.now().minusSeconds(600)).build();
        GeneratedImage old = GeneratedImage.builder().index(0).remoteUrl(delivery).format(OutputFormat.WEBP)
                .createdAt(java.time.Instant.now().minusSeconds(3 * 3600)).build();

        client.generate(EditRequest.of(InputImage.of(fresh), "make it red"));

        verifyBody("black-forest-labs/flux-kontext-pro", "{\"input\":{\"prompt\":\"make it red\",\"input_image\":\""
                + delivery + "\"}}");
        assertThatThrownBy(() -> client.generate(EditRequest.of(InputImage.of(old), "make it red")))
                .hasMessageContaining("made more than an hour ago and not stored");
        wm.verify(1, postRequestedFor(urlEqualTo("/v1/models/black-forest-labs/flux-kontext-pro/predictions")));
    }

    @Test
    void aPngAnsweredWhenWebpWasAsked_isStoredAsPng() throws Exception {
        wm.stubFor(post(Stubs.CREATE).willReturn(aResponse().withStatus(201).withBody(
                answer("w1", "black-forest-labs/flux-schnell", "[\"" + base + "/out/0.webp\"]"))));
        wm.stubFor(get(urlPathEqualTo("/out/0.webp")).willReturn(aResponse().withHeader("Content-Type",
                "image/webp").withBody(Stubs.png(3000))));

        GenerationResult r = client.generate(ImageRequest.builder().prompt("x").outputFormat(OutputFormat.WEBP)
                .build());

        GeneratedImage img = r.images().get(0);
        assertThat(img.format()).isEqualTo(OutputFormat.PNG);
        assertThat(img.location().toString()).endsWith(".png");
        assertThat(img.stored().orElseThrow().contentType()).isEqualTo("image/png");
    }

    @Test
    void aLargeInput_isUploadedAsTheOfficialClientsDo_andPassedByItsUrl() throws Exception {
        byte[] big = Pictures.pngOfSize(64, 64, 300_000);
        wm.stubFor(get(urlPathEqualTo("/v1/files")).willReturn(aResponse().withBody(
                "{\"next\":null,\"previous\":null,\"results\":[]}")));
        wm.stubFor(post("/v1/files").willReturn(aResponse().withStatus(201).withBody("{\"id\":\"ZmlsZTE\","
                + "\"name\":\"image.png\",\"content_type\":\"image/png\",\"size\":300000,\"checksums\":{\"sha256\":"
                + "\"x\"},\"created_at\":\"2026-11-26T10:00:00Z\",\"expires_at\":\"2999-01-01T00:00:00Z\",\"urls\":"
                + "{\"get\":\"https://api.replicate.com/v1/files/ZmlsZTE\"}}")));
        stubModel("black-forest-labs/flux-kontext-pro", "\"" + base + "/out/0.png\"");

        client.generate(EditRequest.of(InputImage.of(big), "make it red"));

        wm.verify(postRequestedFor(urlEqualTo("/v1/files"))
                .withHeader("Content-Type", containing("multipart/form-data; boundary="))
                .withHeader("Authorization", equalTo("Bearer " + Stubs.TOKEN))
                .withRequestBodyPart(aMultipart().withName("content")
                        .withHeader("Content-Disposition", containing("filename=\"image.png\""))
                        .withHeader("Content-Type", equalTo("image/png")).withBody(binaryEqualTo(big)).build()));
        verifyBody("black-forest-labs/flux-kontext-pro", "{\"input\":{\"prompt\":\"make it red\",\"input_image\":"
                + "\"https://api.replicate.com/v1/files/ZmlsZTE\"}}");
    }

    @Test
    void anUploadRefusedWith413Html_failsClearly_andNothingIsCreated() {
        byte[] big = Pictures.pngOfSize(64, 64, 300_000);
        wm.stubFor(get(urlPathEqualTo("/v1/files")).willReturn(aResponse().withBody(
                "{\"next\":null,\"previous\":null,\"results\":[]}")));
        wm.stubFor(post("/v1/files").willReturn(aResponse().withStatus(413).withHeader("Content-Type", "text/html")
                .withBody("<html><head><title>413 Request Entity Too Large</title></head></html>")));

        assertThatThrownBy(() -> client.generate(EditRequest.of(InputImage.of(big), "x")))
                .isInstanceOfSatisfying(FluxSchnellException.class, e -> {
                    assertThat(e.isRetryable()).isFalse();
                    assertThat(e.predictionMayExist()).isFalse();
                })
                .hasMessageContaining("413");
        wm.verify(0, postRequestedFor(urlPathEqualTo("/v1/models/black-forest-labs/flux-kontext-pro/predictions")));
        wm.verify(1, postRequestedFor(urlEqualTo("/v1/files")));
        assertThat(wm.findAll(postRequestedFor(anyUrl()))).hasSize(1);
    }
}
