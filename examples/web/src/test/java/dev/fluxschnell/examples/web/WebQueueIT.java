package dev.fluxschnell.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fluxschnell.sdk.redis.LocalRedis;
import dev.fluxschnell.sdk.redis.RedisBatchQueue;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two replicas of the web example on one Redis: a batch submitted on one is queued (any replica's workers run it),
 * and its progress streamed by the other — to its owner only; the owner's gallery is the same on both (the users'
 * libraries are in Redis too). What a queued item's outcome in Redis says is not trusted: an image path outside the
 * storage root (directly or through a link) is never served.
 */
class WebQueueIT {
    @Test
    @Timeout(180) // a stream that never ends fails the test instead of holding the build
    void aBatchSubmittedOnOneReplica_isQueued_andFollowedOnTheOther_byItsOwnerOnly() throws Exception {
        try (LocalRedis redis = LocalRedis.start();
             FakeReplicateServer api = FakeReplicateServer.builder().latency(Duration.ofMillis(300)).start()) {
            List<ConfigurableApplicationContext> replicas = new ArrayList<>();
            Path storage = Files.createTempDirectory("shared"); // a volume both replicas mount (or use S3)
            try {
                for (int i = 0; i < 2; i++) {
                    List<String> args = new ArrayList<>(List.of("--server.port=0",
                            "--flux-schnell.api-token=" + api.token(), "--flux-schnell.base-url=" + api.baseUrl(),
                            "--flux-schnell.download-hosts=127.0.0.1",
                            "--flux-schnell.storage.directory=" + storage,
                            "--web.redis-url=redis://127.0.0.1:" + redis.port, "--flux-schnell.queue.enabled=true",
                            "--flux-schnell.queue.workers=2"));
                    TestClient.users("queued", "other").forEach(args::add);
                    replicas.add(WebApp.start(args.toArray(String[]::new)));
                }
                String a = base(replicas.get(0));
                String b = base(replicas.get(1));

                HttpResponse<String> submitted = TestClient.basic(a, "queued").post("/api/v1/generate/image/batch",
                        "{\"prompts\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\"]}");
                assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
                assertThat(submitted.body()).contains("\"queued\":true");
                String events = submitted.body().replaceAll(".*\"events\":\"([^\"]+)\".*", "$1");
                assertThat(TestClient.basic(b, "other").get(events).statusCode()).as("another user's batch")
                        .isEqualTo(404);

                String stream = TestClient.basic(b, "queued").send(HttpRequest.newBuilder(URI.create(b + events))
                        .timeout(Duration.ofSeconds(60))).body();

                assertThat(stream).as("followed on the other replica").contains("event:done");
                assertThat(stream.split("event:progress", -1)).hasSize(7);
                assertThat(stream).contains("\"succeeded\":6");
                assertThat(api.stats().predictionsCreated()).isEqualTo(6);
                assertThat(TestClient.basic(b, "other").get("/api/v1/gallery").body()).isEqualTo("[]");
                assertThat(TestClient.basic(a, "queued").get("/api/v1/gallery").body())
                        .as("the gallery, kept in Redis: the same on both replicas")
                        .isEqualTo(TestClient.basic(b, "queued").get("/api/v1/gallery").body());

                // Another batch, finished before anyone follows it; a probe rewrites two of its items' outcomes in
                // Redis: one names a file outside the storage root, the other a link inside the root that points
                // outside it.
                HttpResponse<String> second = TestClient.basic(a, "queued").post("/api/v1/generate/image/batch",
                        "{\"prompts\":[\"g\",\"h\",\"i\",\"j\",\"k\",\"l\"]}");
                assertThat(second.statusCode()).as(second.body()).isEqualTo(202);
                events = second.body().replaceAll(".*\"events\":\"([^\"]+)\".*", "$1");
                String id = events.split("/")[4];
                RedisBatchQueue queue = replicas.get(0).getBean(RedisBatchQueue.class);
                for (int wait = 0; wait < 1200 && !queue.status(id).orElseThrow().isFinished(); wait++) {
                    Thread.sleep(50);
                }
                assertThat(queue.status(id).orElseThrow().isFinished()).as("the second batch ran").isTrue();
                Path secret = Files.writeString(Files.createTempDirectory("outside").resolve("secret.png"), "secret");
                Path link = Files.createSymbolicLink(storage.resolve("link.png"), secret);
                try (RedisClient client = RedisClient.create("redis://127.0.0.1:" + redis.port);
                     StatefulRedisConnection<String, String> connection = client.connect()) {
                    RedisCommands<String, String> r = connection.sync();
                    String outcomes = r.keys("*" + id + ":outcomes").get(0);
                    forge(r, outcomes, "0", secret.toUri());
                    forge(r, outcomes, "1", link.toUri());
                }
                TestClient queued = TestClient.basic(a, "queued");
                assertThat(queued.get(events).body()).as("replica A follows the forged outcomes")
                        .contains("event:done");
                var gallery = new ObjectMapper().readTree(queued.get("/api/v1/gallery").body());
                assertThat(gallery).hasSize(12);
                int served = 0;
                for (var card : List.of(gallery.get(0), gallery.get(1), gallery.get(2), gallery.get(3),
                        gallery.get(4), gallery.get(5))) { // the second batch's
                    HttpResponse<String> image = queued.get(card.path("url").asText());
                    assertThat(image.body()).doesNotContain("secret");
                    served += image.statusCode() == 200 ? 1 : 0;
                }
                assertThat(served).as("the four untouched images only").isEqualTo(4);
            } finally {
                replicas.forEach(ConfigurableApplicationContext::close);
            }
        }
    }

    /** Rewrites item {@code index}'s outcome so that its one image is {@code location}. */
    private static void forge(RedisCommands<String, String> r, String outcomes, String index, URI location)
            throws Exception {
        ObjectNode item = (ObjectNode) new ObjectMapper().readTree(r.hget(outcomes, index));
        item.putArray("images").add(location.toString());
        r.hset(outcomes, index, item.toString());
    }

    static String base(ConfigurableApplicationContext ctx) {
        return TestClient.baseUrl(ctx);
    }
}
