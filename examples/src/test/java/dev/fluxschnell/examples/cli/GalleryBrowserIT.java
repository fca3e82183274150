package dev.fluxschnell.examples.cli;

import static dev.fluxschnell.examples.cli.CliTestSupport.flux;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the generated gallery in headless Chromium (Debian's package, driven by playwright-core) and checks that every
 * image decoded. Skipped, with the reason, where Chromium or the Node helper is not installed; on CI, where
 * {@code .ci/run} installs both, a missing one fails the test.
 */
class GalleryBrowserIT {
    static final Path HELPER = Path.of("src/test/gallery");

    @TempDir
    Path dir;

    @Test
    void gallery_rendersInChromium_withEveryImageDecoded() throws Exception {
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
        require(Files.isExecutable(chromium), "Chromium not installed at " + chromium
                + " (apt-get install chromium; .ci/run does this)");
        require(Files.isDirectory(HELPER.resolve("node_modules/playwright-core")),
                "playwright-core not installed (npm ci --prefix examples/src/test/gallery; .ci/run does this)");

        Path prompts = dir.resolve("p.txt");
        Files.writeString(prompts, "Minimalist white sneaker\nSteaming cup of coffee\nCozy reading nook\n");
        Path out = dir.resolve("out");
        CliTestSupport.Run run = flux("batch", prompts.toString(), "--out", out.toString(), "--sandbox", "--gallery",
                "--aspect", "4:3");
        assertThat(run.code()).as(run.err()).isZero();

        Path shot = Path.of("target/gallery-screenshot.png").toAbsolutePath();
        Process p = new ProcessBuilder("node", HELPER.resolve("check-gallery.mjs").toString(),
                out.resolve("index.html").toString(), shot.toString()).redirectErrorStream(false).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("browser finished").isTrue();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(stderr).isZero();

        JsonNode result = new ObjectMapper().readTree(stdout);
        assertThat(result.path("images").asInt()).isEqualTo(3);
        assertThat(result.path("decoded").asInt()).as("broken: " + result.path("broken")).isEqualTo(3);
        assertThat(Files.size(shot)).isGreaterThan(10_000);
    }

    /** Skips with the reason locally; on CI ({@code CI=true}), where .ci/run installs everything, fails instead. */
    static void require(boolean ok, String reason) {
        if (!ok && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI must run the gallery test, but: " + reason);
        }
        Assumptions.assumeTrue(ok, reason);
    }
}
