package dev.fluxschnell.examples.cli;

import static dev.fluxschnell.examples.cli.CliTestSupport.flux;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flux upscale}, {@code flux remove-background} and {@code flux batch --then ...}: the contract's names, JSON
 * lines, exit codes, and a pipeline batch killed mid-way that resumes without paying a step twice.
 */
class PostProcessingCliTest {
    @TempDir
    Path dir;

    Path picture(String name, int w, int h) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.LIGHT_GRAY);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLUE);
        g.fillRect(w / 4, h / 4, w / 2, h / 2);
        g.dispose();
        Path p = dir.resolve(name);
        ImageIO.write(img, "png", p.toFile());
        return p;
    }

    @Test
    void upscale_andRemoveBackground_printJsonLines_withEachModelsCost() throws Exception {
        Path shoe = picture("shoe.png", 120, 80);

        CliTestSupport.Run up = flux("upscale", shoe.toString(), "--scale", "2", "--sandbox", "--json", "--out",
                dir.resolve("up").toString());
        CliTestSupport.Run white = flux("remove-background", shoe.toString(), "--background", "white", "--sandbox",
                "--json", "--out", dir.resolve("white").toString());
        CliTestSupport.Run crisp = flux("upscale", shoe.toString(), "--model", "recraft-crisp", "--sandbox", "--out",
                dir.resolve("crisp").toString());

        assertThat(up.code()).as(up.err()).isZero();
        List<JsonNode> upLines = EditCliTest.lines(up.out());
        assertThat(upLines).singleElement().satisfies(n -> {
            assertThat(n.path("model").asText()).isEqualTo("nightmareai/real-esrgan");
            assertThat(n.path("cost_usd").decimalValue()).as("GPU time, at least a second").isPositive();
            assertThat(ImageIO.read(Path.of(n.path("path").asText()).toFile()).getWidth()).isEqualTo(240);
        });
        assertThat(up.err()).contains("the exact cost is known after the run");
        assertThat(white.code()).as(white.err()).isZero();
        assertThat(EditCliTest.lines(white.out())).singleElement().satisfies(n -> assertThat(n.path("model").asText())
                .isEqualTo("851-labs/background-remover"));
        assertThat(crisp.code()).as(crisp.err()).isZero();
        assertThat(crisp.out()).contains("1 image(s), $0.006");
    }

    @Test
    void badSteps_andSettings_exit2_withNothingSent() throws Exception {
        Path shoe = picture("shoe.png", 64, 64);
        Path prompts = dir.resolve("p.txt");
        Files.writeString(prompts, "a mug\n");
        Path out = dir.resolve("out");

        for (List<String> args : List.of(
                List.of("batch", prompts.toString(), "--then", "upscale:3"),
                List.of("batch", prompts.toString(), "--then", "blur"),
                List.of("upscale", shoe.toString(), "--scale", "8"),
                List.of("upscale", shoe.toString(), "--model", "recraft-crisp", "--scale", "2"),
                List.of("remove-background", shoe.toString(), "--model", "bria", "--background", "white"),
                List.of("remove-background", dir.resolve("nope.png").toString()))) {
            List<String> all = new ArrayList<>(args);
            all.addAll(List.of("--sandbox", "--out", out.toString()));
            CliTestSupport.Run run = flux(all.toArray(String[]::new));
            assertThat(run.code()).as(String.join(" ", all) + "\n" + run.err()).isEqualTo(FluxCli.USAGE);
        }
        assertThat(out).doesNotExist();
    }

    @Test
    void batchThen_runsEachPromptThroughTheSteps_andTheEstimateIsARange() throws Exception {
        Path prompts = dir.resolve("p.txt");
        Files.writeString(prompts, "white sneaker\nleather bag\n");

        CliTestSupport.Run estimate = flux("batch", prompts.toString(), "--then", "remove-background", "--then",
                "upscale:2", "--estimate", "--out", dir.resolve("o").toString());
        CliTestSupport.Run run = flux("batch", prompts.toString(), "--then", "remove-background", "--then",
                "upscale:2", "--sandbox", "--json", "--out", dir.resolve("o").toString());

        assertThat(estimate.out()).contains("2 prompt(s)", " to $");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(EditCliTest.lines(run.out())).hasSize(2).allSatisfy(n -> {
            assertThat(n.path("model").asText()).as("the model that made the image").isEqualTo(
                    "nightmareai/real-esrgan");
            BufferedImage img = ImageIO.read(Path.of(n.path("path").asText()).toFile());
            assertThat(img.getWidth()).isEqualTo(2048);
            assertThat(img.getColorModel().hasAlpha()).isTrue();
        });
    }

    @Test
    void anEditStepsInstruction_mayHaveACommaInThen_orEscapedInARow() throws Exception {
        Path prompts = dir.resolve("p.txt");
        Files.writeString(prompts, "a mug\na bag | then=\"edit:on oak\\, lit from the left,upscale:2\"\n");

        CliTestSupport.Run run = flux("batch", prompts.toString(), "--then", "edit:on marble, lit from the left",
                "--dry-run", "--json");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(EditCliTest.lines(run.out())).extracting(n -> n.path("settings").path("then").asText())
                .containsExactly("edit:on marble\\, lit from the left", "edit:on oak\\, lit from the left,upscale:2");
    }

    @Test
    void aPipelineBatchKilledMidWay_resumes_andNoStepIsPaidTwice() throws Exception {
        Path prompts = dir.resolve("p.txt");
        Files.write(prompts, IntStream.range(0, 8).mapToObj(i -> "product " + i).toList());
        Path out = dir.resolve("out");
        try (FakeReplicateServer server = FakeReplicateServer.builder().latency(Duration.ofMillis(400)).start()) {
            List<String> args = List.of("batch", prompts.toString(), "--then", "remove-background", "--then",
                    "upscale:2", "--concurrency", "2", "--base-url", server.baseUrl().toString(), "--out",
                    out.toString());
            Process first = cli(args, server.token(), dir.resolve("first.log"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (KillAndResumeTest.storedLines(out) < 4 && first.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            assertThat(Files.readString(dir.resolve("first.log"))).doesNotContain("Exception");

            Process second = cli(args, server.token(), dir.resolve("second.log"));
            assertThat(second.waitFor(90, TimeUnit.SECONDS)).isTrue();

            assertThat(second.exitValue()).as(Files.readString(dir.resolve("second.log"))).isZero();
            for (String model : List.of("black-forest-labs/flux-schnell", "bria/remove-background",
                    "nightmareai/real-esrgan")) {
                assertThat(server.createdInputs(model)).as(model + ": once per item, never twice").hasSize(8);
            }
            Map<String, Long> prompts2 = server.createdInputs("black-forest-labs/flux-schnell").stream()
                    .collect(Collectors.groupingBy(n -> n.path("prompt").asText(), Collectors.counting()));
            assertThat(prompts2).hasSize(8).allSatisfy((p, n) -> assertThat(n).isEqualTo(1));
            assertThat(CliTestSupport.journal(out, "batch", server.baseUrl().toString())).as("every item stored").hasSizeGreaterThanOrEqualTo(8);
        }
    }

    /** The CLI in its own JVM (to kill it), against an API this test runs, its token in the environment. */
    private static Process cli(List<String> args, String token, Path log) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), FluxCli.class.getName()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("REPLICATE_API_TOKEN", token);
        return pb.start();
    }
}
