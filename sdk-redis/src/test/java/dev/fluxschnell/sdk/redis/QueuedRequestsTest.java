package dev.fluxschnell.sdk.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fluxschnell.sdk.request.AspectRatio;
import dev.fluxschnell.sdk.request.Background;
import dev.fluxschnell.sdk.request.EditModel;
import dev.fluxschnell.sdk.request.EditRequest;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.InpaintRequest;
import dev.fluxschnell.sdk.request.InputImage;
import dev.fluxschnell.sdk.request.Model;
import dev.fluxschnell.sdk.request.ModelRequest;
import dev.fluxschnell.sdk.request.PipelineRequest;
import dev.fluxschnell.sdk.request.RemoveBackgroundRequest;
import dev.fluxschnell.sdk.request.Step;
import dev.fluxschnell.sdk.request.Style;
import dev.fluxschnell.sdk.request.UpscaleRequest;
import dev.fluxschnell.sdk.storage.StoredImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A queued item's request as JSON, without Redis: what round-trips, and what is refused at submit. */
class QueuedRequestsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final InputImage BAG = InputImage.of(URI.create("https://images.example.com/catalogue/bag.png"));
    static final InputImage MASK = InputImage.of(URI.create("https://images.example.com/catalogue/bag-mask.png"));

    @TempDir
    Path dir;

    static ModelRequest roundTrip(ModelRequest request) {
        return QueuedRequests.decode(QueuedRequests.encode(request));
    }

    @Test
    void aKontextProEditOfAnImageByUrl_isItsWireView_andRoundTripsEqual() throws Exception {
        EditRequest edit = EditRequest.builder().image(BAG).prompt("the same bag in red, on a marble table").seed(7)
                .aspectRatio(AspectRatio.LANDSCAPE_16_9).build();

        String json = QueuedRequests.encode(edit);

        JsonNode n = JSON.readTree(json);
        assertThat(n.path("model").asText()).isEqualTo("black-forest-labs/flux-kontext-pro");
        assertThat(n.path("inputs").path("input_image").asText()).isEqualTo(BAG.url().orElseThrow().toString());
        assertThat(n.path("inputs").path("prompt").asText()).isEqualTo("the same bag in red, on a marble table");
        assertThat(n.path("inputs").path("seed").isIntegralNumber()).isTrue();
        assertThat(n.path("settings").isObject()).isTrue();
        ModelRequest back = QueuedRequests.decode(json);
        assertThat(back).isInstanceOf(EditRequest.class).isEqualTo(edit);
        assertThat(back.cacheKey()).isEqualTo(edit.cacheKey());
        assertThat(((EditRequest) back).image()).isEqualTo(BAG);
    }

    @Test
    void aFluxSchnellRequestWithAStyle_roundTrips_theStyleAsAnSdkSetting() throws Exception {
        ImageRequest r = ImageRequest.builder().prompt("white sneaker").style(Style.REALISTIC)
                .aspectRatio(AspectRatio.PORTRAIT_2_3).seed(42).numOutputs(2).goFast(false).outputQuality(80).build();

        String json = QueuedRequests.encode(r);

        JsonNode n = JSON.readTree(json);
        assertThat(n.path("model").asText()).isEqualTo("black-forest-labs/flux-schnell");
        assertThat(n.path("inputs").path("prompt").asText()).as("as written, not as sent").isEqualTo("white sneaker");
        assertThat(n.path("settings").path("style").asText()).isEqualTo("realistic");
        assertThat(n.path("inputs").has("output_format")).as("unset: the model's default").isFalse();
        ModelRequest back = QueuedRequests.decode(json);
        assertThat(back).isEqualTo(r);
        assertThat(back.sentInputs()).isEqualTo(r.sentInputs());
        assertThat(((ImageRequest) back).style()).isEqualTo(Style.REALISTIC);
    }

    static Stream<ModelRequest> portable() {
        return Stream.of(
                ImageRequest.of("mug"),
                EditRequest.builder().model(EditModel.FLUX_DEV).image(BAG).prompt("a red bag").strength(0.75)
                        .guidance(3.5).build(),
                InpaintRequest.of(BAG, MASK, "a leather strap"),
                UpscaleRequest.of(BAG, 2),
                RemoveBackgroundRequest.of(BAG, Background.WHITE),
                ImageRequest.of("white sneaker").then(Step.removeBackground()).then(Step.upscale(4)),
                ImageRequest.builder().prompt("poster").style(Style.ILLUSTRATION).build()
                        .then(Step.edit("put it on a wall")).then(Step.upscale(2)).keepingIntermediates(),
                EditRequest.of(BAG, "the same bag in red").then(Step.removeBackground(Background.WHITE)));
    }

    @ParameterizedTest
    @MethodSource("portable")
    void everyModelsRequest_andPipelinesOfThem_roundTripEqual(ModelRequest request) {
        ModelRequest back = roundTrip(request);

        assertThat(back).isEqualTo(request);
        assertThat(back.getClass()).isEqualTo(request.getClass());
        assertThat(back.model()).isEqualTo(request.model());
        assertThat(back.settings()).isEqualTo(request.settings());
    }

    @Test
    void aPipelineWithSteps_roundTrips_stepsAndIntermediatesIncluded() throws Exception {
        PipelineRequest p = ImageRequest.builder().prompt("white sneaker").style(Style.REALISTIC).build()
                .then(Step.removeBackground()).then(Step.upscale(2)).keepingIntermediates();

        JsonNode n = JSON.readTree(QueuedRequests.encode(p));
        assertThat(n.path("settings").path("then").asText()).isEqualTo("remove-background:transparent,upscale:2");
        assertThat(n.path("settings").path("keep_intermediates").asText()).isEqualTo("true");
        assertThat(n.path("settings").path("style").asText()).isEqualTo("realistic");

        ModelRequest back = roundTrip(p);
        assertThat(back).isInstanceOf(PipelineRequest.class).isEqualTo(p);
        PipelineRequest q = (PipelineRequest) back;
        assertThat(q.steps()).extracting(Step::name).containsExactlyElementsOf(p.steps().stream().map(Step::name)
                .toList());
        assertThat(q.keepsIntermediates()).isTrue();
        assertThat(q.first()).isEqualTo(p.first());
    }

    @Test
    void anEditOfALocalFile_isRefused_namingTheImage() throws Exception {
        Path photo = dir.resolve("holiday-photo.png");
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", photo.toFile());
        EditRequest edit = EditRequest.of(InputImage.of(photo), "make it red");

        assertThatThrownBy(() -> QueuedRequests.encode(edit)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holiday-photo.png").hasMessageContaining("input_image")
                .hasMessageContaining("local file").hasMessageContaining("https URL");
        assertThat(RedisBatchQueue.canQueue(edit)).isFalse();
        assertThatThrownBy(() -> QueuedRequests.encode(edit.then(Step.upscale(2))))
                .as("in a pipeline too").hasMessageContaining("holiday-photo.png");
    }

    @Test
    void imagesInMemoryOrInThisClientsStorage_areRefusedToo() throws Exception {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", png);
        InputImage bytes = InputImage.of(png.toByteArray());
        InputImage stored = InputImage.of(StoredImage.of(URI.create("s3://images/2026/abc-0.png"), 3, "image/png"));

        assertThatThrownBy(() -> QueuedRequests.encode(UpscaleRequest.of(bytes, 2)))
                .hasMessageContaining("image bytes").hasMessageContaining("in memory");
        assertThatThrownBy(() -> QueuedRequests.encode(InpaintRequest.of(BAG, stored, "a strap")))
                .hasMessageContaining("s3://images/2026/abc-0.png").hasMessageContaining("mask")
                .hasMessageContaining("storage");
    }

    @Test
    void aPipelineWithACustomStep_isRefused_namingTheStep() {
        PipelineRequest p = ImageRequest.of("mug").then(Step.of("sharpen a little", Model.REAL_ESRGAN,
                image -> UpscaleRequest.of(image, 2)));

        assertThatThrownBy(() -> QueuedRequests.encode(p)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sharpen a little").hasMessageContaining("custom step");
        assertThat(RedisBatchQueue.canQueue(p)).isFalse();
        assertThat(RedisBatchQueue.canQueue(ImageRequest.of("mug").then(Step.upscale(2)))).isTrue();
    }

    @Test
    void aPipelineStepWithCommas_readsBackAsItself() {
        // "then" separates steps with commas; a comma inside a step's text is escaped, so it comes back whole
        PipelineRequest p = ImageRequest.of("poster").then(Step.edit("put it, framed, on a wall"));

        assertThat(QueuedRequests.decode(QueuedRequests.encode(p))).isEqualTo(p);
    }

    @Test
    void unreadableItems_areRefusedWithTheReason() {
        assertThatThrownBy(() -> QueuedRequests.decode("{not json")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> QueuedRequests.decode("{\"type\":\"image\",\"prompt\":\"mug\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0.2 format");
        assertThatThrownBy(() -> QueuedRequests.decode("{\"model\":\"acme/painter\",\"inputs\":{\"prompt\":\"x\"}}"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QueuedRequests.decode("{\"model\":\"black-forest-labs/flux-schnell\","
                + "\"inputs\":{\"prompt\":\"x\",\"colour\":\"red\"}}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("colour");
    }
}
