package dev.fluxschnell.sdk.edits;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fluxschnell.sdk.request.EditModel;
import dev.fluxschnell.sdk.request.EditRequest;
import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.result.GeneratedImage;
import dev.fluxschnell.sdk.result.GenerationResult;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.InpaintModel;
import dev.fluxschnell.sdk.request.InpaintRequest;
import dev.fluxschnell.sdk.request.InputImage;
import dev.fluxschnell.sdk.request.Model;
import dev.fluxschnell.sdk.request.OutputFormat;
import dev.fluxschnell.sdk.request.Outpaint;
import dev.fluxschnell.sdk.Pictures;
import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.batch.BatchResult;
import dev.fluxschnell.sdk.batch.FileBatchJournal;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Edits, img2img and inpainting end to end against the emulator, which checks every input against the model's real
 * schema (a 422 fails the test) and answers in the model's real output shape.
 */
class EditsTest {
    @TempDir
    Path dir;

    FakeReplicateServer server;
    FluxSchnellClient client;

    @BeforeEach
    void start() {
        server = FakeReplicateServer.builder().urlOutputs().start();
        client = server.clientBuilder().storage(LocalFileStorage.of(dir.resolve("out"))).build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private Path file(String name, byte[] bytes) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private static BufferedImage read(GeneratedImage image) throws Exception {
        return ImageIO.read(Path.of(image.location()).toFile());
    }

    @Test
    void kontextPro_editsAFile_singleUriOutput_storedAsThePngItAnswered_withSourceModelSeedAndCost() throws Exception {
        Path bag = file("bag.png", Pictures.png(600, 400));

        GenerationResult r = client.generate(EditRequest.of(InputImage.of(bag), "make the bag red"));

        JsonNode input = server.createdInputs("black-forest-labs/flux-kontext-pro").get(0);
        assertThat(input.path("input_image").asText()).startsWith("data:image/png;base64,");
        assertThat(input.has("aspect_ratio")).as("unset: the model's default, the source's ratio").isFalse();
        assertThat(r.model()).isEqualTo(Model.FLUX_KONTEXT_PRO);
        assertThat(r.source()).hasValueSatisfying(s -> assertThat(s.file()).contains(bag));
        assertThat(r.prompt()).hasValue("make the bag red");
        assertThat(r.seed()).isPresent();
        assertThat(r.cost()).isEqualByComparingTo("0.04");
        assertThat(r.images()).singleElement().satisfies(img -> {
            assertThat(img.format()).as("Kontext Pro answers PNG by default").isEqualTo(OutputFormat.PNG);
            assertThat(img.location().toString()).endsWith(".png");
            BufferedImage out = read(img);
            assertThat(new int[] {out.getWidth(), out.getHeight()}).as("Kontext's nearest resolution to 3:2")
                    .containsExactly(1248, 832);
        });
    }

    @Test
    void fluxDevImageToImage_sendsImageAndPromptStrength_arrayOutput() throws Exception {
        Path shoe = file("shoe.jpg", Pictures.jpg(800, 600));

        GenerationResult r = client.generate(EditRequest.builder().model(EditModel.FLUX_DEV).image(InputImage.of(shoe))
                .prompt("the same sneaker on a marble table").strength(0.6).numOutputs(2).seed(42).build());

        JsonNode input = server.createdInputs("black-forest-labs/flux-dev").get(0);
        assertThat(input.path("image").asText()).startsWith("data:image/jpeg;base64,");
        assertThat(input.path("prompt_strength").asDouble()).isEqualTo(0.6);
        assertThat(input.path("num_outputs").asInt()).isEqualTo(2);
        assertThat(input.has("aspect_ratio")).as("flux-dev takes the source's aspect ratio").isFalse();
        assertThat(r.images()).hasSize(2).allSatisfy(img -> {
            assertThat(img.format()).isEqualTo(OutputFormat.WEBP);
            BufferedImage out = read(img);
            assertThat(new int[] {out.getWidth(), out.getHeight()}).containsExactly(800, 608);
        });
        assertThat(r.seed()).hasValue(42);
        assertThat(r.cost()).isEqualByComparingTo("0.050");
    }

    @Test
    void fillPro_repaintsWhereTheMaskIsWhite_andOutpaints() throws Exception {
        Path bag = file("bag.png", Pictures.png(512, 384));
        Path mask = file("mask.png", Pictures.mask(512, 384));

        GenerationResult inpainted = client.generate(InpaintRequest.of(InputImage.of(bag), InputImage.of(mask),
                "plain leather, no label"));
        GenerationResult outpainted = client.generate(InpaintRequest.builder().image(InputImage.of(bag))
                .outpaint(Outpaint.ZOOM_OUT_2X).prompt("a marble table around it").build());

        List<JsonNode> inputs = server.createdInputs("black-forest-labs/flux-fill-pro");
        assertThat(inputs.get(0).path("mask").asText()).startsWith("data:image/png;base64,");
        assertThat(inputs.get(1).path("outpaint").asText()).isEqualTo("Zoom out 2x");
        assertThat(inputs.get(1).has("mask")).isFalse();
        assertThat(inpainted.images()).singleElement().satisfies(img -> {
            assertThat(img.format()).as("Fill Pro answers JPEG by default").isEqualTo(OutputFormat.JPG);
            assertThat(read(img).getWidth()).isEqualTo(512);
        });
        assertThat(read(outpainted.images().get(0)).getWidth()).isEqualTo(1024);
        assertThat(inpainted.cost()).isEqualByComparingTo("0.05");
    }

    @Test
    void fillDev_takesSeveralOutputs() throws Exception {
        Path bag = file("bag.png", Pictures.png(640, 480));
        Path mask = file("mask.png", Pictures.mask(640, 480));

        GenerationResult r = client.generate(InpaintRequest.builder().model(InpaintModel.FILL_DEV)
                .image(InputImage.of(bag)).mask(InputImage.of(mask)).prompt("a green bag").numOutputs(3).build());

        assertThat(r.images()).hasSize(3);
        assertThat(server.createdInputs("black-forest-labs/flux-fill-dev").get(0).path("num_outputs").asInt())
                .isEqualTo(3);
    }

    @Test
    void fillDev_matchInputSize_keepsTheSourcesSize() throws Exception {
        Path bag = file("bag.png", Pictures.png(640, 480));
        Path mask = file("mask.png", Pictures.mask(640, 480));

        GenerationResult r = client.generate(InpaintRequest.builder().model(InpaintModel.FILL_DEV)
                .image(InputImage.of(bag)).mask(InputImage.of(mask)).prompt("a green bag").matchInputSize(true)
                .build());

        assertThat(server.createdInputs("black-forest-labs/flux-fill-dev").get(0).path("megapixels").asText())
                .isEqualTo("match_input");
        assertThat(read(r.images().get(0)).getWidth()).isEqualTo(640);
        assertThat(read(r.images().get(0)).getHeight()).isEqualTo(480);
    }

    @Test
    void anImageThisClientMade_isEditedFromItsStoredCopy() {
        GenerationResult made = client.generate(ImageRequest.builder().prompt("a tote bag").outputFormat(
                OutputFormat.PNG).build());

        GenerationResult edited = client.generate(EditRequest.of(InputImage.of(made.images().get(0)), "make it blue"));

        String sent = server.createdInputs("black-forest-labs/flux-kontext-pro").get(0).path("input_image").asText();
        assertThat(sent).as("an emulator URL is not https: the stored copy is sent")
                .matches(s -> s.startsWith("data:image/png") || s.startsWith(server.baseUrl() + "/v1/files/"));
        assertThat(edited.images()).hasSize(1);
    }

    @Test
    void aMaskOfAnotherSizeThanAStoredImage_isRefusedOnceItsBytesAreRead_beforeTheCreate() throws Exception {
        GenerationResult made = client.generate(ImageRequest.builder().prompt("a tote bag").outputFormat(
                OutputFormat.PNG).build());
        Path mask = file("mask.png", Pictures.mask(64, 64));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.generate(InpaintRequest.of(
                InputImage.of(made.images().get(0)), InputImage.of(mask), "x")))
                .hasMessageContaining("the mask is 64x64 pixels but the image is 1024x1024");
        assertThat(server.createdInputs("black-forest-labs/flux-fill-pro")).isEmpty();
    }

