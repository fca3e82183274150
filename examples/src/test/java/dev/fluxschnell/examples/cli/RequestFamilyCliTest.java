package dev.fluxschnell.examples.cli;

import static dev.fluxschnell.examples.cli.CliTestSupport.flux;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The request family from the command line: a prompt file holds any model's requests ({@code model=} and that model's
 * wire names, local images relative to the file); the dry run prints each prediction's wire inputs exactly as they
 * are then sent; {@code flux again} rebuilds any model's request from its sidecars; the gallery reads the sidecars'
 * sizes.
 */
class RequestFamilyCliTest {
    static final String MUG = "https://example.com/mug.png";

    @TempDir
    Path dir;

    /** A prompt file in a folder of its own, with local images beside it (under photos/). */
    Path promptFile() throws Exception {
        Path folder = dir.resolve("campaign");
        picture(folder.resolve("photos/bag.png"), false);
        picture(folder.resolve("photos/bag-mask.png"), true);
        Path p = folder.resolve("p.txt");
        Files.writeString(p, String.join("\n",
                "Blue sneaker on white | aspect_ratio=16:9 seed=42 style=realistic",
                "Make the mug blue | model=kontext-pro input_image=" + MUG + " seed=7",
                "Remove the label | model=fill-pro image=photos/bag.png mask=photos/bag-mask.png") + "\n",
                StandardCharsets.UTF_8);
        // models without a prompt: a JSON line (or a CSV row) names only their inputs
        Files.writeString(folder.resolve("more.jsonl"), "{\"model\":\"real-esrgan\",\"image\":\"photos/bag.png\","
                + "\"scale\":2}\n{\"model\":\"bria\",\"image\":\"" + MUG + "\"}\n", StandardCharsets.UTF_8);
        return p;
    }

