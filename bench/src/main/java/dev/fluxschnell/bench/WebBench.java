package dev.fluxschnell.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The web example's memory as its documented command starts it (docs/web-example.md), next to {@code java -jar} with
 * the JVM's defaults: a signed-in user uploads a prompt file of 200 prompts whose images are 4 MB each (the emulator
 * stands in for Replicate, with a token), and the app's peak resident memory is read until all 200 are in the
 * user's gallery.
 */
final class WebBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int IMAGES = 200;

    /** The JVM options of the documented command: read from docs/web-example.md, so the bench measures what it says. */
    static List<String> documentedOptions() throws java.io.IOException {
        String line = Files.readAllLines(Path.of("docs/web-example.md")).stream()
                .filter(l -> l.contains("-jar examples/web/target/flux-web.jar")).findFirst()
                .orElseThrow(() -> new IllegalStateException("docs/web-example.md has no java -jar command"));
        String options = line.substring(line.indexOf("java ") + 5, line.indexOf("-jar examples/web")).trim();
        return options.isEmpty() ? List.of() : List.of(options.split("\\s+"));
    }

    private WebBench() {}

    /** The report section; nothing with {@code smoke} (CI starts the app in its own tests). */
    static String run(boolean smoke, Path work) throws Exception {
        StringBuilder md = new StringBuilder("\n## The web example's memory\n\n");
        Path jar = Path.of("examples/web/target/flux-web.jar");
        if (smoke) {
            return "";
        }
        if (!Files.isRegularFile(jar)) {
            return md.append("Skipped: examples/web/target/flux-web.jar is not built (bench/run.sh builds it).\n")
                    .toString();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        md.append("A signed-in user uploads a prompt file of ").append(IMAGES).append(" prompts (`POST /api/v1/generate/"
                + "image/batch/file`); each image is 4 MB (PNG, from the emulator with a token, as from Replicate). Peak "
                + "resident memory of the app's process from its start until all images are in the user's gallery.\n\n"
                + "| command | images in gallery | wall s (upload to last image) | peak RSS MB |\n|---|---|---|---|\n");
        List<String> documented = new ArrayList<>(List.of(java));
        documented.addAll(documentedOptions());
        for (List<String> cmd : List.of(documented, List.of(java))) {
            List<String> full = new ArrayList<>(cmd);
            full.addAll(List.of("-jar", jar.toString()));
            Result r = once(full, work);
            md.append(String.format(Locale.ROOT, "| `java %s-jar flux-web.jar` | %d / %d | %.1f | %.0f |%n",
                    cmd.size() > 1 ? String.join(" ", cmd.subList(1, cmd.size())) + " " : "", r.images(), IMAGES,
                    r.wallS(), r.peakRssMb()));
        }
        return md.toString();
    }

    /** One run: images delivered, seconds from the upload to the last image, peak RSS in MB. */
    record Result(int images, double wallS, double peakRssMb) {}

    private static Result once(List<String> command, Path work) throws Exception {
        Path dir = Files.createTempDirectory(work, "web");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (FakeReplicateServer server = FakeReplicateServer.builder().seed(42).latency(Duration.ofMillis(50))
                .imagePadding(4L << 20).labelImages(false).start()) {
            List<String> cmd = new ArrayList<>(command);
            cmd.addAll(List.of("--server.port=" + port, "--server.address=127.0.0.1",
                    "--flux-schnell.api-token=" + server.token(), "--flux-schnell.base-url=" + server.baseUrl(),
                    "--flux-schnell.allow-plain-http=true",
                    "--flux-schnell.storage.directory=" + dir.resolve("images"), "--flux-schnell.quota.limit=100000",
                    "--web.limits.gallery-per-user=" + IMAGES, "--web.users.bench.password={noop}bench",
                    "--web.users.bench.roles=USER"));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("app.log").toFile()).start();
            try {
                HttpClient http = HttpClient.newHttpClient();
                URI base = URI.create("http://127.0.0.1:" + port);
                String auth = "Basic " + Base64.getEncoder().encodeToString("bench:bench".getBytes(StandardCharsets.UTF_8));
                double peak = 0;
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
                while (!up(http, base)) {
                    peak = Math.max(peak, CliBench.vmHwmMb(p.pid()));
                    if (!p.isAlive() || System.nanoTime() > deadline) {
                        throw new IllegalStateException("the web app did not start: " + Files.readString(
                                dir.resolve("app.log")));
                    }
                    Thread.sleep(100);
                }
                String boundary = "bench" + System.nanoTime();
                String prompts = IntStream.range(0, IMAGES).mapToObj(i -> "a product photo, item " + i)
                        .collect(Collectors.joining("\n", "", "\n"));
                String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.txt\""
                        + "\r\nContent-Type: text/plain\r\n\r\n" + prompts + "\r\n--" + boundary + "\r\n"
                        + "Content-Disposition: form-data; name=\"output_format\"\r\n\r\npng\r\n--" + boundary + "--\r\n";
                long t0 = System.nanoTime();
                HttpResponse<String> posted = http.send(HttpRequest.newBuilder(base.resolve(
                                "/api/v1/generate/image/batch/file")).header("Authorization", auth)
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (posted.statusCode() != 202) {
                    throw new IllegalStateException("upload answered " + posted.statusCode() + ": " + posted.body());
                }
                int images = 0;
                double wall = 0;
                long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
                while (images < IMAGES && System.nanoTime() < until) {
                    Thread.sleep(250);
                    peak = Math.max(peak, CliBench.vmHwmMb(p.pid()));
                    JsonNode gallery = JSON.readTree(http.send(HttpRequest.newBuilder(base.resolve("/api/v1/gallery"))
                            .header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString()).body());
                    images = gallery.size(); // newest first, at most web.limits.gallery-per-user (set to IMAGES)
                    wall = (System.nanoTime() - t0) / 1e9;
                }
                return new Result(images, wall, Math.max(peak, CliBench.vmHwmMb(p.pid())));
            } finally {
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
                Bench.deleteRecursively(dir);
            }
        }
    }

    private static boolean up(HttpClient http, URI base) {
        try {
            return http.send(HttpRequest.newBuilder(base.resolve("/actuator/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
        } catch (Exception notYet) {
            return false;
        }
    }
}
