package dev.fluxschnell.examples.cli;

import static dev.fluxschnell.examples.cli.CliTestSupport.flux;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import dev.fluxschnell.sdk.batch.TimeEstimate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The options scripts rely on: templates over catalogues, the dry run (plain and JSON), output names, the size and
 * quality options, standard input, the token as a system property, the time estimate, and {@code flux again}.
 */
class TemplateCliTest {
    @TempDir
    Path dir;

    Path file(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void dryRun_needsNoTokenAndSendsNothing_printingEveryPrediction() throws Exception {
        Path prompts = file("p.txt", "Blue sneaker | aspect_ratio=16:9 seed=42\nLeather bag | count=6\n");

        CliTestSupport.Run plain = flux("batch", prompts.toString(), "--style", "realistic", "--dry-run", "--out",
                dir.resolve("o").toString());
        CliTestSupport.Run json = flux("batch", prompts.toString(), "--dry-run", "--json", "--out",
                dir.resolve("o").toString());

        assertThat(plain.code()).as(plain.err()).isZero();
        assertThat(plain.out()).contains("line 1", "black-forest-labs/flux-schnell",
                "prompt=\"Blue sneaker, photorealistic", "aspect_ratio=16:9", "seed=42", "style=realistic", "line 2",
                "4 image(s)", "2 image(s)", "dry run: 3 prediction(s)", "nothing sent", "≈");
        List<JsonNode> lines = EditCliTest.lines(json.out());
        assertThat(lines).hasSize(3);
        JsonNode first = lines.get(0);
        assertThat(first.path("line").asInt()).isEqualTo(1);
        assertThat(first.path("model").asText()).isEqualTo("black-forest-labs/flux-schnell");
        assertThat(first.path("inputs").path("prompt").asText()).isEqualTo("Blue sneaker");
        assertThat(first.path("inputs").path("aspect_ratio").asText()).isEqualTo("16:9");
        assertThat(first.path("inputs").path("seed").isNumber()).as("typed as sent").isTrue();
        assertThat(first.path("inputs").has("output_quality")).as("unset: the model's default applies").isFalse();
        assertThat(first.path("images").asInt()).isEqualTo(1);
        assertThat(first.path("cost_usd").decimalValue()).isEqualByComparingTo("0.003");
        assertThat(lines).extracting(n -> n.path("images").asInt()).containsExactly(1, 4, 2);
        assertThat(lines.get(1).path("inputs").path("num_outputs").asInt()).isEqualTo(4);
        assertThat(json.err()).contains("dry run");
        assertThat(dir.resolve("o")).doesNotExist();
    }

    @Test
    void templateOverACatalogue_andMissingVariablesNameTheRow() throws Exception {
        Path catalogue = file("products.csv", "product,color\nmug,white\nbag,black\n");
        Path bad = file("bad.csv", "product,color\nmug,\n");

        CliTestSupport.Run run = flux("batch", catalogue.toString(), "--template",
                "studio photo of {product}, {color} background", "--dry-run", "--json");
        CliTestSupport.Run missing = flux("batch", bad.toString(), "--template",
                "studio photo of {product}, {color} background", "--dry-run");
        CliTestSupport.Run malformed = flux("batch", catalogue.toString(), "--template", "photo of {product",
                "--dry-run");

        assertThat(EditCliTest.lines(run.out())).extracting(n -> n.path("inputs").path("prompt").asText()).containsExactly(
                "studio photo of mug, white background", "studio photo of bag, black background");
        assertThat(missing.code()).isEqualTo(FluxCli.USAGE);
        assertThat(missing.err()).contains("bad.csv:2: no value for {color}");
        assertThat(malformed.code()).isEqualTo(FluxCli.USAGE);
        assertThat(malformed.err()).contains("is not closed");
    }

    @Test
    void savedTemplate_withoutAFile_expandsTheProductOfItsVariables() throws Exception {
        Path t = file("spring.json", "{\"name\":\"spring\",\"template\":\"{product} in {color}\",\"defaults\":"
                + "{\"aspect_ratio\":\"4:5\"},\"variables\":{\"product\":[\"mug\",\"bag\",\"hat\"],\"color\":"
                + "[\"red\",\"blue\"]}}");

        CliTestSupport.Run run = flux("batch", "--template-file", t.toString(), "--dry-run", "--json");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(EditCliTest.lines(run.out())).hasSize(6).allSatisfy(n -> assertThat(n.path("inputs")
                .path("aspect_ratio").asText()).isEqualTo("4:5"));
    }

    @Test
    void sizeStepsQualityMegapixels_andTheirLimits() throws Exception {
        Path prompts = file("p.txt", "a mug\n");

        CliTestSupport.Run sized = flux("batch", prompts.toString(), "--size", "1080x1350", "--steps", "2",
                "--quality", "70", "--dry-run");
        CliTestSupport.Run quarter = flux("batch", prompts.toString(), "--megapixels", "0.25", "--dry-run");

        assertThat(sized.out()).contains("aspect_ratio=4:5", "megapixels=1 ", "num_inference_steps=2",
                "output_quality=70");
        assertThat(quarter.out()).contains("megapixels=0.25").doesNotContain("aspect_ratio");
        for (String[] bad : List.of(new String[] {"--steps", "9"}, new String[] {"--quality", "101"},
                new String[] {"--size", "10x10000"}, new String[] {"--size", "1024x768x2"},
                new String[] {"--size", "1024x768", "--aspect-ratio", "16:9"},
                new String[] {"--megapixels", "2"})) {
            List<String> args = new ArrayList<>(List.of("batch", prompts.toString(), "--dry-run"));
            args.addAll(List.of(bad));
            CliTestSupport.Run run = flux(args.toArray(String[]::new));
            assertThat(run.code()).as(String.join(" ", args) + "\n" + run.err()).isEqualTo(FluxCli.USAGE);
        }
    }

    @Test
    void outputNames_fromAPattern_andDuplicatesAreRefused() throws Exception {
        Path prompts = file("p.txt", "Blue sneaker, on white!\nLeather bag | count=2\n");
        Path out = dir.resolve("out");

        CliTestSupport.Run run = flux("batch", prompts.toString(), "--name", "{line:03}-{slug}", "--sandbox", "--out",
                out.toString());
        CliTestSupport.Run dup = flux("batch", file("d.txt", "a\na\n").toString(), "--name", "{slug}", "--dry-run");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(out.resolve("001-blue-sneaker-on-white.webp")).exists();
        assertThat(out.resolve("002-leather-bag-1.webp")).exists();
        assertThat(out.resolve("002-leather-bag-2.webp")).exists();
        assertThat(dup.code()).isEqualTo(FluxCli.USAGE);
        assertThat(dup.err()).contains("output name 'a' is used twice");
    }

    @Test
    void outputNames_fromCatalogueColumns_andTemplateVariables() throws Exception {
        Path catalogue = file("products.csv", "product,color,sku\nceramic mug,white,A1\ncanvas tote,black,A2\n");
        Path holes = file("holes.csv", "product,color,sku\nmug,white,A1\nbag,black,\n");
        Path saved = file("spring.json", "{\"template\":\"{product} in {color}\",\"variables\":{\"product\":"
                + "[\"mug\",\"bag\"],\"color\":[\"red\",\"blue\"]}}");
        String template = "studio photo of {product}, {color} background";
        Path out = dir.resolve("out");

        CliTestSupport.Run run = flux("batch", catalogue.toString(), "--template", template, "--name",
                "{sku}-{color}", "--sandbox", "--out", out.toString());
        CliTestSupport.Run combos = flux("batch", "--template-file", saved.toString(), "--name",
                "{product}-{color}-{line:03}", "--sandbox", "--out", dir.resolve("combos").toString());
        CliTestSupport.Run unknown = flux("batch", catalogue.toString(), "--template", template, "--name", "{skus}",
                "--dry-run");
        CliTestSupport.Run blank = flux("batch", holes.toString(), "--template", template, "--name", "{sku}",
                "--dry-run");
        CliTestSupport.Run unsafe = flux("batch", catalogue.toString(), "--template", template, "--name",
                "{product}", "--dry-run");
        CliTestSupport.Run noColumnsWithoutAFile = flux("batch", "--template-file", saved.toString(), "--name",
                "{sku}", "--dry-run");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(out.resolve("A1-white.webp")).exists();
        assertThat(out.resolve("A2-black.webp")).exists();
        assertThat(combos.code()).as(combos.err()).isZero();
        assertThat(dir.resolve("combos")).isDirectoryContaining("glob:**/mug-red-001.webp")
                .isDirectoryContaining("glob:**/bag-blue-004.webp");
        assertThat(unknown.code()).isEqualTo(FluxCli.USAGE);
        assertThat(unknown.err().strip()).isEqualTo("error: --name {skus}: there is no {skus}; the variables are "
                + "{line}, {slug}, {name}, {product}, {color}, {sku}");
        assertThat(blank.code()).isEqualTo(FluxCli.USAGE);
        assertThat(blank.err()).contains(holes + ":3: --name uses {sku} but this row has no sku");
        assertThat(unsafe.code()).as("names go through the SDK's checks").isEqualTo(FluxCli.USAGE);
        assertThat(unsafe.err()).contains(catalogue + ":2: an output name is letters, digits", "'ceramic mug'");
        assertThat(noColumnsWithoutAFile.err()).contains("the variables are {line}, {slug}, {name}, {product}, "
                + "{color}");
    }

    @Test
    void outputNamesFromColumns_thatCollideOnceNumbered_orAreDeviceNames_nameTheRows() throws Exception {
        Path numbered = file("numbered.csv", "prompt,sku,count\nmug,A,2\nbag,A-1,\n");
        Path device = file("device.jsonl", "{\"prompt\":\"mug\",\"sku\":\"ok\"}\n{\"prompt\":\"bag\",\"sku\":\"CON\"}\n");

        CliTestSupport.Run collide = flux("batch", numbered.toString(), "--template", "{prompt}", "--name", "{sku}",
                "--dry-run");
        CliTestSupport.Run con = flux("batch", device.toString(), "--template", "{prompt}", "--name", "{sku}",
                "--dry-run");

        assertThat(collide.code()).isEqualTo(FluxCli.USAGE);
        assertThat(collide.err()).contains("'A-1' (" + numbered + ":2)", numbered + ":3");
        assertThat(con.code()).isEqualTo(FluxCli.USAGE);
        assertThat(con.err()).contains(device + ":2: ", "device name");
    }

    @Test
    void standardInput_andTheTimeEstimate() throws Exception {
        InputStream before = System.in;
        try {
            System.setIn(new ByteArrayInputStream("prompt,aspect_ratio\nmug,16:9\nbag,1:1\n"
                    .getBytes(StandardCharsets.UTF_8)));
            CliTestSupport.Run run = flux("batch", "-", "--estimate", "--out", dir.resolve("o").toString());
            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.out()).contains("2 prompt(s) in standard input", "2 prediction(s) ≈ 3 s at 600/min",
                    "on a low-credit account");
        } finally {
            System.setIn(before);
        }
        assertThat(TimeEstimate.of(500).toString()).contains("500 prediction(s) ≈ 52 s at 600/min", "≈ 83 min on a "
                + "low-credit account");
    }

