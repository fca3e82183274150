package dev.fluxschnell.sdk.hostile;

import static dev.fluxschnell.sdk.hostile.HostileServer.answer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fluxschnell.sdk.request.EditRequest;
import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.result.GenerationResult;
import dev.fluxschnell.sdk.request.InputImage;
import dev.fluxschnell.sdk.Pictures;
import dev.fluxschnell.sdk.TestImages;
import dev.fluxschnell.sdk.errors.FluxSchnellException;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Files API misbehaving byte by byte while an input image is uploaded: every failure ends within its deadline,
 * a failed upload never creates (and so never bills) a prediction, and a reset connection is retried.
 */
@Timeout(60)
class HostileUploadTest {
    static final String TOKEN = "r8_HostileUploadToken0123456789";
    static final String KONTEXT = "/v1/models/black-forest-labs/flux-kontext-pro/predictions";
    static final byte[] LARGE = Pictures.pngOfSize(64, 64, 300_000);

    @TempDir
    Path out;

    FluxSchnellClient client(HostileServer s) {
        return FluxSchnellClient.builder().apiToken(TOKEN).baseUrl(s.baseUrl()).checkModels(false)
                .downloadHosts(List.of("127.0.0.1"))
                .storage(LocalFileStorage.of(out)).requestTimeout(Duration.ofSeconds(2)).maxRetries(2)
                .pollInterval(Duration.ofMillis(100)).build();
    }

    static String file(String url) {
        return "{\"id\":\"f1\",\"name\":\"image.png\",\"content_type\":\"image/png\",\"size\":300000,\"checksums\":"
                + "{\"sha256\":\"x\"},\"created_at\":\"2026-11-26T10:00:00Z\",\"expires_at\":\"2999-01-01T00:00:00Z\","
                + "\"urls\":{\"get\":\"" + url + "\"}}";
    }

    static String succeeded() {
        return "{\"id\":\"k1\",\"status\":\"succeeded\",\"output\":\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(TestImages.png(64)) + "\",\"logs\":\"Using seed: 3\\n\"}";
    }

    /** Answers the file list (empty), the create (succeeded) and hands uploads to {@code upload}. */
    static HostileServer server(HostileServer.Handler upload) throws Exception {
        return new HostileServer((r, socket, o) -> {
            if (r.method().equals("GET") && r.path().startsWith("/v1/files")) {
                answer(o, 200, "{\"next\":null,\"previous\":null,\"results\":[]}");
            } else if (r.path().equals("/v1/files")) {
                upload.handle(r, socket, o);
            } else if (r.path().equals(KONTEXT)) {
                answer(o, 201, succeeded());
            } else {
                answer(o, 404, "{\"detail\":\"not found\"}");
            }
        });
    }

    @Test
    void anUploadAnswerThatDrips_endsAtTheRequestTimeout_andNothingIsCreated() throws Exception {
        byte[] json = file("https://api.replicate.com/v1/files/f1").getBytes(StandardCharsets.UTF_8);
        try (HostileServer s = server((r, socket, o) -> HostileServer.drip(o, "application/json", json, 200));
             FluxSchnellClient c = client(s)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> c.generateAsync(EditRequest.of(InputImage.of(LARGE), "x")).get(40, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(FluxSchnellException.class)
                    .satisfies(e -> assertThat(((FluxSchnellException) e.getCause()).predictionMayExist()).isFalse());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
            assertThat(s.count("POST", KONTEXT)).isZero();
        }
    }

    @Test
    void anUploadAnswerCutShort_isRetried_thenFails_andNothingIsCreated() throws Exception {
        try (HostileServer s = server((r, socket, o) -> {
            o.write(("HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"id\":")
                    .getBytes(StandardCharsets.ISO_8859_1));
            o.flush();
            socket.close();
        }); FluxSchnellClient c = client(s)) {
            assertThatThrownBy(() -> c.generate(EditRequest.of(InputImage.of(LARGE), "x")))
                    .isInstanceOf(FluxSchnellException.class);
            assertThat(s.count("POST", "/v1/files")).as("1 try + 2 retries").isEqualTo(3);
            assertThat(s.count("POST", KONTEXT)).isZero();
        }
    }

    @Test
    void aResetUpload_isRetried_andTheCreateIsSentOnceWithTheUploadsUrl() throws Exception {
        AtomicInteger uploads = new AtomicInteger();
        try (HostileServer s = server((r, socket, o) -> {
            if (uploads.incrementAndGet() == 1) {
                socket.setSoLinger(true, 0); // RST
                socket.close();
                return;
            }
            answer(o, 201, file("https://api.replicate.com/v1/files/f1"));
        }); FluxSchnellClient c = client(s)) {
            GenerationResult r = c.generate(EditRequest.of(InputImage.of(LARGE), "x"));

            assertThat(r.images()).hasSize(1);
            assertThat(s.count("POST", KONTEXT)).isEqualTo(1);
            String body = new String(s.requests.stream().filter(q -> q.path().equals(KONTEXT)).findFirst()
                    .orElseThrow().body(), StandardCharsets.UTF_8);
            assertThat(body).contains("\"input_image\":\"https://api.replicate.com/v1/files/f1\"");
        }
    }

    @Test
    void anUploadAnswerWithoutAUrl_failsClearly() throws Exception {
        try (HostileServer s = server((r, socket, o) -> answer(o, 201, "{\"id\":\"f1\"}"));
             FluxSchnellClient c = client(s)) {
            assertThatThrownBy(() -> c.generate(EditRequest.of(InputImage.of(LARGE), "x")))
                    .hasMessageContaining("urls.get");
            assertThat(s.count("POST", KONTEXT)).isZero();
        }
    }

    @Test
    void theUploadSendsTheAnnouncedBytes_exactly() throws Exception {
        try (HostileServer s = server((r, socket, o) -> answer(o, 201, file("https://api.replicate.com/v1/files/f1")));
             FluxSchnellClient c = client(s)) {
            c.generate(EditRequest.of(InputImage.of(LARGE), "x"));

            HostileServer.Request upload = s.requests.stream().filter(q -> q.path().equals("/v1/files")
                    && q.method().equals("POST")).findFirst().orElseThrow();
            assertThat(Integer.parseInt(upload.header("Content-Length"))).isEqualTo(upload.body().length);
            assertThat(new String(upload.body(), StandardCharsets.ISO_8859_1)).contains(
                    "Content-Disposition: form-data; name=\"content\"; filename=\"image.png\"\r\n"
                            + "Content-Type: image/png\r\n\r\n");
            assertThat(upload.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        }
    }
}