    @Test
    void inlineUpTo256kB_uploadedAbove_andAnUploadIsReusedForTheSameBytes() throws Exception {
        Path small = file("small.png", Pictures.pngOfSize(64, 64, 255_000));
        Path large = file("large.png", Pictures.pngOfSize(64, 64, 257_000));

        client.generate(EditRequest.of(InputImage.of(small), "a"));
        assertThat(server.stats().fileUploads()).isZero();
        client.generate(EditRequest.of(InputImage.of(large), "b"));
        client.generate(EditRequest.of(InputImage.of(Files.readAllBytes(large)), "c"));

        List<JsonNode> inputs = server.createdInputs("black-forest-labs/flux-kontext-pro");
        assertThat(inputs.get(0).path("input_image").asText()).startsWith("data:image/png;base64,");
        assertThat(inputs.get(1).path("input_image").asText()).startsWith(server.baseUrl() + "/v1/files/");
        assertThat(inputs.get(2).path("input_image").asText()).as("the same bytes: the same upload")
                .isEqualTo(inputs.get(1).path("input_image").asText());
        assertThat(server.stats().fileUploads()).isEqualTo(1);

        try (FluxSchnellClient restarted = server.clientBuilder().storage(LocalFileStorage.of(dir.resolve("o2")))
                .build()) {
            restarted.generate(EditRequest.of(InputImage.of(large), "d"));
        }
        assertThat(server.stats().fileUploads()).as("found again in the account's file list after a restart")
                .isEqualTo(1);
    }

