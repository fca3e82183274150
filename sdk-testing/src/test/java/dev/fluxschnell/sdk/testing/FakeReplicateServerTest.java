package dev.fluxschnell.sdk.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FakeReplicateServerTest {
    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> create(FakeReplicateServer s, String input, String prefer, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.baseUrl() + FakeReplicateServer.CREATE_PATH))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"input\":" + input + "}"));
        if (prefer != null) {
            b.header("Prefer", prefer);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode get(FakeReplicateServer s, String path) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(s.baseUrl() + path))
                .header("Authorization", "Bearer " + s.token()).build();
        return JSON.readTree(http.send(r, HttpResponse.BodyHandlers.ofString()).body());
    }

    @ParameterizedTest
    @CsvSource({"1:1,1,png,1024,1024", "16:9,1,jpg,1344,768", "9:21,0.25,webp,320,768", "21:9,0.25,png,768,320"})
    void outputs_areRealImagesOfTheExactSize(String ratio, String mp, String format, int w, int h) throws Exception {
        try (FakeReplicateServer s = FakeReplicateServer.builder().urlOutputs().start()) {
            HttpResponse<String> r = create(s, "{\"prompt\":\"a red bicycle\",\"aspect_ratio\":\"" + ratio
                    + "\",\"megapixels\":\"" + mp + "\",\"output_format\":\"" + format + "\"}", "wait=5", s.token());
            assertThat(r.statusCode()).isEqualTo(201);
            JsonNode p = JSON.readTree(r.body());
            assertThat(p.path("status").asText()).as("a sync answer that finished").isEqualTo("processing");
            String url = p.path("output").get(0).asText();
            HttpResponse<byte[]> img = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(img.headers().firstValue("Content-Type")).contains(PlaceholderImages.mimeType(format));
            assertThat(img.headers().firstValueAsLong("Content-Length")).hasValue(img.body().length);
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(img.body()));
            assertThat(decoded).isNotNull();
            assertThat(decoded.getWidth()).isEqualTo(w);
            assertThat(decoded.getHeight()).isEqualTo(h);
            assertThat(s.stats().downloads()).isEqualTo(1);
        }
    }

    @Test
    void syncAnswer_isProcessingWithTheImageInline_likeTheRealApi() throws Exception {
        try (FakeReplicateServer s = FakeReplicateServer.builder().latency(Duration.ofMillis(50)).start()) {
            JsonNode p = JSON.readTree(create(s, "{\"prompt\":\"x\",\"output_format\":\"png\",\"megapixels\":\"0.25\"}",
                    "wait=5", s.token()).body());
            assertThat(p.path("status").asText()).isEqualTo("processing");
            String out = p.path("output").get(0).asText();
            assertThat(out).startsWith("data:image/png;base64,");
            byte[] png = java.util.Base64.getDecoder().decode(out.substring(out.indexOf(',') + 1));
            assertThat(ImageIO.read(new ByteArrayInputStream(png)).getWidth()).isEqualTo(512);
            assertThat(p.path("logs").asText()).matches("(?s)Using seed: \\d+\n.*");
            JsonNode later = get(s, "/v1/predictions/" + p.path("id").asText());
            assertThat(later.path("status").asText()).isEqualTo("succeeded");
            assertThat(later.path("output").get(0).asText()).as("later GETs carry file URLs").startsWith("http");
            assertThat(s.stats().downloads()).isZero();
        }
    }

    @Test
    void syncAnswer_ofAPredictionStillRunning_isStarting() throws Exception {
        try (FakeReplicateServer s = FakeReplicateServer.builder().latency(Duration.ofMillis(2500)).start()) {
            JsonNode p = JSON.readTree(create(s, "{\"prompt\":\"x\"}", "wait=1", s.token()).body());
            assertThat(p.path("status").asText()).as("running, but answered 'starting' as Replicate does")
                    .isEqualTo("starting");
            assertThat(p.path("output").isNull()).isTrue();
        }
    }

    @Test
    void seeds_zeroOrNoneIsRandom16Bit_anExplicitSeedIsUsed_andLogged() throws Exception {
        try (FakeReplicateServer s = FakeReplicateServer.start()) {
            java.util.Set<Long> drawn = new java.util.HashSet<>();
            for (String input : new String[] {"{\"prompt\":\"x\"}", "{\"prompt\":\"x\",\"seed\":0}"}) {
                for (int i = 0; i < 5; i++) {
                    String logs = JSON.readTree(create(s, input, "wait=5", s.token()).body()).path("logs").asText();
                    long seed = Long.parseLong(logs.replaceAll("(?s)Using seed: (\\d+).*", "$1"));
                    assertThat(seed).isBetween(0L, 65535L);
                    drawn.add(seed);
                }
            }
            assertThat(drawn).as("random seeds differ").hasSizeGreaterThan(1);
            String logs = JSON.readTree(create(s, "{\"prompt\":\"x\",\"seed\":4242}", "wait=5", s.token()).body())
                    .path("logs").asText();
            assertThat(logs).startsWith("Using seed: 4242\n");
        }
    }

    @Test
    void lowCreditAccount_answersReplicatesVerbatim429() throws Exception {
        try (FakeReplicateServer s = FakeReplicateServer.builder().lowCreditAccount().start()) {
            assertThat(create(s, "{\"prompt\":\"x\"}", null, s.token()).statusCode()).isEqualTo(201);
            HttpResponse<String> second = create(s, "{\"prompt\":\"x\"}", null, s.token());
            assertThat(second.statusCode()).isEqualTo(429);
            assertThat(second.headers().firstValue("Retry-After")).isEmpty();
            JsonNode body = JSON.readTree(second.body());
            assertThat(body.has("title")).isFalse();
            assertThat(body.path("status").asInt()).isEqualTo(429);
            assertThat(body.path("retry_after").asInt()).isBetween(9, 10);
            assertThat(body.path("detail").asText()).isEqualTo(String.format(FakeReplicateServer.LOW_CREDIT_DETAIL,
                    body.path("retry_after").asInt())).contains("6 requests per minute with a burst of 1 requests");
        }
    }

    @Test
    void deployments_serveTheSameCreate_andUnknownOnesAre404() throws Exception {
        try (FakeReplicateServer s = FakeReplicateServer.builder().deployment("acme/flux-prod").start()) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.baseUrl() + "/v1/deployments/acme/flux-prod/predictions"))
                    .header("Authorization", "Bearer " + s.token()).header("Prefer", "wait=5")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"input\":{\"prompt\":\"x\"}}"));
            JsonNode p = JSON.readTree(http.send(b.build(), HttpResponse.BodyHandlers.ofString()).body());
            assertThat(p.path("status").asText()).isEqualTo("processing");
            assertThat(p.path("deployment").asText()).isEqualTo("acme/flux-prod");
            HttpResponse<String> other = http.send(HttpRequest.newBuilder(URI.create(s.baseUrl()
                    + "/v1/deployments/acme/other/predictions")).header("Authorization", "Bearer " + s.token())
                    .POST(HttpRequest.BodyPublishers.ofString("{\"input\":{\"prompt\":\"x\"}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(other.statusCode()).isEqualTo(404);
            assertThat(s.stats().deploymentCreates()).isEqualTo(1);
            assertThat(get(s, "/v1/predictions").path("results")).hasSize(1);
            assertThat(s.stats().lists()).isEqualTo(1);
        }
    }

    @Test
    void withoutSyncWait_predictionIsPolledToCompletion_andPaddingKeepsImagesDecodable() throws Exception {
        try (FakeReplicateServer s = FakeReplicateServer.builder().latency(Duration.ofMillis(200))
                .imagePadding(3_000_000).labelImages(false).start()) {
            JsonNode p = JSON.readTree(create(s, "{\"prompt\":\"x\",\"output_format\":\"webp\"}", null, s.token()).body());
            assertThat(p.path("status").asText()).isIn("starting", "processing");
            String id = p.path("id").asText();
            JsonNode later = p;
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!later.path("status").asText().equals("succeeded") && System.nanoTime() < deadline) {
                Thread.sleep(20);
                later = get(s, "/v1/predictions/" + id);
            }
            assertThat(later.path("status").asText()).isEqualTo("succeeded");
            assertThat(s.stats().polls()).isPositive();
            byte[] img = http.send(HttpRequest.newBuilder(URI.create(later.path("output").get(0).asText())).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body();
            assertThat(img.length).isGreaterThanOrEqualTo(3_000_000);
            assertThat(Arrays.copyOfRange(img, 8, 12)).isEqualTo("WEBP".getBytes());
            assertThat(ImageIO.read(new ByteArrayInputStream(img)).getWidth()).isEqualTo(1024);
        }
    }

    @Test
    void invalidInput_gets422WithInvalidFields_andNoPredictionIsCreated() throws Exception {
        try (FakeReplicateServer s = FakeReplicateServer.start()) {
            HttpResponse<String> r = create(s, "{\"prompt\":\"x\",\"num_outputs\":5,\"megapixels\":1}", null, s.token());
            assertThat(r.statusCode()).isEqualTo(422);
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.path("title").asText()).isEqualTo("Input validation failed");
            assertThat(body.path("invalid_fields").findValuesAsText("field"))
                    .containsExactlyInAnyOrder("input.num_outputs", "input.megapixels");
            assertThat(s.stats().predictionsCreated()).isZero();
        }
    }

    @Test
    void wrongToken_gets401() throws Exception {
        try (FakeReplicateServer s = FakeReplicateServer.start()) {
            assertThat(create(s, "{\"prompt\":\"x\"}", null, "r8_wrong").statusCode()).isEqualTo(401);
            assertThat(s.stats().unauthorized()).isEqualTo(1);
        }
    }

    @Test
    void rateLimit_answers429WithRetryAfter() throws Exception {
        // one token per 10 s: the third create is throttled however slowly this machine sends them
        try (FakeReplicateServer s = FakeReplicateServer.builder().rateLimit(6, 2).start()) {
            assertThat(create(s, "{\"prompt\":\"x\"}", null, s.token()).statusCode()).isEqualTo(201);
            assertThat(create(s, "{\"prompt\":\"x\"}", null, s.token()).statusCode()).isEqualTo(201);
            HttpResponse<String> third = create(s, "{\"prompt\":\"x\"}", null, s.token());
            assertThat(third.statusCode()).isEqualTo(429);
            String retryAfter = third.headers().firstValue("Retry-After").orElseThrow();
            assertThat(Long.parseLong(retryAfter)).as("seconds until the next token").isBetween(1L, 10L);
            assertThat(third.body()).contains("resets in ~" + retryAfter + "s");
            assertThat(s.stats().throttled()).isEqualTo(1);
        }
    }

    @Test
    void cancel_andCancelAfter_endPredictions() throws Exception {
        try (FakeReplicateServer s = FakeReplicateServer.builder().latency(Duration.ofSeconds(30)).start()) {
            String id = JSON.readTree(create(s, "{\"prompt\":\"x\"}", null, s.token()).body()).path("id").asText();
            Thread.sleep(150);
            HttpResponse<String> c = http.send(HttpRequest.newBuilder(URI.create(s.baseUrl() + "/v1/predictions/"
                    + id + "/cancel")).header("Authorization", "Bearer " + s.token())
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(JSON.readTree(c.body()).path("status").asText()).isEqualTo("canceled");

            HttpRequest withDeadline = HttpRequest.newBuilder(URI.create(s.baseUrl() + FakeReplicateServer.CREATE_PATH))
                    .header("Authorization", "Bearer " + s.token()).header("Cancel-After", "100ms")
                    .header("Prefer", "wait=2").POST(HttpRequest.BodyPublishers.ofString("{\"input\":{\"prompt\":\"y\"}}"))
                    .build();
            JsonNode p = JSON.readTree(http.send(withDeadline, HttpResponse.BodyHandlers.ofString()).body());
            assertThat(p.path("status").asText()).isIn("aborted", "canceled");
            assertThat(s.stats().running()).isZero();
            assertThat(s.stats().cancels()).isEqualTo(1);
        }
    }

    @Test
    void injectedFaults_areCounted() throws Exception {
        try (FakeReplicateServer s = FakeReplicateServer.builder().dropConnectionRate(1.0).seed(1).start()) {
            assertThatThrownBy(() -> create(s, "{\"prompt\":\"x\"}", null, s.token())).isInstanceOf(IOException.class);
            assertThat(s.stats().droppedConnections()).isEqualTo(1);
            assertThat(s.stats().predictionsCreated()).isZero();
        }
        try (FakeReplicateServer s = FakeReplicateServer.builder().createErrorRate(1.0).start()) {
            HttpResponse<String> r = create(s, "{\"prompt\":\"x\"}", null, s.token());
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(JSON.readTree(r.body()).path("title").asText()).isEqualTo("Internal Server Error");
            assertThat(s.stats().predictionsCreated()).isZero();
        }
        try (FakeReplicateServer s = FakeReplicateServer.builder().failedPredictionRate(1.0).start()) {
            JsonNode p = JSON.readTree(create(s, "{\"prompt\":\"x\"}", "wait", s.token()).body());
            assertThat(p.path("status").asText()).isEqualTo("failed");
            assertThat(p.path("output").isNull()).isTrue();
            assertThat(p.path("error").asText()).contains("injected model error");
        }
    }

    @Test
    void webhookSecret_isServed() throws Exception {
        try (FakeReplicateServer s = FakeReplicateServer.start()) {
            assertThat(get(s, "/v1/webhooks/default/secret").path("key").asText()).isEqualTo(s.webhookSecret())
                    .startsWith("whsec_");
        }
    }

    @Test
    void durations_parseLikeCancelAfter() {
        assertThat(Http.parseDuration("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Http.parseDuration("45s")).isEqualTo(Duration.ofSeconds(45));
        assertThat(Http.parseDuration("nonsense")).isNull();
    }

    @Test
    void anImageDeclaringHugeDimensions_failsThePrediction_withoutBeingDecoded() throws Exception {
        java.nio.ByteBuffer png = java.nio.ByteBuffer.allocate(1300);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'});
        png.putInt(20000).putInt(20000).put(new byte[] {8, 2, 0, 0, 0}).putInt(0); // 20000x20000 RGB, then noise
        String uri = "data:image/png;base64," + java.util.Base64.getEncoder().encodeToString(png.array());
        try (FakeReplicateServer s = FakeReplicateServer.start()) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.baseUrl()
                    + "/v1/models/black-forest-labs/flux-kontext-pro/predictions"))
                    .header("Authorization", "Bearer " + s.token()).header("Prefer", "wait=5")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"input\":{\"prompt\":\"x\",\"input_image\":\"" + uri
                            + "\"}}"));
            JsonNode p = JSON.readTree(http.send(b.build(), HttpResponse.BodyHandlers.ofString()).body());
            for (int i = 0; i < 100 && !p.path("status").asText().equals("failed"); i++) {
                Thread.sleep(50);
                p = get(s, "/v1/predictions/" + p.path("id").asText());
            }
            assertThat(p.path("status").asText()).isEqualTo("failed");
            assertThat(p.path("error").asText()).contains("20000x20000 is too large");
        }
    }

    @Test
    void aCreateBodyOverTheCap_isRefusedWith413_unread() throws Exception {
        try (FakeReplicateServer s = FakeReplicateServer.start()) {
            String big = "\"" + "a".repeat(FakeReplicateServer.MAX_CREATE_BODY) + "\"";
            HttpResponse<String> r = create(s, "{\"prompt\":" + big + "}", null, s.token());
            assertThat(r.statusCode()).isEqualTo(413);
            assertThat(s.stats().predictionsCreated()).isZero();
        }
    }

    @Test
    void idleKeepAliveConnections_stayOpen_evenPastTheJdkServersDefault200() throws Exception {
        // the JDK's HttpServer would close connections 201+ right after their answers; a client's next request on one
        // (a create, in bench/ at concurrency 256) would be lost, which api.replicate.com does not do
        int connections = 250;
        try (FakeReplicateServer s = FakeReplicateServer.start()) {
            java.util.List<java.net.Socket> sockets = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < connections; i++) {
                    java.net.Socket socket = new java.net.Socket("127.0.0.1", s.port());
                    socket.setSoTimeout(10_000);
                    sockets.add(socket);
                }
                for (int round = 1; round <= 2; round++) { // round 2: on every connection idle since round 1
                    for (java.net.Socket socket : sockets) {
                        socket.getOutputStream().write(("GET /v1/webhooks/default/secret HTTP/1.1\r\nHost: 127.0.0.1"
                                + "\r\nAuthorization: Bearer " + s.token() + "\r\n\r\n")
                                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    }
                    int answered = 0;
                    for (java.net.Socket socket : sockets) {
                        answered += readsAnswer(socket.getInputStream()) ? 1 : 0;
                    }
                    assertThat(answered).as("connections answered in round " + round).isEqualTo(connections);
                }
            } finally {
                for (java.net.Socket socket : sockets) {
                    socket.close();
                }
            }
        }
    }

    /** Reads one HTTP/1.1 answer with a Content-Length; false when the connection was closed or reset instead. */
    private static boolean readsAnswer(java.io.InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        try {
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    return false;
                }
                head.append((char) b);
            }
        } catch (java.net.SocketException reset) {
            return false;
        }
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)")
                .matcher(head);
        assertThat(head).startsWith("HTTP/1.1 200");
        assertThat(length.find()).as("a Content-Length in " + head).isTrue();
        return in.readNBytes(Integer.parseInt(length.group(1))).length == Integer.parseInt(length.group(1));
    }
}
