package dev.fluxschnell.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue #32's API on the running app (the page in a browser: {@link WebBrowserIT}): the history capped, searched
 * (bounded), run again with the same settings and seed, deleted; favourites capped, checked as rows, a starred image
 * kept servable; share links signed, showing the prompt only when asked, expiring (410), capped, revocable; usage by
 * day (the last days kept), style, ratio and model, failures included. Small limits; a clock the test moves.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebLibraryTest {
    /** A clock the test moves forward: share links expire, usage days pass. */
    static final class MovableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-12-01T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static final MovableClock CLOCK = new MovableClock();
    static ConfigurableApplicationContext app;
    static FakeReplicateServer emulator;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--web.sandbox=true",
                "--flux-schnell.storage.directory=" + Files.createTempDirectory("web-images"),
                "--web.rate-limit.burst=1000", "--web.limits.history-per-user=3", "--web.limits.gallery-per-user=2",
                "--web.limits.favourites-per-user=2", "--web.limits.shares-per-user=2", "--web.limits.usage-days=2",
                "--web.share.ttl=1d"));
        TestClient.users("hist", "again", "fav", "sharer", "usage", "other").forEach(args::add);
        emulator = FakeReplicateServer.builder().failPromptsContaining("FAIL-ME").start();
        app = WebApp.start(a -> a.addInitializers(ctx -> {
            ctx.getBeanFactory().registerSingleton("testEmulator", emulator);
            ctx.getBeanFactory().registerSingleton("webClock", CLOCK);
        }), args.toArray(String[]::new));
        base = TestClient.baseUrl(app);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        emulator.close();
    }

    static String generate(TestClient user, String json) throws Exception {
        HttpResponse<String> r = user.post("/api/v1/generate/image", json);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return TestClient.json(r).path("images").get(0).path("id").asText();
    }

    @Test
    @Order(1)
    void theHistory_keepsTheNewest_isSearchable_withABoundedSearch_andEntriesAreDeleted() throws Exception {
        TestClient hist = TestClient.basic(base, "hist");
        for (int i = 1; i <= 4; i++) {
            generate(hist, "{\"prompt\":\"Poster " + i + "\"}");
        }
        JsonNode all = TestClient.json(hist.get("/api/v1/history"));
        assertThat(all).extracting(e -> e.path("prompt").asText()).containsExactly("Poster 4", "Poster 3",
                "Poster 2");
        assertThat(TestClient.json(hist.get("/api/v1/history?q=POSTER%203"))).singleElement()
                .satisfies(e -> assertThat(e.path("outcome").asText()).isEqualTo("succeeded"));
        HttpResponse<String> tooLong = hist.get("/api/v1/history?q=" + "x".repeat(101));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("at most 100 characters");

        String id = all.get(0).path("id").asText();
        assertThat(TestClient.basic(base, "other").delete("/api/v1/history/" + id).statusCode()).isEqualTo(404);
        assertThat(hist.delete("/api/v1/history/" + id).statusCode()).isEqualTo(204);
        assertThat(hist.delete("/api/v1/history/" + id).statusCode()).isEqualTo(404);
        assertThat(TestClient.json(hist.get("/api/v1/history"))).hasSize(2);
    }

    @Test
    @Order(2)
    void runAgain_sendsTheSameSettingsAndTheSeedUsed_exactWhereTheModelIsDeterministic() throws Exception {
        TestClient again = TestClient.basic(base, "again");
        generate(again, "{\"prompt\":\"Glass teapot\",\"model\":\"flux-1.1-pro\",\"aspect_ratio\":\"3:2\","
                + "\"safety_tolerance\":5}");
        generate(again, "{\"prompt\":\"Tin robot\",\"output_quality\":70}");
        JsonNode history = TestClient.json(again.get("/api/v1/history"));
        JsonNode robot = history.get(0);
        JsonNode teapot = history.get(1);
        assertThat(teapot.path("exact").asBoolean()).as("flux-1.1-pro: the seed makes the same pixels").isTrue();
        assertThat(robot.path("exact").asBoolean()).as("flux-schnell's go_fast: not even with the seed").isFalse();

        for (JsonNode e : List.of(teapot, robot)) {
            HttpResponse<String> r = again.post("/api/v1/history/" + e.path("id").asText() + "/run", "");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
        List<JsonNode> teapots = emulator.createdInputs("black-forest-labs/flux-1.1-pro").stream()
                .filter(i -> i.path("prompt").asText().equals("Glass teapot")).toList();
        assertThat(teapots).hasSize(2);
        assertThat(teapots.get(1).path("seed").asLong()).isEqualTo(teapot.path("seed").asLong());
        assertThat(teapots.get(1).path("aspect_ratio").asText()).isEqualTo("3:2");
        assertThat(teapots.get(1).path("safety_tolerance").asInt()).isEqualTo(5);
        List<JsonNode> robots = emulator.createdInputs("black-forest-labs/flux-schnell").stream()
                .filter(i -> i.path("prompt").asText().equals("Tin robot")).toList();
        assertThat(robots.get(1).path("seed").asLong()).isEqualTo(robot.path("seed").asLong());
        assertThat(robots.get(1).path("output_quality").asInt()).isEqualTo(70);

        HttpResponse<String> edit = TestClient.basic(base, "again").multipart("/api/v1/edit/image/upload",
                TestClient.Part.file("file", "a.png", "image/png", WebAppTest.png()),
                TestClient.Part.field("prompt", "make it teal"));
        assertThat(edit.statusCode()).as(edit.body()).isEqualTo(200);
        String editId = TestClient.json(again.get("/api/v1/history")).get(0).path("id").asText();
        HttpResponse<String> refused = again.post("/api/v1/history/" + editId + "/run", "");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("started from an image");
        assertThat(TestClient.basic(base, "other").post("/api/v1/history/" + teapot.path("id").asText() + "/run", "")
                .statusCode()).as("another user's entry").isEqualTo(404);
    }

    @Test
    @Order(3)
    void favourites_areCapped_checkedAsRows_runAsBatchRows_andAStarredImageStaysServable() throws Exception {
        TestClient fav = TestClient.basic(base, "fav");
        String first = generate(fav, "{\"prompt\":\"Starred shell\",\"aspect_ratio\":\"5:4\"}");
        JsonNode star = TestClient.json(fav.post("/api/v1/favourites", "{\"image_id\":\"" + first + "\"}"));
        assertThat(star.path("row").toString()).contains("\"prompt\":\"Starred shell\"", "\"aspect_ratio\":\"5:4\"");
        assertThat(TestClient.json(fav.post("/api/v1/favourites", "{\"image_id\":\"" + first + "\"}")).path("id"))
                .as("starred again: the same favourite").isEqualTo(star.path("id"));
        String second = generate(fav, "{\"prompt\":\"Plain shell 1\"}");
        generate(fav, "{\"prompt\":\"Plain shell 2\"}");
        generate(fav, "{\"prompt\":\"Plain shell 3\"}");
        assertThat(TestClient.json(fav.get("/api/v1/gallery"))).hasSize(2);
        assertThat(fav.get("/images/" + first).statusCode()).as("out of the gallery, but starred").isEqualTo(200);
        assertThat(fav.get("/images/" + second).statusCode()).as("out of the gallery").isEqualTo(404);

        HttpResponse<String> typo = fav.post("/api/v1/favourites", "{\"prompt\":\"x\",\"aspect_ration\":\"4:5\"}");
        assertThat(typo.statusCode()).isEqualTo(400);
        assertThat(typo.body()).contains("unknown key 'aspect_ration'");
        assertThat(fav.post("/api/v1/favourites", "{\"prompt\":\"x\",\"user\":\"other\"}").statusCode())
                .isEqualTo(400);
        JsonNode prompt = TestClient.json(fav.post("/api/v1/favourites", "{\"prompt\":\"Starred prompt\",\"style\":"
                + "\"illustration\",\"aspect_ratio\":\"9:16\"}"));
        HttpResponse<String> full = fav.post("/api/v1/favourites", "{\"prompt\":\"One too many\"}");
        assertThat(full.statusCode()).isEqualTo(409);
        assertThat(full.body()).contains("At most 2 favourites");

        HttpResponse<String> batch = fav.post("/api/v1/generate/image/batch", "{\"prompts\":[\"Loose prompt\"],"
                + "\"rows\":[\"" + prompt.path("id").asText() + "\"],\"aspect_ratio\":\"1:1\"}");
        assertThat(batch.statusCode()).as(batch.body()).isEqualTo(202);
        assertThat(fav.get(TestClient.json(batch).path("events").asText()).body()).contains("event:done");
        JsonNode row = emulator.createdInputs("black-forest-labs/flux-schnell").stream()
                .filter(i -> i.path("prompt").asText().startsWith("Starred prompt")).findFirst().orElseThrow();
        assertThat(row.path("aspect_ratio").asText()).as("the row's own settings over the batch's").isEqualTo("9:16");
        assertThat(fav.post("/api/v1/generate/image/batch", "{\"rows\":[\"p-unknown\"]}").statusCode())
                .isEqualTo(404);

        assertThat(TestClient.basic(base, "other").delete("/api/v1/favourites/" + star.path("id").asText())
                .statusCode()).isEqualTo(404);
        assertThat(fav.delete("/api/v1/favourites/" + star.path("id").asText()).statusCode()).isEqualTo(204);
        assertThat(fav.get("/images/" + first).statusCode()).as("unstarred and out of the gallery").isEqualTo(404);
    }

    @Test
    @Order(10)
    void shareLinks_showThePromptOnlyWhenAsked_areCapped_expireWith410_andAreSigned() throws Exception {
        TestClient sharer = TestClient.basic(base, "sharer");
        TestClient stranger = TestClient.anonymous(base);
        String image = generate(sharer, "{\"prompt\":\"A <i>secret</i> recipe\"}");
        String plain = TestClient.json(sharer.post("/api/v1/shares", "{\"image_id\":\"" + image + "\"}")).path("url").asText();
        JsonNode withPrompt = TestClient.json(sharer.post("/api/v1/shares", "{\"image_id\":\"" + image + "\","
                + "\"show_prompt\":true}"));
        assertThat(withPrompt.path("expires").asText()).isEqualTo("2026-12-02T10:00:00Z");

        HttpResponse<String> page = stranger.get(plain);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("secret", "recipe").contains("<img src=\"" + plain + "/image\"");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(stranger.get(withPrompt.path("url").asText()).body()).contains("A &lt;i&gt;secret&lt;/i&gt; recipe")
                .doesNotContain("<i>secret");
        assertThat(stranger.get(plain + "/image").statusCode()).isEqualTo(200);

        HttpResponse<String> full = sharer.post("/api/v1/shares", "{\"image_id\":\"" + image + "\"}");
        assertThat(full.statusCode()).isEqualTo(409);
        assertThat(full.body()).contains("At most 2 share links");
        assertThat(sharer.post("/api/v1/shares", "{\"image_id\":\"" + image + "\",\"user\":\"other\"}").statusCode())
                .isEqualTo(400);
        assertThat(sharer.post("/api/v1/shares", "{\"image_id\":\"" + image + "\",\"days\":365}").statusCode())
                .isEqualTo(400);
        assertThat(TestClient.basic(base, "other").post("/api/v1/shares", "{\"image_id\":\"" + image + "\"}")
                .statusCode()).as("another user's image").isEqualTo(404);

        String[] parts = plain.substring(3).split("~");
        String longer = "/s/" + parts[0] + "~" + (Long.parseLong(parts[1]) + 86_400) + "~" + parts[2];
        assertThat(stranger.get(longer).statusCode()).as("an expiry changed: the signature is wrong").isEqualTo(404);
        assertThat(stranger.get("/s/not-a-link").statusCode()).isEqualTo(404);

        CLOCK.advance(Duration.ofDays(1));
        HttpResponse<String> expired = stranger.get(plain);
        assertThat(expired.statusCode()).isEqualTo(410);
        assertThat(expired.body()).contains("expired");
        assertThat(stranger.get(plain + "/image").statusCode()).isEqualTo(410);
        assertThat(TestClient.json(sharer.get("/api/v1/shares"))).allSatisfy(s -> assertThat(s.path("expired").asBoolean())
                .isTrue());
        JsonNode fresh = TestClient.json(sharer.post("/api/v1/shares", "{\"image_id\":\"" + image + "\"}"));
        assertThat(fresh.path("expired").asBoolean()).as("expired links make room").isFalse();
        assertThat(stranger.get(fresh.path("url").asText()).statusCode()).isEqualTo(200);

        String id = fresh.path("id").asText();
        assertThat(TestClient.basic(base, "other").delete("/api/v1/shares/" + id).statusCode()).isEqualTo(404);
        assertThat(sharer.delete("/api/v1/shares/" + id).statusCode()).isEqualTo(204);
        assertThat(stranger.get(fresh.path("url").asText()).statusCode()).as("revoked").isEqualTo(404);
        assertThat(stranger.get(fresh.path("url").asText() + "/image").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(11)
    void usage_countsImagesSpendAndFailures_byDayStyleRatioAndModel_keepingTheLastDays() throws Exception {
        TestClient usage = TestClient.basic(base, "usage");
        BigDecimal spent = BigDecimal.ZERO;
        spent = spent.add(cost(usage.post("/api/v1/generate/image", "{\"prompt\":\"Day one\",\"style\":\"realistic\","
                + "\"aspect_ratio\":\"16:9\"}")));
        assertThat(usage.post("/api/v1/generate/image", "{\"prompt\":\"Day one FAIL-ME\"}").statusCode())
                .isEqualTo(502);
        CLOCK.advance(Duration.ofDays(1));
        spent = spent.add(cost(usage.post("/api/v1/generate/image", "{\"prompt\":\"Day two\",\"model\":"
                + "\"flux-1.1-pro\"}")));
        HttpResponse<String> batch = usage.post("/api/v1/generate/image/batch", "{\"prompts\":[\"Day two batch\","
                + "\"Day two FAIL-ME\"]}");
        assertThat(usage.get(TestClient.json(batch).path("events").asText()).body()).contains("event:done");
        spent = spent.add(new BigDecimal("0.003"));
        CLOCK.advance(Duration.ofDays(1));
        spent = spent.add(cost(usage.post("/api/v1/generate/image", "{\"prompt\":\"Day three\"}")));

        JsonNode u = TestClient.json(usage.get("/api/v1/usage"));
        assertThat(u.path("total").path("requests").asInt()).isEqualTo(6);
        assertThat(u.path("total").path("images").asInt()).isEqualTo(4);
        assertThat(u.path("total").path("failures").asInt()).isEqualTo(2);
        assertThat(new BigDecimal(u.path("total").path("spend_usd").asText())).isEqualByComparingTo(spent);
        assertThat(u.path("days")).as("the last 2 days, newest first").extracting(d -> d.path("key").asText())
                .containsExactly("2026-12-04", "2026-12-03");
        assertThat(u.path("days").get(1).path("failures").asInt()).isEqualTo(1);
        assertThat(u.path("styles").toString()).contains("\"key\":\"realistic\"", "\"key\":\"none\"");
        assertThat(u.path("aspect_ratios").toString()).contains("\"key\":\"16:9\"", "\"key\":\"1:1\"");
        assertThat(u.path("models")).extracting(m -> m.path("key").asText()).containsExactlyInAnyOrder(
                "flux-schnell", "flux-1.1-pro");
        assertThat(TestClient.json(usage.get("/api/v1/history")).toString()).as("the batch's failure is in the history too")
                .contains("Day two FAIL-ME", "\"outcome\":\"failed\"");
        assertThat(TestClient.json(TestClient.basic(base, "other").get("/api/v1/usage")).path("total").path("requests").asInt())
                .isZero();
    }

    private static BigDecimal cost(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new BigDecimal(TestClient.json(r).path("images").get(0).path("cost_usd").asText());
    }
}
