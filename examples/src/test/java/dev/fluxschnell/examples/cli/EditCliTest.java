package dev.fluxschnell.examples.cli;

import static dev.fluxschnell.examples.cli.CliTestSupport.flux;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fluxschnell.sdk.batch.BatchJournal;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flux edit} and {@code flux inpaint}, the contract users script against: the option names, {@code --json}
 * (one object per output image on stdout), {@code --base-url}, exit codes 0/1/2/3, and resume after a kill.
 */
class EditCliTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    Path picture(String name, int w, int h, boolean mask) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(mask ? Color.BLACK : Color.LIGHT_GRAY);
        g.fillRect(0, 0, w, h);
        g.setColor(mask ? Color.WHITE : Color.BLUE);
        g.fillRect(w / 4, h / 4, w / 2, h / 2);
        g.dispose();
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        ImageIO.write(img, name.endsWith(".jpg") ? "jpg" : "png", p.toFile());
        return p;
    }

    static List<JsonNode> lines(String stdout) throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            if (!line.isBlank()) {
                nodes.add(JSON.readTree(line));
            }
        }
        return nodes;
    }

    @Test
    void edit_json_printsOneObjectPerImage_andProgressOnStderr() throws Exception {
        Path bag = picture("bag.png", 300, 200, false);
        Path out = dir.resolve("out");

        CliTestSupport.Run run = flux("edit", bag.toString(), "--prompt", "make the bag red", "--sandbox", "--json",
                "--out", out.toString());

        assertThat(run.code()).as(run.err()).isZero();
        List<JsonNode> images = lines(run.out());
        assertThat(images).singleElement().satisfies(n -> {
            assertThat(n.path("model").asText()).isEqualTo("black-forest-labs/flux-kontext-pro");
            assertThat(n.path("cost_usd").decimalValue()).isEqualByComparingTo("0.04");
            assertThat(n.path("prediction_id").asText()).isNotBlank();
            assertThat(Path.of(n.path("path").asText())).exists();
            assertThat(n.path("path").asText()).endsWith(".png");
        });
        assertThat(run.err()).contains(Session.SANDBOX_BANNER, "1 item(s): ", "0 already stored");
    }

    @Test
    void everyCommand_takesTheCommonOptions_andGenerateSpeaksJsonToo() throws Exception {
        for (String command : List.of("generate", "batch", "edit", "inpaint")) {
            assertThat(flux(command, "--help").out()).as(command).contains("--out", "--json", "--sandbox",
                    "--base-url");
        }
        for (String command : List.of("generate", "batch", "edit", "inpaint", "upscale", "remove-background",
                "again")) {
            assertThat(flux(command, "--help").out()).as(command).contains("--estimate", "--budget", "--yes",
                    "--max-predictions", "--fresh");
        }
        assertThat(flux("--help").out()).contains("edit", "inpaint", "2   bad input or configuration: nothing sent",
                "3   the run would spend more than allowed (--budget) or than", "$1.00", "100 predictions");

        CliTestSupport.Run run = flux("generate", "a red bicycle", "--count", "2", "--sandbox", "--json", "--out",
                dir.resolve("out").toString());

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(lines(run.out())).hasSize(2).allSatisfy(n -> {
            assertThat(n.path("model").asText()).isEqualTo("black-forest-labs/flux-schnell");
            assertThat(n.path("cost_usd").decimalValue()).isEqualByComparingTo("0.003");
        });
    }

    @Test
    void edit_aDirectoryWithFluxDev_makesEveryImage() throws Exception {
        picture("photos/a.png", 200, 200, false);
        picture("photos/b.jpg", 240, 160, false);
        Files.writeString(dir.resolve("photos/notes.txt"), "not an image");

        CliTestSupport.Run run = flux("edit", dir.resolve("photos").toString(), "--prompt", "on marble", "--model",
                "flux-dev", "--strength", "0.5", "--count", "2", "--seed", "7", "--sandbox", "--json", "--out",
                dir.resolve("out").toString());

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(lines(run.out())).hasSize(4).allSatisfy(n -> {
            assertThat(n.path("model").asText()).isEqualTo("black-forest-labs/flux-dev");
            assertThat(n.path("cost_usd").decimalValue()).isEqualByComparingTo("0.025");
        });
    }

    @Test
    void inpaint_withAMask_andOutpaint() throws Exception {
        Path bag = picture("bag.png", 256, 192, false);
        Path mask = picture("mask.png", 256, 192, true);

        CliTestSupport.Run masked = flux("inpaint", bag.toString(), "--mask", mask.toString(), "--prompt",
                "no label", "--sandbox", "--json", "--out", dir.resolve("o1").toString());
        CliTestSupport.Run out = flux("inpaint", bag.toString(), "--outpaint", "Zoom out 2x", "--prompt", "a shelf",
                "--model", "fill-pro", "--sandbox", "--out", dir.resolve("o2").toString());

        assertThat(masked.code()).as(masked.err()).isZero();
        assertThat(lines(masked.out())).singleElement().satisfies(n -> assertThat(n.path("model").asText())
                .isEqualTo("black-forest-labs/flux-fill-pro"));
        assertThat(out.code()).as(out.err()).isZero();
        assertThat(out.out()).contains(".jpg", "1 image(s), $0.05");
    }

    @Test
    void inpaint_fillDev_matchInputSize_keepsTheSourcesSize() throws Exception {
        Path bag = picture("bag.png", 256, 192, false);
        Path mask = picture("mask.png", 256, 192, true);

        CliTestSupport.Run run = flux("inpaint", bag.toString(), "--mask", mask.toString(), "--prompt", "no label",
                "--model", "fill-dev", "--match-input-size", "--format", "png", "--sandbox", "--json", "--out",
                dir.resolve("o").toString());

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(lines(run.out())).singleElement().satisfies(n -> {
            var img = ImageIO.read(Path.of(n.path("path").asText()).toFile());
            assertThat(img.getWidth()).isEqualTo(256);
            assertThat(img.getHeight()).isEqualTo(192);
        });
    }

    @Test
    void inpaint_theMaskInTheImagesAlpha_sendsNoMask() throws Exception {
        Path bag = picture("bag.png", 256, 192, false);

        CliTestSupport.Run run = flux("inpaint", bag.toString(), "--mask-in-alpha", "--prompt", "no label",
                "--sandbox", "--json", "--out", dir.resolve("a").toString());

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(lines(run.out())).singleElement().satisfies(n -> assertThat(n.path("model").asText())
                .isEqualTo("black-forest-labs/flux-fill-pro"));
    }

    @Test
    void badInput_exits2_andNothingIsMade() throws Exception {
        Path bag = picture("bag.png", 256, 192, false);
        Path smallMask = picture("small.png", 128, 96, true);
        Path text = dir.resolve("fake.png");
        Files.writeString(text, "hello");
        Path out = dir.resolve("out");

        Map<String[], String> cases = new HashMap<>();
        cases.put(new String[] {"edit", dir.resolve("missing.png").toString(), "--prompt", "x"}, "no such file");
        cases.put(new String[] {"edit", text.toString(), "--prompt", "x"}, "is not an image");
        cases.put(new String[] {"edit", "http://example.com/a.png", "--prompt", "x"}, "http: URLs are refused");
        cases.put(new String[] {"edit", bag.toString(), "--prompt", "x", "--strength", "0.5"},
                "--strength is not an input of black-forest-labs/flux-kontext-pro");
        cases.put(new String[] {"edit", bag.toString(), "--prompt", "x", "--model", "sdxl"}, "edit model 'sdxl'");
        cases.put(new String[] {"inpaint", bag.toString(), "--mask", smallMask.toString(), "--prompt", "x"},
                "the mask is 128x96 pixels but the image is 256x192");
        cases.put(new String[] {"inpaint", bag.toString(), "--prompt", "x"}, "mask is required");
        cases.put(new String[] {"edit", bag.toString()}, "Missing required option: '--prompt");
        for (Map.Entry<String[], String> c : cases.entrySet()) {
            List<String> args = new ArrayList<>(List.of(c.getKey()));
            args.addAll(List.of("--sandbox", "--out", out.toString()));
            CliTestSupport.Run run = flux(args.toArray(String[]::new));
            assertThat(run.code()).as(String.join(" ", args) + "\n" + run.err()).isEqualTo(FluxCli.USAGE);
            assertThat(run.err()).contains(c.getValue());
        }
        assertThat(out).doesNotExist();
    }

    @Test
    void outputNames_fromTheSource_andMistakesExit2() throws Exception {
        picture("photos/bag.png", 64, 64, false);
        picture("photos/shoe.jpg", 64, 64, false);
        Path out = dir.resolve("named");

        CliTestSupport.Run run = flux("edit", dir.resolve("photos").toString() + "/", "--prompt", "make it red",
                "--name", "red/{source}", "--sandbox", "--json", "--out", out.toString());
        CliTestSupport.Run unknown = flux("edit", dir.resolve("photos").toString(), "--prompt", "x", "--name",
                "{sku}", "--sandbox", "--out", dir.resolve("o").toString());
        CliTestSupport.Run same = flux("edit", dir.resolve("photos").toString(), "--prompt", "x", "--name", "same",
                "--sandbox", "--out", dir.resolve("o").toString());

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(lines(run.out())).extracting(n -> Path.of(n.path("path").asText()).getFileName().toString())
                .containsExactlyInAnyOrder("bag.png", "shoe.png");
        assertThat(out.resolve("red/bag.png")).exists();
        assertThat(out.resolve("red/shoe.png")).exists();
        assertThat(unknown.code()).isEqualTo(FluxCli.USAGE);
        assertThat(unknown.err().strip()).isEqualTo("error: --name {sku}: there is no {sku}; the variables are "
                + "{source}");
        assertThat(same.code()).isEqualTo(FluxCli.USAGE);
        assertThat(same.err()).contains("shoe.jpg: output name 'same' is used twice");
        assertThat(dir.resolve("o")).doesNotExist();
    }

    @Test
    void overBudget_exits3_andEstimatePrintsWithoutSpending() throws Exception {
        picture("photos/a.png", 64, 64, false);
        picture("photos/b.png", 64, 64, false);
        Path out = dir.resolve("out");

        CliTestSupport.Run over = flux("edit", dir.resolve("photos").toString(), "--prompt", "x", "--budget", "0.05",
                "--sandbox", "--out", out.toString());
        CliTestSupport.Run estimate = flux("edit", dir.resolve("photos").toString(), "--prompt", "x", "--estimate",
                "--out", out.toString());

        assertThat(over.code()).isEqualTo(FluxCli.OVER_BUDGET);
        assertThat(over.err()).contains("estimated cost $0.08 exceeds the budget of $0.05; nothing was sent");
        assertThat(estimate.code()).isZero();
        assertThat(estimate.out()).contains("2 item(s): ", "$0.08");
        assertThat(out).doesNotExist();
    }

    @Test
    void baseUrl_sendsToThatApi_withTheTokenFromTheEnvironment() throws Exception {
        Path bag = picture("bag.png", 300, 200, false);
        try (FakeReplicateServer server = FakeReplicateServer.builder().urlOutputs().start()) {
            Process p = cli(List.of("edit", bag.toString(), "--prompt", "make it red", "--model", "kontext-dev",
                    "--json", "--base-url", server.baseUrl().toString(), "--out", dir.resolve("out").toString()),
                    Map.of("REPLICATE_API_TOKEN", server.token()), dir.resolve("run.log"));
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(p.exitValue()).as(Files.readString(dir.resolve("run.log"))).isZero();
            assertThat(lines(stdout)).singleElement().satisfies(n -> assertThat(n.path("model").asText())
                    .isEqualTo("black-forest-labs/flux-kontext-dev"));
            assertThat(server.createdInputs("black-forest-labs/flux-kontext-dev")).hasSize(1);
        }
    }

    @Test
    void aKilledEditOfManyPhotos_resumes_andNeverEditsAStoredOneAgain() throws Exception {
        for (int i = 0; i < 12; i++) {
            picture("photos/p" + (i < 10 ? "0" : "") + i + ".png", 64 + i, 64, false);
        }
        Path out = dir.resolve("out");
        List<String> args = List.of("edit", dir.resolve("photos").toString(), "--prompt", "white background",
                "--model", "kontext-dev", "--sandbox", "--concurrency", "2", "--out", out.toString());
        Process first = cli(args, Map.of(), dir.resolve("first.log"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (KillAndResumeTest.storedLines(out) < 3 && first.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        long stored = KillAndResumeTest.storedLines(out);
        assertThat(stored).as(Files.readString(dir.resolve("first.log"))).isBetween(3L, 11L);
        Map<Path, FileTime> before = KillAndResumeTest.images(out);

        CliTestSupport.Run second = flux(args.toArray(String[]::new));

        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.out()).contains("12 item(s): ", stored + " already stored", (12 - stored) + " to run");
        Map<Path, FileTime> after = KillAndResumeTest.images(out);
        assertThat(after).hasSize(12);
        before.forEach((f, t) -> assertThat(after).as("kept, not edited again: " + f).containsEntry(f, t));
        assertThat(CliTestSupport.sandboxJournal(out, "edit").values()).hasSize(12).allMatch(BatchJournal.Entry::isStored);
        assertThat(KillAndResumeTest.storedLines(out)).as("each photo stored once").isEqualTo(12);
    }

    /** Runs the CLI in its own JVM (to kill it, or to give it environment variables), stdout piped. */
    private static Process cli(List<String> args, Map<String, String> env, Path log) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), FluxCli.class.getName()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(log.toFile());
        pb.environment().remove("REPLICATE_API_TOKEN");
        pb.environment().putAll(env);
        if (args.contains("--sandbox")) {
            pb.redirectOutput(new File(log + ".out"));
        }
        return pb.start();
    }
}
