package dev.fluxschnell.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus (Debian's {@code prometheus} package) on a free 127.0.0.1 port, with a temporary configuration and
 * data directory, scraping one target every second; started and stopped by the test.
 */
final class LocalPrometheus implements AutoCloseable {
    /** Where Debian installs it. */
    static final Path BINARY = Path.of("/usr/bin/prometheus");

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Process process;
    private final Path log;
    private final URI base;

    private LocalPrometheus(Process process, Path log, URI base) {
        this.process = process;
        this.log = log;
        this.base = base;
    }

    /** Starts it in {@code dir}, scraping {@code target} ({@code host:port}, path {@code /metrics}), once it is ready. */
    static LocalPrometheus start(Path dir, String target) throws Exception {
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: flux-app
                    static_configs:
                      - targets: ['%s']
                """.formatted(target));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = dir.resolve("prometheus.log");
        Process p = new ProcessBuilder(BINARY.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        LocalPrometheus prometheus = new LocalPrometheus(p, log, URI.create("http://127.0.0.1:" + port));
        prometheus.awaitReady();
        return prometheus;
    }

    private void awaitReady() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                if (get("/-/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        close();
        throw new IllegalStateException("prometheus did not become ready:\n" + log());
    }

    /** {@return the result of an instant PromQL query (an array of series; empty: no data)} */
    JsonNode query(String promql) throws Exception {
        return data("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    /** {@return the values {@code label} has on the series of {@code metric}} */
    JsonNode labelValues(String metric, String label) throws Exception {
        return data("/api/v1/label/" + label + "/values?match[]=" + URLEncoder.encode(metric, StandardCharsets.UTF_8));
    }

    private JsonNode data(String pathAndQuery) throws Exception {
        HttpResponse<String> r = get(pathAndQuery);
        JsonNode body = JSON.readTree(r.body());
        if (r.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            throw new IllegalArgumentException(pathAndQuery + " answered " + r.statusCode() + ": " + r.body());
        }
        JsonNode data = body.path("data");
        return data.has("result") ? data.path("result") : data;
    }

    private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** {@return what it logged} */
    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
