package dev.fluxschnell.sdk.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The emulator serves the family as api.replicate.com does: each model's schema (422s), output shape, published
 * {@code openapi_schema}, creates by version, and the Files API with its expiry and 413.
 */
class ModelFamilyEmulationTest {
    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> send(FakeReplicateServer s, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.baseUrl() + path))
                .header("Authorization", "Bearer " + s.token())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String png(int w, int h, Color c) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        g.setColor(c);
        g.fillRect(0, 0, w, h);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
    }

    JsonNode await(FakeReplicateServer s, String id) throws Exception {
        for (int i = 0; i < 200; i++) {
            JsonNode p = JSON.readTree(send(s, "GET", "/v1/predictions/" + id, null).body());
            if (!p.path("status").asText().matches("starting|processing")) {
                return p;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("prediction " + id + " did not finish");
    }

    @Test
    void eachModelRefusesUnknownMissingAndWrongTypedFields_with422() throws Exception {
        try (FakeReplicateServer s = FakeReplicateServer.start()) {
            HttpResponse<String> unknown = send(s, "POST", "/v1/models/black-forest-labs/flux-kontext-pro/predictions",
                    "{\"input\":{\"prompt\":\"x\",\"input_image\":\"https://e.com/a.png\",\"num_outputs\":2}}");
            HttpResponse<String> missing = send(s, "POST", "/v1/models/black-forest-labs/flux-kontext-dev/predictions",
                    "{\"input\":{\"prompt\":\"x\"}}");
            HttpResponse<String> wrongType = send(s, "POST", "/v1/models/black-forest-labs/flux-fill-pro/predictions",
                    "{\"input\":{\"prompt\":\"x\",\"image\":\"https://e.com/a.png\",\"steps\":\"40\"}}");
            HttpResponse<String> webpOnPro = send(s, "POST",
                    "/v1/models/black-forest-labs/flux-kontext-pro/predictions",
                    "{\"input\":{\"prompt\":\"x\",\"output_format\":\"webp\"}}");
            HttpResponse<String> notAUri = send(s, "POST", "/v1/models/black-forest-labs/flux-dev/predictions",
                    "{\"input\":{\"prompt\":\"x\",\"image\":\"bag.png\"}}");

            assertThat(List.of(unknown, missing, wrongType, webpOnPro, notAUri))
                    .allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(422));
            assertThat(JSON.readTree(unknown.body()).path("invalid_fields").get(0).path("description").asText())
                    .isEqualTo("Additional property num_outputs is not allowed");
            assertThat(missing.body()).contains("input.input_image", "input_image is required");
            assertThat(wrongType.body()).contains("input.steps", "Expected: integer, given: string");
            assertThat(webpOnPro.body()).contains("output_format must be one of the following: \\\"jpg\\\", \\\"png\\\"");
            assertThat(notAUri.body()).contains("Does not match format 'uri'");
            assertThat(s.stats().predictionsCreated()).isZero();
        }
    }

    @Test
    void singleUriAndArrayOutputs_asEachModelDeclaresThem() throws Exception {
        try (FakeReplicateServer s = FakeReplicateServer.builder().urlOutputs().start()) {
            String source = png(300, 200, Color.BLUE);
            JsonNode kontext = JSON.readTree(send(s, "POST", "/v1/models/black-forest-labs/flux-kontext-pro/predictions",
                    "{\"input\":{\"prompt\":\"make it red\",\"input_image\":\"" + source + "\"}}").body());
            JsonNode dev = JSON.readTree(send(s, "POST", "/v1/models/black-forest-labs/flux-dev/predictions",
                    "{\"input\":{\"prompt\":\"x\",\"image\":\"" + source + "\",\"num_outputs\":2}}").body());

            JsonNode k = await(s, kontext.path("id").asText());
            JsonNode d = await(s, dev.path("id").asText());

            assertThat(k.path("output").isTextual()).as("Kontext: -> Path").isTrue();
            assertThat(k.path("output").asText()).endsWith(".png");
            assertThat(k.path("model").asText()).isEqualTo("black-forest-labs/flux-kontext-pro");
            assertThat(d.path("output").isArray()).as("flux-dev: -> List[Path]").isTrue();
            assertThat(d.path("output")).hasSize(2);
            byte[] bytes = http.send(HttpRequest.newBuilder(URI.create(k.path("output").asText())).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body();
            BufferedImage out = ImageIO.read(new ByteArrayInputStream(bytes));
            assertThat(out.getWidth()).as("Kontext's nearest preferred size to 3:2").isEqualTo(1248);
            int rgb = out.getRGB(out.getWidth() - 3, out.getHeight() - 3);
            assertThat(rgb & 0xff).as("the blue source shows through the tint").isGreaterThan(rgb >> 16 & 0xff);
        }
    }

    @Test
    void modelsAnswerTheirLatestVersionWithCogsSchema_andCreatesByVersionWork() throws Exception {
        try (FakeReplicateServer s = FakeReplicateServer.start()) {
            JsonNode m = JSON.readTree(send(s, "GET", "/v1/models/black-forest-labs/flux-kontext-pro", null).body());
            JsonNode schemas = m.path("latest_version").path("openapi_schema").path("components").path("schemas");

            assertThat(m.path("latest_version").path("id").asText()).matches("[0-9a-f]{64}")
                    .isEqualTo(s.latestVersion("black-forest-labs/flux-kontext-pro"));
            assertThat(schemas.path("Input").path("required")).extracting(JsonNode::asText).containsExactly("prompt");
            assertThat(schemas.path("Input").path("properties").path("input_image").path("format").asText())
                    .isEqualTo("uri");
            assertThat(schemas.path("Input").path("properties").path("aspect_ratio").path("allOf").get(0)
                    .path("$ref").asText()).isEqualTo("#/components/schemas/aspect_ratio");
            assertThat(schemas.path("aspect_ratio").path("enum").get(0).asText()).isEqualTo("match_input_image");
            assertThat(schemas.path("Output").path("type").asText()).isEqualTo("string");
            JsonNode dev = JSON.readTree(send(s, "GET", "/v1/models/black-forest-labs/flux-dev", null).body());
            assertThat(dev.path("latest_version").path("openapi_schema").path("components").path("schemas")
                    .path("Output").path("type").asText()).isEqualTo("array");
            assertThat(send(s, "GET", "/v1/models/nobody/nothing", null).statusCode()).isEqualTo(404);

            HttpResponse<String> byVersion = send(s, "POST", "/v1/predictions", "{\"version\":\""
                    + s.latestVersion("black-forest-labs/flux-schnell") + "\",\"input\":{\"prompt\":\"x\"}}");
            HttpResponse<String> unknownVersion = send(s, "POST", "/v1/predictions",
                    "{\"version\":\"" + "0".repeat(64) + "\",\"input\":{\"prompt\":\"x\"}}");
            assertThat(byVersion.statusCode()).isEqualTo(201);
            assertThat(unknownVersion.statusCode()).isEqualTo(422);
            assertThat(unknownVersion.body()).contains("Invalid version or not permitted");
            assertThat(s.stats().modelReads()).as("the unknown model is not counted").isEqualTo(2);
        }
    }

    String upload(FakeReplicateServer s, byte[] content, String name, String type) throws Exception {
        String boundary = "b0undary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"content\"; filename=\"" + name
                + "\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(content);
        body.write(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\n"
                + "Content-Type: application/json\r\n\r\n{\"sku\":\"123\"}\r\n--" + boundary + "--\r\n")
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(s.baseUrl() + "/v1/files"))
                .header("Authorization", "Bearer " + s.token())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return r.body();
    }

    @Test
    void filesApi_upload_get_list_delete_asRecorded() throws Exception {
        try (FakeReplicateServer s = FakeReplicateServer.start()) {
            JsonNode first = JSON.readTree(upload(s, "hello".getBytes(StandardCharsets.UTF_8), "a.txt", "text/plain"));
            JsonNode second = JSON.readTree(upload(s, new byte[] {1, 2}, "b.bin", "application/octet-stream"));

            assertThat(first.path("name").asText()).isEqualTo("a.txt");
            assertThat(first.path("content_type").asText()).isEqualTo("text/plain");
            assertThat(first.path("size").asInt()).isEqualTo(5);
            assertThat(first.path("checksums").path("sha256").asText())
                    .isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
            assertThat(first.path("etag").asText()).isEqualTo(first.path("checksums").path("md5").asText());
            assertThat(first.path("metadata").path("sku").asText()).isEqualTo("123");
            assertThat(java.time.Duration.between(java.time.Instant.parse(first.path("created_at").asText()),
                    java.time.Instant.parse(first.path("expires_at").asText()))).isEqualTo(Duration.ofHours(24));
            String url = first.path("urls").path("get").asText();
            assertThat(url).isEqualTo(s.baseUrl() + "/v1/files/" + first.path("id").asText());

            assertThat(JSON.readTree(send(s, "GET", "/v1/files/" + first.path("id").asText(), null).body()))
                    .isEqualTo(first);
            JsonNode list = JSON.readTree(send(s, "GET", "/v1/files", null).body());
            assertThat(list.path("results")).extracting(n -> n.path("id").asText())
                    .as("newest first").containsExactly(second.path("id").asText(), first.path("id").asText());

            HttpResponse<String> deleted = send(s, "DELETE", "/v1/files/" + first.path("id").asText(), null);
            assertThat(deleted.statusCode()).isEqualTo(204);
            assertThat(deleted.body()).isEmpty();
            assertThat(send(s, "GET", "/v1/files/" + first.path("id").asText(), null).statusCode()).isEqualTo(404);
            assertThat(s.stats().fileUploads()).isEqualTo(2);
        }
    }

    @Test
    void anExpiredFile_isGone_andAPredictionThatNamesItFails() throws Exception {
        try (FakeReplicateServer s = FakeReplicateServer.builder().fileLifetime(Duration.ofSeconds(2)).start()) {
            byte[] bytes = Base64.getDecoder().decode(png(64, 64, Color.RED).substring("data:image/png;base64,"
                    .length()));
            JsonNode f = JSON.readTree(upload(s, bytes, "red.png", "image/png"));
            String url = f.path("urls").path("get").asText();
            JsonNode ok = JSON.readTree(send(s, "POST", "/v1/models/black-forest-labs/flux-kontext-dev/predictions",
                    "{\"input\":{\"prompt\":\"x\",\"input_image\":\"" + url + "\"}}").body());
            assertThat(await(s, ok.path("id").asText()).path("status").asText()).isEqualTo("succeeded");

            Thread.sleep(2500);

            assertThat(send(s, "GET", "/v1/files/" + f.path("id").asText(), null).statusCode()).isEqualTo(404);
            assertThat(JSON.readTree(send(s, "GET", "/v1/files", null).body()).path("results")).isEmpty();
            JsonNode late = JSON.readTree(send(s, "POST", "/v1/models/black-forest-labs/flux-kontext-dev/predictions",
                    "{\"input\":{\"prompt\":\"x\",\"input_image\":\"" + url + "\"}}").body());
            JsonNode failed = await(s, late.path("id").asText());
            assertThat(failed.path("status").asText()).isEqualTo("failed");
            assertThat(failed.path("error").asText()).contains("input_image", "expired or was deleted");
        }
    }

    @Test
    void anUploadOver100MiB_isAnswered413WithAnHtmlPage_withoutReadingIt() throws Exception {
        try (FakeReplicateServer s = FakeReplicateServer.start();
             Socket socket = new Socket("127.0.0.1", s.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/files HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + s.token()
                    + "\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: " + (200L * 1024 * 1024)
                    + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            byte[] buf = new byte[512];
            for (int n; !read.toString(StandardCharsets.ISO_8859_1).contains("</html>") && (n = in.read(buf)) > 0; ) {
                read.write(buf, 0, n);
            }
            String answer = read.toString(StandardCharsets.ISO_8859_1);

            assertThat(answer).startsWith("HTTP/1.1 413").contains("text/html", "413 Request Entity Too Large");
            assertThat(s.stats().fileUploads()).isZero();
        }
    }
}
