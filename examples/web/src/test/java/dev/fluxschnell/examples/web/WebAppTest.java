package dev.fluxschnell.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The web example's JSON API against the bundled emulator (the page in a browser: {@link WebBrowserIT}).
 */
class WebAppTest {
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
        var info = new com.fasterxml.jackson.databind.ObjectMapper().readTree(get("/api/v1/info").body());
        assertThat(info.path("aspect_ratios")).as("flux-schnell's ratios, the five social formats first").hasSize(11);
        assertThat(info.path("aspect_ratios").get(0).asText()).isEqualTo("1:1");
        assertThat(get("/api/v1/templates").body()).contains("\"name\":\"product-colors\"",
                "\"variables\":[\"product\",\"color\"]", "social-banner");
    }

    @Test
    void theJsonFieldsArePromptFileKeys_anyModelsSettings_andAnUnknownOneIsRefused() throws Exception {
        HttpResponse<String> dev = post("/api/v1/generate/image", "{\"prompt\":\"Quiet harbour\",\"model\":"
                + "\"flux-dev\",\"guidance\":4.5,\"seed\":3,\"user\":\"family\"}");
        assertThat(dev.statusCode()).as(dev.body()).isEqualTo(200);
        assertThat(dev.body()).contains("\"model\":\"black-forest-labs/flux-dev\"", "\"guidance\":\"4.5\"");

        HttpResponse<String> typo = post("/api/v1/generate/image", "{\"prompt\":\"x\",\"aspect_ration\":\"16:9\"}");
        assertThat(typo.statusCode()).isEqualTo(400);
        assertThat(typo.body()).contains("unknown key 'aspect_ration'").doesNotContain("request:1");

        HttpResponse<String> unset = post("/api/v1/generate/image", "{\"prompt\":\"Plain\",\"user\":\"family\"}");
        assertThat(unset.statusCode()).as(unset.body()).isEqualTo(200);
        assertThat(unset.body()).as("nothing set: the model's defaults, nothing to show").contains("\"settings\":{}",
                "\"output_format\":\"webp\"");
    }

    @Test
    void aSavedTemplatesCards_showWhatDiffersFromTheModelsDefaults_settingsFirst() throws Exception {
        String boundary = "----flux" + System.nanoTime();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"user\"\r\n\r\ntpl\r\n--" + boundary
                + "--\r\n";
        HttpResponse<String> started = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base
                        + "/api/v1/templates/product-colors/batch"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String events = started.body().replaceAll(".*\"events\":\"([^\"]+)\".*", "$1");
        assertThat(get(events).body()).contains("event:done");

        String gallery = get("/api/v1/gallery?user=tpl").body();
        assertThat(gallery).as("the page's caption reads \"realistic · 4:5\" from these, in this order")
                .contains("\"settings\":{\"style\":\"realistic\",\"aspect_ratio\":\"4:5\"}");
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

}
