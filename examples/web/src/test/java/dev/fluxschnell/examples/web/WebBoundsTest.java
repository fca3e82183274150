package dev.fluxschnell.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fluxschnell.examples.web.TestClient.Part;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue #31's bounds on the running app: body and upload sizes (413 problems), predictions counted before anything
 * is expanded (the SDK names the row), the pipeline caps, the pixel limit read from an image's header before anything
 * decodes or sends it, a user's gallery and batches evicted oldest first, and the rate limit per user. Small limits are
 * set for the test; the clock is fixed, so the rate limit refills nothing while it runs.
 */
class WebBoundsTest {
    static ConfigurableApplicationContext app;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--web.sandbox=true",
                "--flux-schnell.storage.directory=" + Files.createTempDirectory("web-images"),
                "--spring.servlet.multipart.max-file-size=100KB", "--spring.servlet.multipart.max-request-size=120KB",
                "--web.limits.prompt-file=50KB", "--web.limits.gallery-per-user=3",
                "--web.limits.batches-per-user=2", "--web.rate-limit.per-minute=1", "--web.rate-limit.burst=6"));
        TestClient.users("big", "upload", "counter", "piper", "pixels", "many", "batches", "hasty", "calm")
                .forEach(args::add);
        Clock fixed = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
        app = WebApp.start(a -> a.addInitializers(ctx -> ctx.getBeanFactory().registerSingleton("webClock", fixed)),
                args.toArray(String[]::new));
        base = TestClient.baseUrl(app);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    static void assertProblem(HttpResponse<String> r, int status, String... detail) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(TestClient.json(r).path("status").asInt()).isEqualTo(status);
        if (detail.length > 0) {
            assertThat(r.body()).contains(detail);
        }
    }

    @Test
    void aJsonBodyAboveTheCap_is413_declaredOrChunked() throws Exception {
        TestClient big = TestClient.basic(base, "big");
        byte[] body = ("{\"prompt\":\"" + "x".repeat(100_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        long before = TestClient.creates(app);
        assertProblem(big.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/generate/image"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body))),
                413, "at most 65536 bytes");
        assertProblem(big.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/generate/image"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(body)))), 413, "at most 65536 bytes");
        assertThat(TestClient.creates(app)).isEqualTo(before);
    }

    @Test
    void uploadsAboveTheirCaps_are413() throws Exception {
        TestClient upload = TestClient.basic(base, "upload");
        byte[] prompts = "Poster\n".repeat(10_000).getBytes(StandardCharsets.UTF_8); // 70 KB
        assertProblem(upload.multipart("/api/v1/generate/image/batch/file",
                Part.file("file", "posters.txt", "text/plain", prompts)), 413, "posters.txt", "at most 51200");
        assertProblem(upload.multipart("/api/v1/edit/image/upload",
                Part.file("file", "huge.png", "image/png", new byte[200_000]), Part.field("prompt", "x")), 413);
    }

    @Test
    void predictionsAreCountedBeforeAnythingIsExpanded_namingTheRow() throws Exception {
        TestClient counter = TestClient.basic(base, "counter");
        long before = TestClient.creates(app);
        HttpResponse<String> file = counter.multipart("/api/v1/generate/image/batch/file",
                Part.file("file", "big.txt", "text/plain", "Poster\nPoster | count=100000\n"
                        .getBytes(StandardCharsets.UTF_8)));
        assertProblem(file, 400, "big.txt:2", "more than 500 predictions");
        assertThat(TestClient.json(file).path("problems").get(0).asText()).startsWith("big.txt:2:");

        assertProblem(counter.post("/api/v1/generate/image/batch", "{\"prompts\":[\"a\",\"b\"],\"count\":100000}"),
                400, "prompts:1", "more than 500 predictions");

        String rows = "product,color\n" + IntStream.range(0, 501).mapToObj(i -> "p" + i + ",red")
                .collect(Collectors.joining("\n"));
        assertProblem(counter.multipart("/api/v1/templates/product-colors/preview", Part.file("file",
                "rows.csv", "text/csv", rows.getBytes(StandardCharsets.UTF_8))), 400, "501 rows", "at most 500");
        assertProblem(counter.multipart("/api/v1/generate/image/batch/file", Part.file("file", "blank.txt",
                "text/plain", "\n".repeat(6000).getBytes(StandardCharsets.UTF_8))), 400, "lines", "at most 5000");
        assertThat(TestClient.creates(app)).isEqualTo(before);
    }

    @Test
    void pipelines_takeAtMost20Steps_andUpscaleAtMost2xInAll() throws Exception {
        TestClient piper = TestClient.basic(base, "piper");
        long before = TestClient.creates(app);
        String many = Collections.nCopies(21, "\"remove-background\"").stream().collect(Collectors.joining(","));
        assertProblem(piper.post("/api/v1/generate/image/batch", "{\"prompts\":[\"a\"],\"then\":[" + many + "]}"),
                400, "at most 20 steps");
        assertProblem(piper.post("/api/v1/generate/image/batch", "{\"prompts\":[\"a\"],\"then\":[\"upscale:4\"]}"),
                400, "at most 2×");
        assertProblem(piper.multipart("/api/v1/generate/image/batch/file", Part.file("file", "p.txt",
                "text/plain", "Poster | then=upscale:2,upscale:2\n".getBytes(StandardCharsets.UTF_8))),
                400, "at most 2×");
        assertProblem(piper.get("/api/v1/estimate?images=1" + "&then=remove-background".repeat(21)), 400,
                "at most 20 steps");
        assertThat(TestClient.creates(app)).isEqualTo(before);
    }

    /** A 1 kB PNG whose header says 20000×20000: decoding it would take gigabytes. */
    static byte[] pngDeclaring(int width, int height) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream png = new DataOutputStream(out);
        png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(ihdr);
        h.writeInt(width);
        h.writeInt(height);
        h.write(new byte[] {8, 2, 0, 0, 0});
        chunk(png, "IHDR", ihdr.toByteArray());
        java.util.zip.Deflater deflater = new java.util.zip.Deflater();
        deflater.setInput(new byte[100_000]);
        deflater.finish();
        byte[] idat = new byte[2048];
        chunk(png, "IDAT", java.util.Arrays.copyOf(idat, deflater.deflate(idat)));
        chunk(png, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(DataOutputStream png, String type, byte[] data) throws Exception {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(type.getBytes(StandardCharsets.US_ASCII));
        crc.update(data);
        png.writeInt(data.length);
        png.write(type.getBytes(StandardCharsets.US_ASCII));
        png.write(data);
        png.writeInt((int) crc.getValue());
    }

    @Test
    void anImageAboveThePixelLimit_isRefusedFromItsHeader_beforeAnythingDecodesOrSendsIt() throws Exception {
        byte[] bomb = pngDeclaring(20_000, 20_000);
        assertThat(bomb.length).isLessThan(2_000);
        long before = TestClient.creates(app);
        HttpResponse<String> r = TestClient.basic(base, "pixels").multipart("/api/v1/edit/image/upload",
                Part.file("file", "bomb.png", "image/png", bomb), Part.field("prompt", "make it red"));
        assertProblem(r, 400, "20000×20000", "at most 25000000 pixels");
        assertThat(TestClient.creates(app)).as("never sent to the emulator, which would decode it").isEqualTo(before);
    }

    @Test
    void aUsersGalleryAndBatches_keepTheNewest_theOldestLeaveFirst() throws Exception {
        TestClient many = TestClient.basic(base, "many");
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            HttpResponse<String> r = many.post("/api/v1/generate/image", "{\"prompt\":\"Poster " + i + "\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            ids.add(TestClient.json(r).path("images").get(0).path("id").asText());
        }
        JsonNode gallery = TestClient.json(many.get("/api/v1/gallery"));
        assertThat(gallery).hasSize(3);
        assertThat(gallery.get(0).path("prompt").asText()).isEqualTo("Poster 4");
        assertThat(many.get("/images/" + ids.get(0)).statusCode()).as("evicted").isEqualTo(404);
        assertThat(many.get("/images/" + ids.get(3)).statusCode()).isEqualTo(200);

        TestClient batches = TestClient.basic(base, "batches");
        List<String> streams = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            HttpResponse<String> r = batches.post("/api/v1/generate/image/batch", "{\"prompts\":[\"Batch " + i
                    + "\"]}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            streams.add(TestClient.json(r).path("events").asText());
        }
        assertThat(batches.get(streams.get(0)).statusCode()).as("the oldest batch is forgotten").isEqualTo(404);
        assertThat(batches.get(streams.get(2)).body()).contains("event:done");
    }

    @Test
    void aUsersStateChangingRequests_areRateLimited_otherUsersAreNot() throws Exception {
        TestClient hasty = TestClient.basic(base, "hasty");
        for (int i = 0; i < 6; i++) {
            assertThat(hasty.multipart("/api/v1/templates/product-colors/preview", Part.field("x", "y"))
                    .statusCode()).isEqualTo(200);
        }
        HttpResponse<String> seventh = hasty.multipart("/api/v1/templates/product-colors/preview",
                Part.field("x", "y"));
        assertProblem(seventh, 429, "Too many requests");
        assertThat(seventh.headers().firstValue("Retry-After")).hasValue("60");
        assertThat(hasty.get("/api/v1/gallery").statusCode()).as("reads are not limited").isEqualTo(200);
        assertThat(TestClient.basic(base, "calm").multipart("/api/v1/templates/product-colors/preview",
                Part.field("x", "y")).statusCode()).isEqualTo(200);
    }
}
