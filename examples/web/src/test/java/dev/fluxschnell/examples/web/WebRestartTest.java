package dev.fluxschnell.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A restart keeps each user's favourites, history, share links, usage and gallery — here in the embedded store (files
 * beside the images); {@link WebRestartRedisIT} runs the same against Redis. A share link keeps working across the
 * restart when {@code web.share.key} is set; without it, the links handed out before stop (the owner's list has
 * working ones again).
 */
class WebRestartTest {
    static final String KEY = java.util.Base64.getEncoder().encodeToString("a test key of 32 bytes, not secret"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));

    @Test
    void aRestart_keepsFavouritesHistorySharesUsageAndGallery_inTheEmbeddedStore() throws Exception {
        Path storage = Files.createTempDirectory("web-images");
        aRestartKeepsEverything(List.of("--flux-schnell.storage.directory=" + storage));
        try (var files = Files.list(storage.resolve(".web-store").resolve("users"))) {
            assertThat(files.toList()).as("one file per user, beside the images").hasSize(1);
        }
    }

    /** Makes a user's library, restarts the app with {@code args} (and the same share key), and finds it all again. */
    static void aRestartKeepsEverything(List<String> args) throws Exception {
        List<String> withKey = new ArrayList<>(args);
        withKey.add("--web.share.key=" + KEY);
        JsonNode before;
        String link;
        String imageId;
        try (Started app = start(withKey)) {
            TestClient keeper = TestClient.basic(app.base, "keeper");
            HttpResponse<String> made = keeper.post("/api/v1/generate/image", "{\"prompt\":\"Kept <b>kettle</b>\","
                    + "\"style\":\"3d\",\"aspect_ratio\":\"3:2\"}");
            assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
            imageId = json(made.body()).path("images").get(0).path("id").asText();
            assertThat(keeper.post("/api/v1/favourites", "{\"image_id\":\"" + imageId + "\"}").statusCode())
                    .isEqualTo(200);
            assertThat(keeper.post("/api/v1/favourites", "{\"prompt\":\"Kept prompt\",\"aspect_ratio\":\"9:16\"}")
                    .statusCode()).isEqualTo(200);
            assertThat(keeper.post("/api/v1/generate/image", "{\"prompt\":\"Kept FAIL-ME\"}").statusCode())
                    .isEqualTo(502);
            HttpResponse<String> share = keeper.post("/api/v1/shares", "{\"image_id\":\"" + imageId + "\","
                    + "\"show_prompt\":true}");
            assertThat(share.statusCode()).as(share.body()).isEqualTo(200);
            link = json(share.body()).path("url").asText();
            before = library(keeper);
            assertThat(before.path("usage").path("total").path("failures").asInt()).isEqualTo(1);
        }

        try (Started app = start(withKey)) {
            TestClient keeper = TestClient.basic(app.base, "keeper");
            assertThat(library(keeper)).as("favourites, history, shares, usage and gallery, as they were")
                    .isEqualTo(before);
            assertThat(keeper.get("/images/" + imageId).statusCode()).isEqualTo(200);
            HttpResponse<String> page = TestClient.anonymous(app.base).get(link);
            assertThat(page.statusCode()).as("the same link, signed with the configured key").isEqualTo(200);
            assertThat(page.body()).contains("Kept &lt;b&gt;kettle&lt;/b&gt;").doesNotContain("<b>kettle");
            assertThat(TestClient.anonymous(app.base).get(link + "/image").statusCode()).isEqualTo(200);

            String first = before.path("history").get(1).path("id").asText(); // the oldest: the kettle
            long seed = before.path("history").get(1).path("seed").asLong();
            assertThat(keeper.post("/api/v1/history/" + first + "/run", "").statusCode()).isEqualTo(200);
            assertThat(app.emulator.createdInputs("black-forest-labs/flux-schnell")).singleElement()
                    .satisfies(i -> assertThat(i.path("seed").asLong()).as("run again after the restart").isEqualTo(seed))
                    .satisfies(i -> assertThat(i.path("aspect_ratio").asText()).isEqualTo("3:2"));
        }

        try (Started app = start(args)) { // no web.share.key: a key drawn at start
            TestClient keeper = TestClient.basic(app.base, "keeper");
            assertThat(TestClient.anonymous(app.base).get(link).statusCode()).as("a link from before: not ours")
                    .isEqualTo(404);
            String fresh = json(keeper.get("/api/v1/shares").body()).get(0).path("url").asText();
            assertThat(TestClient.anonymous(app.base).get(fresh).statusCode()).as("the owner's list: a working one")
                    .isEqualTo(200);
        }
    }

    /** The user's library as the API answers it. */
    static JsonNode library(TestClient user) throws Exception {
        var out = new ObjectMapper().createObjectNode();
        for (String part : List.of("favourites", "history", "shares", "usage", "gallery")) {
            HttpResponse<String> r = user.get("/api/v1/" + part);
            assertThat(r.statusCode()).as(part + " " + r.body()).isEqualTo(200);
            out.set(part, json(r.body()));
        }
        return out;
    }

    static JsonNode json(String body) throws Exception {
        return new ObjectMapper().readTree(body);
    }

    /** The app with a sandbox emulator of its own, where a prompt with FAIL-ME fails; both closed together. */
    record Started(ConfigurableApplicationContext context, FakeReplicateServer emulator, String base)
            implements AutoCloseable {
        @Override
        public void close() {
            context.close();
            emulator.close();
        }
    }

    static Started start(List<String> args) {
        List<String> all = new ArrayList<>(List.of("--server.port=0", "--web.sandbox=true"));
        all.addAll(args);
        TestClient.users("keeper").forEach(all::add);
        FakeReplicateServer emulator = FakeReplicateServer.builder().failPromptsContaining("FAIL-ME").start();
        ConfigurableApplicationContext ctx = WebApp.start(a -> a.addInitializers(c -> c.getBeanFactory()
                .registerSingleton("testEmulator", emulator)), all.toArray(String[]::new));
        return new Started(ctx, emulator, TestClient.baseUrl(ctx));
    }
}