    @Test
    void theTokenAsASystemProperty_andAgainRegeneratesWithTheSeed() throws Exception {
        Path prompts = file("p.txt", "a red mug | seed=1234\n");
        Path out = dir.resolve("out");
        try (FakeReplicateServer server = FakeReplicateServer.start()) {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Dreplicate.apiToken=" + server.token(), "-cp", System.getProperty("java.class.path"),
                    FluxCli.class.getName(), "batch", prompts.toString(), "--json", "--base-url",
                    server.baseUrl().toString(), "--out", out.toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(dir.resolve("err.log").toFile());
            pb.environment().remove("REPLICATE_API_TOKEN");
            Process p = pb.start();
            String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(Files.readString(dir.resolve("err.log"))).isZero();
            String id = EditCliTest.lines(stdout).get(0).path("prediction_id").asText();

            CliTestSupport.Run again = flux("again", id, "--sandbox", "--json", "--out", out.toString());
            CliTestSupport.Run unknown = flux("again", "nope", "--sandbox", "--out", out.toString());

            assertThat(again.code()).as(again.err()).isZero();
            assertThat(EditCliTest.lines(again.out())).singleElement().satisfies(n -> assertThat(
                    n.path("prediction_id").asText()).isNotEqualTo(id));
            assertThat(again.err()).contains("seed 1234", "fast path was on");
            assertThat(unknown.code()).isEqualTo(FluxCli.USAGE);
            assertThat(unknown.err()).contains("no image of prediction nope");
        }
    }
}
