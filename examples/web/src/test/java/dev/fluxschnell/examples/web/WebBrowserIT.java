package dev.fluxschnell.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The web example's page driven in headless Chromium (Debian's package, driven by playwright-core) as a person would
 * use it, against the bundled emulator. Skipped, with the reason, without Chromium or playwright-core; on CI
 * ({@code CI=true}), where {@code .ci/run} installs both, it fails instead. A browser test: it runs in
 * {@code mvn verify}.
 */
class WebBrowserIT {
    static final Path HELPER = Path.of("../src/test/gallery");
    static ConfigurableApplicationContext app;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        Path images = Files.createTempDirectory("web-images");
        app = WebApp.start("--server.port=0", "--web.sandbox=true", "--flux-schnell.storage.directory=" + images);
        base = "http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aPersonRunsABatchOf3_downloads_seesTheQuotaDrop_editsAndPostProcesses_thenUploadsAPromptFileOf50()
            throws Exception {
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
        require(Files.isExecutable(chromium), "Chromium not installed at " + chromium
                + " (apt-get install chromium; .ci/run does this)");
        require(Files.isDirectory(HELPER.resolve("node_modules/playwright-core")),
                "playwright-core not installed (npm ci --prefix examples/src/test/gallery; .ci/run does this)");
        Path downloads = Files.createTempDirectory("downloads");
        Path shot = Path.of("target/web-screenshot.png").toAbsolutePath();

        Process p = new ProcessBuilder("node", HELPER.resolve("check-web.mjs").toString(), base, shot.toString(),
                downloads.toString()).start();
        boolean finished = p.waitFor(240, TimeUnit.SECONDS); // ~15 s here; a loaded 2-core runner is slower
        if (!finished) {
            p.destroyForcibly();
        }
        assertThat(finished).as("browser finished").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(err).isZero();

        var report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out);
        assertThat(report.path("console")).as("no page errors").isEmpty();
        assertThat(report.path("sandboxBanner").asBoolean()).isTrue();
        assertThat(report.path("styles").toString()).contains("none", "realistic", "artistic", "illustration", "3d");
        assertThat(report.path("aspects")).hasSize(11);
        assertThat(report.path("aspects").get(0).asText()).isEqualTo("1:1");
        assertThat(report.path("estimate").asText()).contains("3 image(s)", "$0.009");
        assertThat(report.path("progress").asText()).isEqualTo("3/3");
        assertThat(report.path("decoded").asInt()).isEqualTo(3);
        assertThat(report.path("captions").toString()).contains("realistic", "4:5", "seed");
        assertThat(report.path("quotaAfter").asLong()).isEqualTo(report.path("quotaBefore").asLong() - 3);
        byte[] image = Files.readAllBytes(Path.of(report.path("downloaded").asText()));
        assertThat(new String(image, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(new String(image, 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WEBP");
        assertThat(Files.size(shot)).isGreaterThan(10_000);
        assertThat(report.path("editModels").toString()).contains("kontext-pro", "kontext-dev", "flux-dev");
        assertThat(report.path("editDefault").asText()).isEqualTo("kontext-pro");
        assertThat(report.path("editCaption").asText()).contains("make the product red", "flux-kontext-pro", "$0.04");
        assertThat(report.path("uploadEditCaption").asText()).contains("on a marble table", "flux-kontext-dev");
        assertThat(report.path("cutoutCaption").asText()).contains("remove background", "remove-background");
        assertThat(report.path("upscaleCaption").asText()).contains("upscale 2×", "real-esrgan");
        assertThat(report.path("pipelineEstimate").asText()).contains("6 image(s):", " to $", "GPU time");
        assertThat(report.path("pipelineCaption").asText()).contains("→ remove background → upscale 2×",
                "real-esrgan");
        assertThat(report.path("templatePreview").asText()).contains("3 prediction(s), 3 image(s)", "$0.009",
                "≈");
        assertThat(report.path("templateCaption").asText()).contains("studio photo of", "background",
                "realistic · 4:5");
        assertThat(report.path("uploadProgress").asText()).isEqualTo("50/50");
        assertThat(report.path("uploadItems").asInt()).as("every line of the CSV succeeded").isEqualTo(50);
        assertThat(report.path("uploadGallery").asInt()).isEqualTo(50);
    }

    /** Skips with the reason locally; on CI ({@code CI=true}), where .ci/run installs everything, fails instead. */
    static void require(boolean ok, String reason) {
        if (!ok && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI must run the browser test, but: " + reason);
        }
        Assumptions.assumeTrue(ok, reason);
    }
}
