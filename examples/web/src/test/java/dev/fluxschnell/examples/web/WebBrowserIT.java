package dev.fluxschnell.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The web example's page driven in headless Chromium (Debian's package, driven by playwright-core) as people would
 * use it, against the bundled emulator: signed in, each with their own gallery and quota, and a page on another site
 * that posts forms to the app refused. Skipped, with the reason, without Chromium or playwright-core; on CI
 * ({@code CI=true}), where {@code .ci/run} installs both, it fails instead. A browser test: it runs in
 * {@code mvn verify}. The scripts are in {@code src/test/browser}; playwright-core is the gallery check's install.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebBrowserIT {
    static final Path HELPER = Path.of("../src/test/gallery");
    static final Path SCRIPTS = Path.of("src/test/browser");
    /** A prompt with this in it fails (the model's failure), for the history and the usage's failures. */
    static final String FAIL = "FAIL-ME";
    static ConfigurableApplicationContext app;
    static FakeReplicateServer emulator;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        Path images = Files.createTempDirectory("web-images");
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--web.sandbox=true",
                "--flux-schnell.storage.directory=" + images));
        TestClient.users("maker", "uploader", "alice", "bob", "lib1", "lib2").forEach(args::add);
        emulator = FakeReplicateServer.builder().latency(java.time.Duration.ofMillis(400)).failPromptsContaining(FAIL)
                .labelImages(false).start(); // the sandbox's emulator with one failure, no prompts in its pixels
        app = WebApp.start(a -> a.addInitializers(ctx -> ctx.getBeanFactory().registerSingleton("failingEmulator",
                emulator)), args.toArray(String[]::new));
        base = TestClient.baseUrl(app);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    /** Runs a browser script with these arguments and returns its JSON report (the script must exit 0). */
    static JsonNode run(String script, String... args) throws Exception {
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
        require(Files.isExecutable(chromium), "Chromium not installed at " + chromium
                + " (apt-get install chromium; .ci/run does this)");
        require(Files.isDirectory(HELPER.resolve("node_modules/playwright-core")),
                "playwright-core not installed (npm ci --prefix examples/src/test/gallery; .ci/run does this)");
        List<String> command = new ArrayList<>(List.of("node", SCRIPTS.resolve(script).toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
        java.util.concurrent.CompletableFuture<String> err = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                return e.toString();
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean finished = p.waitFor(240, TimeUnit.SECONDS); // ~15 s here; a loaded 2-core runner is slower
        if (!finished) {
            p.destroyForcibly();
        }
        assertThat(finished).as("browser finished").isTrue();
        assertThat(p.exitValue()).as(err.get()).isZero();
        JsonNode report = new ObjectMapper().readTree(out);
        assertThat(report.path("console")).as("no page errors").isEmpty();
        return report;
    }

    @Test
    @Order(1)
    void nobodySignedIn_isRefusedEverywhere_andAnotherUser_seesAndSpendsNothingOfTheFirst_norDoesAnotherSite()
            throws Exception {
        JsonNode anonymous = run("check-security.mjs", base, "anonymous");
        assertThat(anonymous.path("landing").asText()).as("the page sends a stranger to the login form")
                .isEqualTo("/login");
        assertThat(anonymous.path("statuses")).hasSize(28);
        anonymous.path("statuses").forEach(s -> assertThat(s.path("status").asInt()).as(s.toString())
                .isIn(401, 403));
        assertThat(TestClient.creates(app)).as("nothing reached the emulator").isZero();

        JsonNode users = run("check-security.mjs", base, "users", "alice", TestClient.password("alice"), "bob",
                TestClient.password("bob"));
        assertThat(users.path("first").path("user").asText()).isEqualTo("alice");
        long alicesQuota = users.path("first").path("quota").asLong();
        assertThat(alicesQuota).isEqualTo(49);
        JsonNode bob = users.path("second");
        assertThat(bob.path("user").asText()).isEqualTo("bob");
        assertThat(bob.path("gallery").asInt()).as("bob sees none of alice's images").isZero();
        assertThat(bob.path("quota").asLong()).as("nor her quota: his is whole").isEqualTo(50);
        assertThat(bob.path("image").asInt()).as("alice's image, asked for by bob").isEqualTo(404);
        assertThat(bob.path("edit").asInt()).isEqualTo(404);
        assertThat(bob.path("upscale").asInt()).isEqualTo(404);
        assertThat(bob.path("asFirst").asInt()).as("naming alice is refused").isEqualTo(400);
        assertThat(users.path("crossSite")).as("another site's forms, in alice's browser").hasSize(2);
        users.path("crossSite").forEach(s -> assertThat(s.asInt()).isEqualTo(403));
        assertThat(users.path("firstAfter").path("gallery").asInt()).isEqualTo(1);
        assertThat(users.path("firstAfter").path("quota").asLong()).isEqualTo(alicesQuota);
        assertThat(TestClient.creates(app)).as("alice's one image, nothing else").isEqualTo(1);
    }

    @Test
    @Order(2)
    void aPersonRunsABatchOf3_downloads_seesTheQuotaDrop_editsAndPostProcesses_thenUploadsAPromptFileOf50()
            throws Exception {
        Path downloads = Files.createTempDirectory("downloads");
        Path shot = Path.of("target/web-screenshot.png").toAbsolutePath();
        JsonNode report = run("check-web.mjs", base, shot.toString(), downloads.toString(), "maker",
                TestClient.password("maker"), "uploader", TestClient.password("uploader"));
        assertThat(report.path("loginPage").asText()).isEqualTo("/login");
        assertThat(report.path("signedInAs").asText()).isEqualTo("maker");
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
        assertThat(report.path("cutoutCaption").asText()).as("a WebP source: 851-labs (Bria takes no WebP)")
                .contains("remove background", "background-remover");
        assertThat(report.path("upscaleCaption").asText()).contains("upscale 2×", "real-esrgan");
        assertThat(report.path("pipelineEstimate").asText()).contains("6 image(s):", " to $", "GPU time");
        assertThat(report.path("pipelineCaption").asText()).contains("→ remove background → upscale 2×",
                "real-esrgan");
        assertThat(report.path("templatePreview").asText()).contains("3 prediction(s), 3 image(s)", "$0.009",
                "≈");
        assertThat(report.path("templateCaption").asText()).contains("studio photo of", "background",
                "realistic · 4:5");
        assertThat(report.path("otherGalleryBefore").asInt()).as("the uploader's own, empty gallery").isZero();
        assertThat(report.path("uploadProgress").asText()).isEqualTo("50/50");
        assertThat(report.path("uploadItems").asInt()).as("every line of the CSV succeeded").isEqualTo(50);
        assertThat(report.path("uploadGallery").asInt()).isEqualTo(50);
    }

    @Test
    @Order(3)
    void favouritesHistorySharingPreviewAndUsage_areEachUsersOwn() throws Exception {
        Path shots = Files.createDirectories(Path.of("target/library-screenshots").toAbsolutePath());
        JsonNode report = run("check-library.mjs", base, shots.toString(), "lib1", TestClient.password("lib1"),
                "lib2", TestClient.password("lib2"));
        String schnell = "black-forest-labs/flux-schnell";
        List<JsonNode> sent = emulator.createdInputs(schnell);

        assertThat(report.path("favourites").toString()).contains("Lighthouse at dusk", "Red kite over dunes");
        assertThat(report.path("usedForm").path("prompt").asText()).as("Use: the favourite back in the form")
                .isEqualTo("Lighthouse at dusk");
        assertThat(report.path("usedForm").path("style").asText()).isEqualTo("realistic");
        assertThat(report.path("usedForm").path("aspect").asText()).isEqualTo("4:5");
        assertThat(sent).as("the reused prompt, as a new request with its settings")
                .anySatisfy(i -> assertThat(i.path("prompt").asText()).startsWith("Lighthouse at dusk"))
                .filteredOn(i -> i.path("prompt").asText().startsWith("Lighthouse at dusk"))
                .allSatisfy(i -> assertThat(i.path("aspect_ratio").asText()).isEqualTo("4:5"));
        assertThat(report.path("batchRows")).hasSize(1);
        List<JsonNode> kites = sent.stream().filter(i -> i.path("prompt").asText().startsWith("Red kite over dunes"))
                .toList();
        assertThat(kites).as("made, then a batch row (its own 16:9 over the form's 4:5), then run again").hasSize(3)
                .allSatisfy(i -> assertThat(i.path("aspect_ratio").asText()).isEqualTo("16:9"));

        assertThat(report.path("historyFound").asInt()).isEqualTo(2);
        long seed = Long.parseLong(report.path("rerunSeed").asText());
        assertThat(kites.get(0).has("seed")).as("the first request left the seed to the model").isFalse();
        assertThat(kites.get(2).path("seed").asLong()).as("run again: the seed the model used the first time")
                .isEqualTo(seed);
        assertThat(report.path("failedEntry").asText()).contains("Broken lamp", "failed");

        assertThat(report.path("preview").path("title").asText()).isNotBlank();
        assertThat(report.path("preview").path("settings").asText()).contains("Seed", "Cost", "$0.003", "webp");
        assertThat(report.path("preview").path("download").asText()).endsWith(".webp");
        assertThat(report.path("preview").path("href").asText()).endsWith("?download=true");
        assertThat(report.path("focusTrapped").asBoolean()).as("Tab and Shift+Tab stay in the preview").isTrue();
        assertThat(report.path("focusBack").asBoolean()).as("Escape closes it, focus back on the image").isTrue();

        JsonNode shared = report.path("shared");
        assertThat(shared.path("status").asInt()).isEqualTo(200);
        assertThat(shared.path("images").asInt()).as("that image and nothing else").isEqualTo(1);
        assertThat(shared.path("links").asInt()).isZero();
        assertThat(shared.path("html").asText()).doesNotContain(report.path("sharedPrompt").asText(), "/images/",
                "<script");
        assertThat(shared.path("api").asInt()).as("a stranger reaches nothing else").isEqualTo(401);
        assertThat(report.path("revoked").path("page").asInt()).isEqualTo(404);
        assertThat(report.path("revoked").path("image").asInt()).isEqualTo(404);

        JsonNode usage = report.path("usage");
        JsonNode spent = report.path("spent");
        assertThat(usage.path("images").asInt()).as("the usage panel: the images the test made").isEqualTo(4)
                .isEqualTo(spent.path("images").asInt());
        assertThat(new java.math.BigDecimal(usage.path("spend").asText())).as("and what they cost")
                .isEqualByComparingTo("0.012").isEqualByComparingTo(java.math.BigDecimal.valueOf(
                        spent.path("usd").asDouble()).setScale(6, java.math.RoundingMode.HALF_UP));
        assertThat(usage.path("failures").asInt()).isEqualTo(1);
        assertThat(usage.path("requests").asInt()).isEqualTo(5);
        assertThat(report.path("usageTables").toString()).contains("By day", "artistic", "realistic", "16:9", "4:5",
                "flux-schnell");

        JsonNode second = report.path("second");
        for (String list : List.of("gallery", "favourites", "history", "shares")) {
            assertThat(second.path(list).asInt()).as("the second user's " + list).isZero();
        }
        assertThat(second.path("usage").path("images").asText()).isEqualTo("0");
        for (String call : List.of("runAgain", "deleteHistory", "unstar", "star", "share", "revoke", "image")) {
            assertThat(second.path(call).asInt()).as("the second user, on the first's: " + call).isEqualTo(404);
        }
        assertThat(report.path("firstAfter").path("history").asInt()).isEqualTo(4);
        assertThat(report.path("firstAfter").path("favourites").asInt()).isEqualTo(2);
        assertThat(report.path("firstAfter").path("shares").asInt()).isEqualTo(1);
        for (String shot : List.of("web-favourites.png", "web-history.png", "web-preview.png", "web-share.png",
                "web-usage.png")) {
            assertThat(Files.size(shots.resolve(shot))).as(shot).isGreaterThan(2_000);
        }
    }

    /** Skips with the reason locally; on CI ({@code CI=true}), where .ci/run installs everything, fails instead. */
    static void require(boolean ok, String reason) {
        if (!ok && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI must run the browser test, but: " + reason);
        }
        Assumptions.assumeTrue(ok, reason);
    }
}
