package dev.fluxschnell.sdk.edits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fluxschnell.sdk.request.EditModel;
import dev.fluxschnell.sdk.request.EditRequest;
import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.request.InpaintModel;
import dev.fluxschnell.sdk.request.InpaintRequest;
import dev.fluxschnell.sdk.request.InputImage;
import dev.fluxschnell.sdk.request.Megapixels;
import dev.fluxschnell.sdk.request.OutputFormat;
import dev.fluxschnell.sdk.request.Outpaint;
import dev.fluxschnell.sdk.Pictures;
import dev.fluxschnell.sdk.batch.BatchOutcome;
import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.batch.BatchResult;
import dev.fluxschnell.sdk.errors.FluxSchnellException;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bad input is refused with a message naming it, before anything is sent or paid for. */
class BadInputsTest {
    @TempDir
    Path dir;

    FakeReplicateServer server;
    FluxSchnellClient client;

    @BeforeEach
    void start() {
        server = FakeReplicateServer.start();
        client = server.clientBuilder().storage(LocalFileStorage.of(dir.resolve("out"))).build();
    }

    @AfterEach
    void nothingWasSent() {
        client.close();
        assertThat(server.stats().totalRequests() - server.stats().modelReads())
                .as("nothing sent but the model's schema check").isZero();
        assertThat(server.stats().fileUploads()).isZero();
        server.close();
    }

    @Test
    void aMissingFile() {
        assertThatThrownBy(() -> InputImage.of(dir.resolve("nope.png")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope.png: no such file");
    }

    @Test
    void aFileThatIsNotAnImage_byItsBytes_whateverItsName() throws Exception {
        Path fake = dir.resolve("photo.png");
        Files.writeString(fake, "<html>not a picture</html>", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> InputImage.of(fake)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("photo.png is not an image");
        assertThatThrownBy(() -> InputImage.of(new byte[] {1, 2, 3})).hasMessageContaining("is not an image");
    }

    @Test
    void overOneHundredMebibytes() throws Exception {
        Path huge = dir.resolve("huge.png");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.write(Pictures.png(8, 8));
            f.setLength(100L * 1024 * 1024 + 1); // sparse: no 100 MiB written
        }

        assertThatThrownBy(() -> InputImage.of(huge)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("104857601 bytes; at most 104857600 (100 MiB)");
    }

    @Test
    void aMaskWhosePixelSizeDiffersFromTheImages() throws Exception {
        Path image = dir.resolve("a.png");
        Path mask = dir.resolve("m.png");
        Files.write(image, Pictures.png(640, 480));
        Files.write(mask, Pictures.mask(320, 240));

        assertThatThrownBy(() -> InpaintRequest.of(InputImage.of(image), InputImage.of(mask), "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the mask is 320x240 pixels but the image is 640x480");
    }

    @Test
    void anHttpUrl() {
        assertThatThrownBy(() -> InputImage.of(URI.create("http://example.com/bag.png")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http: URLs are refused");
        assertThatThrownBy(() -> InputImage.of(URI.create("ftp://example.com/bag.png")))
                .hasMessageContaining("only absolute https URLs");
    }

    @Test
    void settingsAModelDoesNotTake_orOutOfItsRange() throws Exception {
        InputImage img = InputImage.of(Pictures.png(64, 64));

        assertThatThrownBy(() -> EditRequest.builder().image(img).prompt("x").strength(0.5).build())
                .hasMessageContaining("strength (prompt_strength) is not an input of black-forest-labs/flux-kontext-pro");
        assertThatThrownBy(() -> EditRequest.builder().image(img).prompt("x").outputFormat(OutputFormat.WEBP).build())
                .hasMessageContaining("outputFormat must be one of jpg, png, was webp (output_format) for black-forest-labs/flux-kontext-pro");
        assertThatThrownBy(() -> EditRequest.builder().model(EditModel.FLUX_DEV).image(img).prompt("x").strength(1.5)
                .build()).hasMessageContaining("strength");
        assertThatThrownBy(() -> InpaintRequest.builder().model(InpaintModel.FILL_DEV).image(img)
                .outpaint(Outpaint.LEFT).prompt("x").build()).hasMessageContaining("outpaint is not an input of black-forest-labs/flux-fill-dev");
        assertThatThrownBy(() -> InpaintRequest.builder().image(img).prompt("x").build())
                .hasMessageContaining("mask is required");
        assertThatThrownBy(() -> InpaintRequest.builder().image(img).mask(img).prompt("x").matchInputSize(true)
                .build()).hasMessageContaining("matchInputSize (megapixels) is not an input of black-forest-labs/flux-fill-pro");
        assertThatThrownBy(() -> InpaintRequest.builder().model(InpaintModel.FILL_DEV).image(img).mask(img)
                .prompt("x").matchInputSize(true).megapixels(Megapixels.QUARTER).build())
                .hasMessageContaining("either megapixels or matchInputSize(true)");
        assertThatThrownBy(() -> EditRequest.builder().image(img).prompt(" ").build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFileDeletedAfterTheRequestWasBuilt_failsThatItemOnly_beforeItsCreate() throws Exception {
        Path gone = dir.resolve("gone.png");
        Files.write(gone, Pictures.pngOfSize(64, 64, 300_000));
        EditRequest bad = EditRequest.of(InputImage.of(gone), "x");
        Files.delete(gone);

        assertThatThrownBy(() -> client.generate(bad)).isInstanceOfSatisfying(FluxSchnellException.class, e -> {
            assertThat(e.predictionMayExist()).isFalse();
            assertThat(e.isRetryable()).isFalse();
        }).hasMessageContaining("gone.png");

        BatchResult r = client.generateBatch(BatchRequest.builder().add(bad).build());
        assertThat(r.items()).singleElement().satisfies(i -> assertThat(i.outcome()).isEqualTo(BatchOutcome.FAILED));
    }
}