    static void picture(Path p, boolean mask) throws Exception {
        BufferedImage img = new BufferedImage(128, 96, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(mask ? Color.BLACK : Color.LIGHT_GRAY);
        g.fillRect(0, 0, 128, 96);
        g.setColor(mask ? Color.WHITE : Color.BLUE);
        g.fillRect(32, 24, 64, 48);
        g.dispose();
        Files.createDirectories(p.getParent());
        ImageIO.write(img, "png", p.toFile());
    }

    /** Runs {@code call} with the token of {@code server} as the SDK reads it (a system property), then clears it. */
    static <T> T withToken(FakeReplicateServer server, Callable<T> call) throws Exception {
        System.setProperty(FluxSchnellClient.TOKEN_PROPERTY, server.token());
        try {
            return call.call();
        } finally {
            System.clearProperty(FluxSchnellClient.TOKEN_PROPERTY);
        }
    }

    @Test
    void dryRunJson_printsEachPredictionsModelAndWireInputs_withNoTokenAndNothingSent() throws Exception {
        Path prompts = promptFile();

        CliTestSupport.Run run = flux("batch", prompts.toString(), "--dry-run", "--json", "--out",
                dir.resolve("o").toString());

        assertThat(run.code()).as(run.err()).isZero();
        List<JsonNode> lines = EditCliTest.lines(run.out());
        assertThat(lines).extracting(n -> n.path("line").asInt()).containsExactly(1, 2, 3);
        assertThat(lines).extracting(n -> n.path("model").asText()).containsExactly("black-forest-labs/flux-schnell",
                "black-forest-labs/flux-kontext-pro", "black-forest-labs/flux-fill-pro");
        JsonNode schnell = lines.get(0);
        assertThat(schnell.path("inputs").path("prompt").asText()).as("as sent: the style's suffix applied")
                .startsWith("Blue sneaker on white, photorealistic");
        assertThat(schnell.path("inputs").path("aspect_ratio").asText()).isEqualTo("16:9");
        assertThat(schnell.path("inputs").path("seed").asLong()).isEqualTo(42);
        assertThat(schnell.path("settings").path("style").asText()).isEqualTo("realistic");
        assertThat(schnell.path("cost_usd").decimalValue()).isEqualByComparingTo("0.003");
        JsonNode kontext = lines.get(1);
        assertThat(kontext.path("inputs").path("input_image").asText()).isEqualTo(MUG);
        assertThat(kontext.path("inputs").path("prompt").asText()).isEqualTo("Make the mug blue");
        assertThat(kontext.path("cost_usd").decimalValue()).isEqualByComparingTo("0.04");
        JsonNode fill = lines.get(2);
        assertThat(fill.path("inputs").path("image").asText()).as("a local image, by its file name")
                .isEqualTo("bag.png");
        assertThat(fill.path("inputs").path("mask").asText()).isEqualTo("bag-mask.png");
        assertThat(run.err()).contains("dry run: 3 prediction(s)", "nothing sent").doesNotContain("SANDBOX");
        assertThat(dir.resolve("o")).doesNotExist();

        CliTestSupport.Run more = flux("batch", prompts.resolveSibling("more.jsonl").toString(), "--dry-run", "--json");
        assertThat(more.code()).as(more.err()).isZero();
        List<JsonNode> post = EditCliTest.lines(more.out());
        assertThat(post).extracting(n -> n.path("model").asText()).containsExactly("nightmareai/real-esrgan",
                "bria/remove-background");
        assertThat(post.get(0).path("inputs").path("image").asText()).isEqualTo("bag.png");
        assertThat(post.get(0).path("inputs").path("scale").asInt()).isEqualTo(2);
        assertThat(post.get(0).has("cost_usd_low")).as("GPU time: a range").isTrue();
        assertThat(post.get(1).path("inputs").path("image").asText()).isEqualTo(MUG);
    }

    @Test
    void aPromptFileOfEveryModel_runs_andEachModelIsSentWhatTheDryRunShowed() throws Exception {
        Path prompts = promptFile();
        Path out = dir.resolve("out");
        CliTestSupport.Run dry = flux("batch", prompts.toString(), "--dry-run", "--json");
        try (FakeReplicateServer server = FakeReplicateServer.start()) {
            CliTestSupport.Run run = withToken(server, () -> flux("batch", prompts.toString(), "--json", "--gallery",
                    "--base-url", server.baseUrl().toString(), "--out", out.toString()));

            assertThat(run.code()).as(run.err()).isZero();
            assertThat(EditCliTest.lines(run.out())).extracting(n -> n.path("model").asText())
                    .containsExactlyInAnyOrder("black-forest-labs/flux-schnell", "black-forest-labs/flux-kontext-pro",
                            "black-forest-labs/flux-fill-pro");
            for (JsonNode shown : EditCliTest.lines(dry.out())) {
                List<JsonNode> sent = server.createdInputs(shown.path("model").asText());
                assertThat(sent).as(shown.toString()).singleElement().satisfies(input -> {
                    Map<String, String> expected = texts(shown.path("inputs"));
                    Map<String, String> actual = texts(input);
                    assertThat(actual.keySet()).as("exactly the inputs the dry run showed")
                            .isEqualTo(expected.keySet());
                    expected.forEach((k, v) -> {
                        if (v.endsWith(".png")) { // a local file: sent as an upload or a data URI
                            assertThat(actual.get(k)).as(k).isNotBlank();
                        } else {
                            assertThat(actual.get(k)).as(k).isEqualTo(v);
                        }
                    });
                });
            }
        }
        String html = Files.readString(out.resolve("index.html"));
        assertThat(html).contains("black-forest-labs/flux-kontext-pro", "input_image=" + MUG,
                "<dt>Size</dt><dd>1344x768</dd>");
        Path sidecar;
        try (Stream<Path> files = Files.walk(out)) {
            sidecar = files.filter(p -> p.toString().endsWith(".json") && contains(p, "flux-fill-pro")).findFirst()
                    .orElseThrow();
        }
        JsonNode fill = EditCliTest.JSON.readTree(sidecar.toFile());
        assertThat(fill.path("image").asText()).isEqualTo("bag.png");
        assertThat(fill.path("mask").asText()).isEqualTo("bag-mask.png");
        assertThat(fill.path("prompt").asText()).isEqualTo("Remove the label");
    }

    @Test
    void again_rebuildsAnyModelsRequest_fromItsSidecars() throws Exception {
        Path prompts = dir.resolve("edits.txt");
        Files.writeString(prompts, "Make the mug blue | model=kontext-pro input_image=" + MUG
                + " aspect_ratio=4:3 seed=7\n");
        Path out = dir.resolve("out");
        try (FakeReplicateServer server = FakeReplicateServer.start()) {
            CliTestSupport.Run first = withToken(server, () -> flux("batch", prompts.toString(), "--json",
                    "--base-url", server.baseUrl().toString(), "--out", out.toString()));
            assertThat(first.code()).as(first.err()).isZero();
            String id = EditCliTest.lines(first.out()).get(0).path("prediction_id").asText();

            CliTestSupport.Run again = withToken(server, () -> flux("again", id, "--json", "--base-url",
                    server.baseUrl().toString(), "--out", out.toString()));

            assertThat(again.code()).as(again.err()).isZero();
            assertThat(EditCliTest.lines(again.out())).singleElement().satisfies(n -> {
                assertThat(n.path("model").asText()).isEqualTo("black-forest-labs/flux-kontext-pro");
                assertThat(n.path("prediction_id").asText()).isNotEqualTo(id);
            });
            assertThat(again.err()).contains("black-forest-labs/flux-kontext-pro", "seed 7")
                    .doesNotContain("fast path");
            List<JsonNode> sent = server.createdInputs("black-forest-labs/flux-kontext-pro");
            assertThat(sent).hasSize(2);
            Map<String, String> original = texts(sent.get(0));
            Map<String, String> rebuilt = texts(sent.get(1));
            assertThat(rebuilt).containsEntry("prompt", "Make the mug blue").containsEntry("input_image", MUG)
                    .containsEntry("aspect_ratio", "4:3").containsEntry("seed", "7");
            original.forEach((k, v) -> assertThat(rebuilt).as("what the first prediction was sent").containsEntry(k, v));
        }
    }

    @Test
    void anUnknownKeyForTheRowsModel_namesTheLineAndTheModel_andNothingIsSent() throws Exception {
        Path prompts = dir.resolve("bad.txt");
        Files.writeString(prompts, "fine\nMake it blue | model=kontext-pro input_image=" + MUG + " strength=0.5\n");

        CliTestSupport.Run run = flux("batch", prompts.toString(), "--sandbox", "--out", dir.resolve("o").toString());

        assertThat(run.code()).isEqualTo(FluxCli.USAGE);
        assertThat(run.err()).contains("bad.txt:2: unknown key 'strength' for black-forest-labs/flux-kontext-pro");
        assertThat(dir.resolve("o")).doesNotExist();
    }

    @Test
    void theOptionsAreTheDefaultsOfEveryRow_andABadOneIsReportedOnce() throws Exception {
        Path prompts = dir.resolve("p.txt");
        Files.writeString(prompts, "a\nb | format=png\nc | model=kontext-pro input_image=" + MUG + "\n");
        Path three = dir.resolve("three.txt");
        Files.writeString(three, "a\nb\nc\n");

        CliTestSupport.Run run = flux("batch", prompts.toString(), "--format", "jpg", "--quality", "70", "--dry-run",
                "--json");
        CliTestSupport.Run bad = flux("batch", three.toString(), "--aspect", "7:5", "--dry-run");

        assertThat(run.code()).as(run.err()).isZero();
        List<JsonNode> lines = EditCliTest.lines(run.out());
        assertThat(lines).extracting(n -> n.path("inputs").path("output_format").asText())
                .containsExactly("jpg", "png", "jpg");
        assertThat(lines.get(0).path("inputs").path("output_quality").asInt()).isEqualTo(70);
        assertThat(lines.get(2).path("inputs").has("output_quality")).as("kontext-pro has no output_quality")
                .isFalse();
        assertThat(bad.code()).isEqualTo(FluxCli.USAGE);
        assertThat(bad.err()).contains("--aspect-ratio '7:5' is not supported");
    }

    private static boolean contains(Path p, String text) {
        try {
            return Files.readString(p).contains(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** A JSON object's fields as text. */
    private static Map<String, String> texts(JsonNode object) {
        return object.properties().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().asText()));
    }
}
