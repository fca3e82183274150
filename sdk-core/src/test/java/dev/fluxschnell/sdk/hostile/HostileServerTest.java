package dev.fluxschnell.sdk.hostile;

import static dev.fluxschnell.sdk.hostile.HostileServer.answer;
import static dev.fluxschnell.sdk.hostile.HostileServer.drip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.TestImages;
import dev.fluxschnell.sdk.errors.FluxSchnellServiceException;
import dev.fluxschnell.sdk.errors.FluxSchnellException;
import dev.fluxschnell.sdk.errors.FluxSchnellIOException;
import dev.fluxschnell.sdk.errors.StorageException;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK against a server that misbehaves byte by byte. Each case must end — quickly, with a clear exception — and
 * leave no partial file and no SDK thread behind; none may hang (every test has a hard timeout).
 */
@Timeout(30)
class HostileServerTest {
    static final String TOKEN = "r8_HostileTestToken0123456789";
    static final String CREATE = "/v1/models/black-forest-labs/flux-schnell/predictions";

    @TempDir
    Path out;

    FluxSchnellClient client(HostileServer s) {
        return FluxSchnellClient.builder().apiToken(TOKEN).baseUrl(s.baseUrl()).checkModels(false)
                .downloadHosts(List.of("127.0.0.1"))
                .storage(LocalFileStorage.of(out)).requestTimeout(Duration.ofSeconds(1)).syncWait(Duration.ofSeconds(1))
                .maxRetries(0).predictionTimeout(Duration.ofSeconds(20)).build();
    }

    static String prediction(String id, String status, String... outputs) {
        String output = outputs.length == 0 ? "null"
                : Stream.of(outputs).map(o -> "\"" + o + "\"").collect(Collectors.joining(",", "[", "]"));
        return "{\"id\":\"" + id + "\",\"status\":\"" + status + "\",\"output\":" + output
                + ",\"logs\":\"Using seed: 5\\n\",\"error\":null}";
    }