    @Test
    void anUploadCloseToItsExpiry_isNotReused() throws Exception {
        stop();
        server = FakeReplicateServer.builder().fileLifetime(Duration.ofMinutes(30)).start();
        client = server.clientBuilder().storage(LocalFileStorage.of(dir.resolve("out"))).build();
        Path large = file("large.png", Pictures.pngOfSize(64, 64, 300_000));

        client.generate(EditRequest.of(InputImage.of(large), "a"));
        client.generate(EditRequest.of(InputImage.of(large), "b"));

        assertThat(server.stats().fileUploads()).as("30 minutes left is too little to start a prediction safely")
                .isEqualTo(2);
    }

    @Test
    void aBatchOfEdits_isBoundedAndResumable() throws Exception {
        List<EditRequest> edits = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            edits.add(EditRequest.builder().model(EditModel.KONTEXT_DEV)
                    .image(InputImage.of(file("p" + i + ".png", Pictures.png(300 + i, 200))))
                    .prompt("on a white background").build());
        }
        FileBatchJournal journal = FileBatchJournal.at(dir.resolve("journal.jsonl"));
        BatchRequest batch = BatchRequest.builder().addAll(edits).maxConcurrency(2).journal("photos", journal)
                .build();

        BatchResult first = client.generateBatch(batch);
        BatchResult again = client.generateBatch(batch);

        assertThat(first.succeeded()).hasSize(6);
        assertThat(first.totalCost()).isEqualByComparingTo("0.150");
        assertThat(server.stats().maxInFlight()).isLessThanOrEqualTo(2);
        assertThat(again.succeeded()).hasSize(6).allSatisfy(i -> assertThat(i.result().orElseThrow().cached())
                .isTrue());
        assertThat(again.totalCost()).isZero();
        assertThat(server.stats().createRequests()).as("nothing created twice").isEqualTo(6);
        assertThat(client.estimateCost(batch).total()).as("nothing left to pay").isZero();
    }

    @Test
    void theEditedPlaceholderShowsTheSource() throws Exception {
        Path bag = file("bag.png", Pictures.png(400, 400));

        GenerationResult r = client.generate(EditRequest.builder().model(EditModel.KONTEXT_DEV).image(InputImage.of(bag))
                .prompt("x").outputFormat(OutputFormat.PNG).build());

        BufferedImage out = ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(
                Path.of(r.images().get(0).location()))));
        int corner = out.getRGB(out.getWidth() - 5, out.getHeight() - 5);
        int centre = out.getRGB(out.getWidth() / 2, out.getHeight() / 2 + out.getHeight() / 8);
        assertThat(corner).as("the grey background and the blue box stay apart, tinted alike").isNotEqualTo(centre);
        assertThat((centre & 0xff) > (centre >> 16 & 0xff)).as("the box is still bluer than red").isTrue();
    }
}
