package dev.fluxschnell.sdk.edits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fluxschnell.sdk.request.Background;
import dev.fluxschnell.sdk.request.BackgroundModel;
import dev.fluxschnell.sdk.pricing.CostEstimate;
import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.result.GenerationResult;
import dev.fluxschnell.sdk.request.InputImage;
import dev.fluxschnell.sdk.request.Model;
import dev.fluxschnell.sdk.request.OutputFormat;
import dev.fluxschnell.sdk.Pictures;
import dev.fluxschnell.sdk.request.RemoveBackgroundRequest;
import dev.fluxschnell.sdk.request.UpscaleModel;
import dev.fluxschnell.sdk.request.UpscaleRequest;
import dev.fluxschnell.sdk.errors.InvalidRequestException;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upscaling and background removal against the emulator: official models on their path and priced per image,
 * community models by version and billed by GPU time, their outputs really upscaled or cut out.
 */
class PostProcessingTest {
    @TempDir
    Path dir;

    FakeReplicateServer server;
    FluxSchnellClient client;

    @BeforeEach
    void start() {
        server = FakeReplicateServer.builder().urlOutputs().start();
        // version resolution in isolation: the schema check, which reads models too, is SchemaCheckTest's
        client = server.clientBuilder().storage(LocalFileStorage.of(dir.resolve("out"))).checkModels(false).build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private InputImage photo(int w, int h) throws Exception {
        Path p = dir.resolve("photo-" + w + "x" + h + ".png");
        Files.write(p, Pictures.png(w, h));
        return InputImage.of(p);
    }

    private static BufferedImage read(GenerationResult r) throws Exception {
        return ImageIO.read(Path.of(r.images().get(0).location()).toFile());
    }

    @Test
    void realEsrgan_byVersion_resolvedOnceAndCached_billedByGpuTime() throws Exception {
        GenerationResult four = client.generate(UpscaleRequest.of(photo(300, 200), 4));
        GenerationResult two = client.generate(UpscaleRequest.of(photo(100, 50), 2));

        assertThat(read(four).getWidth()).isEqualTo(1200);
        assertThat(read(four).getHeight()).isEqualTo(800);
        assertThat(read(two).getWidth()).isEqualTo(200);
        JsonNode input = server.createdInputs("nightmareai/real-esrgan").get(0);
        assertThat(input.path("scale").asInt()).isEqualTo(4);
        assertThat(input.path("image").asText()).startsWith("data:image/png;base64,");
        assertThat(server.stats().modelReads()).as("the latest version, read once per client").isEqualTo(1);
        assertThat(four.predictTime()).hasValueSatisfying(t -> assertThat(t.toMillis()).isGreaterThanOrEqualTo(1000));
        assertThat(four.cost()).as("predict_time × $0.000225/s").isEqualByComparingTo("0.000225");
        assertThat(four.costExact()).isTrue();
        assertThat(four.model()).isEqualTo(Model.REAL_ESRGAN);
    }

    @Test
    void recraftCrisp_official_perImage() throws Exception {
        GenerationResult r = client.generate(UpscaleRequest.builder().model(UpscaleModel.RECRAFT_CRISP)
                .image(photo(320, 240)).build());

        assertThat(read(r).getWidth()).isEqualTo(640);
        assertThat(r.cost()).isEqualByComparingTo("0.006");
        assertThat(server.stats().modelReads()).as("official: no version").isZero();
        assertThat(server.createdInputs("recraft-ai/recraft-crisp-upscale").get(0).fieldNames())
                .toIterable().containsExactly("image");
    }

    @Test
    void transparentWithBria_whiteWith851Labs() throws Exception {
        InputImage shoe = photo(200, 160);

        GenerationResult cutout = client.generate(RemoveBackgroundRequest.of(shoe));
        GenerationResult onWhite = client.generate(RemoveBackgroundRequest.of(shoe, Background.WHITE));

        assertThat(cutout.model()).isEqualTo(Model.BRIA_REMOVE_BACKGROUND);
        assertThat(cutout.images().get(0).format()).isEqualTo(OutputFormat.PNG);
        BufferedImage transparent = read(cutout);
        assertThat(transparent.getRGB(2, 2) >>> 24).as("the backdrop is transparent").isZero();
        assertThat(transparent.getRGB(100, 80) >>> 24).as("the product stays opaque").isEqualTo(255);
        assertThat(cutout.cost()).isEqualByComparingTo("0.018");

        assertThat(onWhite.model()).isEqualTo(Model.BACKGROUND_REMOVER);
        BufferedImage white = read(onWhite);
        assertThat(white.getRGB(2, 2) & 0xffffff).isEqualTo(0xffffff);
        assertThat(white.getRGB(100, 80) & 0xff).as("the blue product").isGreaterThan(150);
        assertThat(server.createdInputs("851-labs/background-remover").get(0).path("background_type").asText())
                .isEqualTo("white");
        assertThat(onWhite.costExact()).isTrue();
    }

    @Test
    void aColourOnBria_isRefusedAtBuild() throws Exception {
        InputImage shoe = photo(64, 64);
        assertThatThrownBy(() -> RemoveBackgroundRequest.builder().model(BackgroundModel.BRIA).image(shoe)
                .background(Background.WHITE).build()).hasMessageContaining("bria/remove-background answers a transparent background");
        assertThatThrownBy(() -> UpscaleRequest.of(shoe, 3)).hasMessageContaining("scale must be 2 or 4");
        assertThatThrownBy(() -> UpscaleRequest.builder().model(UpscaleModel.RECRAFT_CRISP).image(shoe).scale(4)
                .build()).hasMessageContaining("scale is not an input of recraft-ai/recraft-crisp-upscale");
        assertThatThrownBy(() -> UpscaleRequest.builder().model(UpscaleModel.RECRAFT_CRISP).image(photo(20, 20))
                .build()).hasMessageContaining("sides of 32-4096 pixels");
    }

    @Test
    void aPinnedVersionTheApiDoesNotKnow_failsNamingTheModelAndVersion() throws Exception {
        String stale = "0".repeat(64);
        try (FluxSchnellClient pinned = server.clientBuilder().storage(LocalFileStorage.of(dir.resolve("o2"))).checkModels(false)
                .modelVersion(Model.REAL_ESRGAN, stale).build()) {
            InputImage img = photo(64, 64);
            assertThatThrownBy(() -> pinned.generate(UpscaleRequest.of(img, 2)))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("nightmareai/real-esrgan version " + stale)
                    .hasMessageContaining("Invalid version or not permitted");
        }
        assertThat(server.stats().modelReads()).as("pinned: never looked up").isZero();
    }

    @Test
    void pinTestedVersions_pinsWhatThisReleaseWasTestedAgainst() throws Exception {
        try (FluxSchnellClient pinned = server.clientBuilder().storage(LocalFileStorage.of(dir.resolve("o3"))).checkModels(false)
                .pinTestedVersions().build()) {
            pinned.generate(RemoveBackgroundRequest.of(photo(64, 64), Background.WHITE));
        }
        assertThat(server.stats().modelReads()).isZero();
        assertThat(Model.BACKGROUND_REMOVER.testedVersion()).hasValue(server.latestVersion(
                "851-labs/background-remover"));
        assertThat(Model.BRIA_REMOVE_BACKGROUND.testedVersion()).as("its recorded schema's version, never pinned")
                .hasValue("4ed060b3587b7c3912353dd7d59000c883a6e1c5c9181ed7415c2624c2e8e392");
        assertThatThrownBy(() -> FluxSchnellClient.builder().modelVersion(Model.FLUX_SCHNELL, "a".repeat(64)))
                .hasMessageContaining("official model");
    }

    @Test
    void estimates_forGpuTime_areARange_neverZero() throws Exception {
        CostEstimate gpu = client.estimateCost(UpscaleRequest.of(photo(64, 64), 4));
        CostEstimate perImage = client.estimateCost(RemoveBackgroundRequest.of(photo(64, 64)));

        assertThat(gpu.isExact()).isFalse();
        assertThat(gpu.low()).isPositive();
        assertThat(gpu.total()).isGreaterThan(gpu.low());
        assertThat(gpu.toString()).contains(" to $", "known after the run");
        assertThat(perImage.isExact()).isTrue();
        assertThat(perImage.total()).isEqualByComparingTo("0.018");
    }
}