    static void assertNoPartialFiles(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile)).as("nothing stored, nothing half-written").isEmpty();
        }
    }

    static void assertNoSdkThreadsLeft() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<String> alive;
        do {
            Thread.sleep(50);
            alive = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                    .filter(n -> n.startsWith("flux-")).toList();
        } while (!alive.isEmpty() && System.nanoTime() < deadline);
        assertThat(alive).as("SDK threads after close()").isEmpty();
    }

    @Test
    void createAnswerThatDrips_failsAtItsRequestDeadline_notAtPredictionTimeout() throws Exception {
        try (HostileServer s = new HostileServer((r, sock, o) -> drip(o, "application/json",
                prediction("d1", "processing").getBytes(StandardCharsets.UTF_8), 500));
             FluxSchnellClient c = client(s)) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> c.generate(ImageRequest.of("x"))).isInstanceOf(FluxSchnellIOException.class)
                    .hasMessageContaining("no complete answer within PT2S")
                    .hasMessageNotContaining("canceled");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        }
        assertNoSdkThreadsLeft();
    }

    @Test
    void aModelsApiThatDripsOrLies_neverStopsTheGeneration_theCheckIsGivenUpAndLogged() throws Exception {
        for (String hostile : List.of("drip", "truncate", "garbage")) {
            try (HostileServer s = new HostileServer((r, sock, o) -> {
                if (r.method().equals("GET") && r.path().startsWith("/v1/models/")) {
                    switch (hostile) {
                        case "drip" -> drip(o, "application/json", "{\"latest_version\":{}}".getBytes(
                                StandardCharsets.UTF_8), 500);
                        case "truncate" -> {
                            o.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 900\r\n"
                                    + "\r\n{\"latest_version\"").getBytes(StandardCharsets.ISO_8859_1));
                            o.flush();
                            sock.close();
                        }
                        default -> answer(o, 200, "application/json", "<html>not json</html>".getBytes(
                                StandardCharsets.UTF_8));
                    }
                } else if (r.method().equals("POST")) {
                    answer(o, 201, prediction("m1", "processing", "data:image/webp;base64,"
                            + java.util.Base64.getEncoder().encodeToString(TestImages.webp(300))));
                }
            }); FluxSchnellClient c = FluxSchnellClient.builder().apiToken(TOKEN).baseUrl(s.baseUrl())
                    .downloadHosts(List.of("127.0.0.1")).storage(LocalFileStorage.of(out))
                    .requestTimeout(Duration.ofSeconds(1)).maxRetries(0).build()) {
                assertThat(c.generate(ImageRequest.of("x")).images()).as(hostile).hasSize(1);
            }
        }
        assertNoSdkThreadsLeft();
    }

    @Test
    void downloadThatDrips_failsWithinItsDeadline_leavesNoPartFile_andNoThread() throws Exception {
        try (HostileServer s = new HostileServer((r, sock, o) -> {
            if (r.method().equals("POST")) {
                answer(o, 201, prediction("d2", "processing", "http://127.0.0.1:" + sock.getLocalPort() + "/f.webp"));
            } else {
                drip(o, "image/webp", TestImages.webp(5000), 200);
            }
        }); FluxSchnellClient c = client(s)) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> c.generate(ImageRequest.of("x"))).isInstanceOf(StorageException.class)
                    .hasMessageContaining("did not complete in time");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
            assertNoPartialFiles(out);
        }
        assertNoSdkThreadsLeft();
    }

    @Test
    void createAnswerShorterThanItsContentLength_failsClearly() throws Exception {
        try (HostileServer s = new HostileServer((r, sock, o) -> {
            o.write("HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"id\":\"t"
                    .getBytes(StandardCharsets.ISO_8859_1));
            o.flush();
            sock.close();
        }); FluxSchnellClient c = client(s)) {
            assertThatThrownBy(() -> c.generate(ImageRequest.of("x"))).isInstanceOf(FluxSchnellIOException.class);
        }
    }

    @Test
    void connectionResetMidAnswer_failsClearly() throws Exception {
        try (HostileServer s = new HostileServer((r, sock, o) -> {
            o.write("HTTP/1.1 201 Created\r\nContent-Length: 100\r\n\r\n{\"id\":".getBytes(StandardCharsets.ISO_8859_1));
            o.flush();
            sock.setSoLinger(true, 0); // RST instead of FIN
            sock.close();
        }); FluxSchnellClient c = client(s)) {
            assertThatThrownBy(() -> c.generate(ImageRequest.of("x"))).isInstanceOf(FluxSchnellIOException.class);
        }
    }

    @Test
    void absurdHeader_failsClearly() throws Exception {
        try (HostileServer s = new HostileServer((r, sock, o) -> {
            o.write(("HTTP/1.1 201 Created\r\nX-Junk: " + "a".repeat(2_000_000) + "\r\nContent-Length: 2\r\n\r\n{}")
                    .getBytes(StandardCharsets.ISO_8859_1));
            o.flush();
        }); FluxSchnellClient c = client(s)) {
            assertThatThrownBy(() -> c.generate(ImageRequest.of("x"))).isInstanceOf(FluxSchnellException.class);
        }
    }

    @Test
    void hundredThousandOutputsForOne_isRefused_withoutFilesOrThreadsPilingUp() throws Exception {
        String many = IntStream.range(0, 100_000).mapToObj(i -> "\"http://127.0.0.1:1/f" + i + ".webp\"")
                .collect(Collectors.joining(","));
        try (HostileServer s = new HostileServer((r, sock, o) -> answer(o, 201,
                "{\"id\":\"m1\",\"status\":\"processing\",\"output\":[" + many + "]}"));
             FluxSchnellClient c = client(s)) {
            int threadsBefore = Thread.activeCount();
            assertThatThrownBy(() -> c.generate(ImageRequest.of("x"))).isInstanceOf(FluxSchnellIOException.class)
                    .hasMessageContaining("100000 outputs for num_outputs=1");
            assertThat(Thread.activeCount()).isLessThan(threadsBefore + 20);
            assertNoPartialFiles(out);
        }
        String four = IntStream.range(0, 3).mapToObj(i -> "\"data:image/webp;base64,"
                + Base64.getEncoder().encodeToString(TestImages.webp(64)) + "\"").collect(Collectors.joining(","));
        try (HostileServer s = new HostileServer((r, sock, o) -> answer(o, 201,
                "{\"id\":\"m2\",\"status\":\"processing\",\"output\":[" + four + "]}"));
             FluxSchnellClient c = client(s)) {
            assertThatThrownBy(() -> c.generate(ImageRequest.builder().prompt("x").numOutputs(2).build()))
                    .hasMessageContaining("3 outputs for num_outputs=2");
            assertNoPartialFiles(out);
        }
    }

    @Test
    void answerOverTheCap_isRefusedWhileStreaming() throws Exception {
        byte[] huge = ("{\"id\":\"big\",\"status\":\"processing\",\"logs\":\"" + "x".repeat(6_000_000) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        try (HostileServer s = new HostileServer((r, sock, o) -> answer(o, 201, "application/json", huge));
             FluxSchnellClient c = client(s)) {
            assertThatThrownBy(() -> c.generate(ImageRequest.of("x"))).isInstanceOf(FluxSchnellIOException.class)
                    .hasMessageContaining("exceeds the limit of 4194304 bytes");
        }
    }

    @Test
    void redirectFromTheApi_isAnError_notAnEmptySuccess() throws Exception {
        try (HostileServer s = new HostileServer((r, sock, o) -> {
            o.write("HTTP/1.1 302 Found\r\nLocation: http://evil.example/steal\r\nContent-Length: 0\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            o.flush();
        }); FluxSchnellClient c = client(s)) {
            assertThatThrownBy(() -> c.generate(ImageRequest.of("x"))).isInstanceOfSatisfying(FluxSchnellServiceException.class,
                    e -> assertThat(e.statusCode()).isEqualTo(302)).hasMessageContaining("unexpected redirect");
            assertThat(s.requests).hasSize(1);
        }
    }

    @Test
    void htmlServedAsTheImage_isNotStored() throws Exception {
        try (HostileServer s = new HostileServer((r, sock, o) -> {
            if (r.method().equals("POST")) {
                answer(o, 201, prediction("h1", "processing", "http://127.0.0.1:" + sock.getLocalPort() + "/f.webp"));
            } else {
                answer(o, 200, "text/html", "<html><body>Service Unavailable</body></html>".getBytes());
            }
        }); FluxSchnellClient c = client(s)) {
            assertThatThrownBy(() -> c.generate(ImageRequest.of("x"))).isInstanceOf(StorageException.class)
                    .hasMessageContaining("is not an image");
            assertNoPartialFiles(out);
        }
    }

    @Test
    void downloadCutShortWithoutContentLength_isNotStoredAsAHalfImage() throws Exception {
        try (HostileServer s = new HostileServer((r, sock, o) -> {
            if (r.method().equals("POST")) {
                answer(o, 201, prediction("t1", "processing", "http://127.0.0.1:" + sock.getLocalPort() + "/f.webp"));
            } else {
                o.write("HTTP/1.1 200 OK\r\nContent-Type: image/webp\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                o.write(TestImages.webp(4000), 0, 2000); // then FIN: no length was promised, so only the RIFF header can tell
                o.flush();
                sock.shutdownOutput();
            }
        }); FluxSchnellClient c = client(s)) {
            assertThatThrownBy(() -> c.generate(ImageRequest.of("x"))).isInstanceOf(StorageException.class)
                    .hasMessageContaining("incomplete");
            assertNoPartialFiles(out);
        }
    }

    @Test
    void tokenEchoedByTheServer_neverAppearsInTheException() throws Exception {
        try (HostileServer s = new HostileServer((r, sock, o) -> answer(o, 502, "text/html",
                ("<html>upstream saw Authorization: " + r.header("Authorization").substring(0, 20) + "</html>")
                        .getBytes(StandardCharsets.UTF_8)));
             FluxSchnellClient c = client(s)) {
            assertThatThrownBy(() -> c.generate(ImageRequest.of("x")))
                    .satisfies(e -> assertThat(e.toString()).doesNotContain(TOKEN.substring(0, 12)));
        }
    }
}
