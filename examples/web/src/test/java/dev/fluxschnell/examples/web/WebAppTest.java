package dev.fluxschnell.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * The web example against the bundled emulator: its JSON API, then the page driven in headless Chromium as a person
 * would use it. The browser part is skipped, with the reason, without Chromium or playwright-core; on CI it fails.
 */
class WebAppTest {
    static final Path HELPER = Path.of("../src/test/gallery");
    static ConfigurableApplicationContext app;
    static String base;
    static Path images;

    @BeforeAll
    static void start() throws Exception {
        images = Files.createTempDirectory("web-images");
        app = WebApp.start("--server.port=0", "--web.sandbox=true", "--flux-schnell.storage.directory=" + images);
        base = "http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    static HttpResponse<String> post(String path, String json) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theSeedsJsonApi_generatesAndValidates() throws Exception {
        HttpResponse<String> one = post("/api/v1/generate/image",
                "{\"prompt\":\"Steaming coffee\",\"style\":\"artistic\",\"aspect_ratio\":\"16:9\",\"user\":\"api\"}");
        assertThat(one.statusCode()).as(one.body()).isEqualTo(200);
        assertThat(one.body()).contains("\"aspect_ratio\":\"16:9\"", "\"style\":\"artistic\"", "\"url\":\"/images/");

        assertThat(post("/api/v1/generate/image", "{\"prompt\":\"x\",\"aspect_ratio\":\"7:3\"}").body())
                .contains("7:3");
        HttpResponse<String> tooMany = post("/api/v1/generate/image/batch", "{\"prompts\":["
                + "\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\",\"k\"]}");
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(tooMany.body()).contains("1-10 prompts");

        HttpResponse<String> batch = post("/api/v1/generate/image/batch", "{\"prompts\":[\"a\",\"b\"],\"user\":\"api\"}");
        assertThat(batch.statusCode()).as(batch.body()).isEqualTo(202);
        assertThat(batch.body()).contains("\"total\":2", "/events");
        String events = batch.body().replaceAll(".*\"events\":\"([^\"]+)\".*", "$1");
        assertThat(get(events).body()).as("the stream replays to a late subscriber and ends").contains("event:done");
        assertThat(get("/api/v1/quota?user=api").body()).contains("\"remaining\":47");
        assertThat(get("/actuator/health").body()).contains("fluxSchnell", "\"tokenConfigured\":true");
        assertThat(get("/api/v1/templates").body()).contains("\"name\":\"product-colors\"",
                "\"variables\":[\"product\",\"color\"]", "social-banner");
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

    @Test
    void promptFileUpload_takesTheCliFormats_upTo500_andNamesTheLineOfABadRow() throws Exception {
        String jsonl = "{\"prompt\":\"Red mug\",\"aspect_ratio\":\"4:5\",\"count\":2}\n{\"prompt\":\"Blue mug\"}\n";
        HttpResponse<String> ok = upload("mugs.jsonl", jsonl, "jsonl");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
        assertThat(ok.body()).contains("\"total\":2", "\"prompts\":[\"Red mug\",\"Blue mug\"]");

        HttpResponse<String> bad = upload("mugs.txt", "Red mug\nBlue mug | colour=blue\n", "bad");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("mugs.txt:2: unknown key 'colour'");

        String fiveHundred = java.util.stream.IntStream.range(0, 500).mapToObj(i -> "Poster " + i)
                .collect(java.util.stream.Collectors.joining("\n"));
        HttpResponse<String> big = upload("posters.txt", fiveHundred, "big");
        assertThat(big.statusCode()).as("the documented 500: the client's maxBatchSize is configured for it")
                .isEqualTo(202);
        assertThat(big.body()).contains("\"total\":500");
        String events = big.body().replaceAll(".*\"events\":\"([^\"]+)\".*", "$1");
        assertThat(get(events).body()).as("500 prompts over a 50-image quota: skipped, not refused")
                .contains("event:done");
        assertThat(upload("posters.txt", fiveHundred + "\nOne more", "big").body()).contains("at most 500");
    }

    static HttpResponse<String> upload(String name, String content, String user) throws Exception {
        String boundary = "----flux" + System.nanoTime();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                + "\"\r\nContent-Type: text/plain\r\n\r\n" + content + "\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"user\"\r\n\r\n" + user + "\r\n--" + boundary + "--\r\n";
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base
                        + "/api/v1/generate/image/batch/file"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Skips with the reason locally; on CI ({@code CI=true}), where .ci/run installs everything, fails instead. */
    static void require(boolean ok, String reason) {
        if (!ok && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI must run the browser test, but: " + reason);
        }
        Assumptions.assumeTrue(ok, reason);
    }
}
