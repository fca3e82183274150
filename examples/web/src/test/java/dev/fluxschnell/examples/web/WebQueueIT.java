package dev.fluxschnell.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fluxschnell.sdk.redis.LocalRedis;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two replicas of the web example on one Redis: a batch submitted on one is queued (any replica's workers run it),
 * and its progress streamed by the other.
 */
class WebQueueIT {
    @Test
    void aBatchSubmittedOnOneReplica_isQueued_andFollowedOnTheOther() throws Exception {
        try (LocalRedis redis = LocalRedis.start();
             FakeReplicateServer api = FakeReplicateServer.builder().latency(Duration.ofMillis(300)).start()) {
            List<ConfigurableApplicationContext> replicas = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    replicas.add(WebApp.start("--server.port=0", "--flux-schnell.api-token=" + api.token(),
                            "--flux-schnell.base-url=" + api.baseUrl(), "--flux-schnell.download-hosts=127.0.0.1",
                            "--flux-schnell.storage.directory=" + Files.createTempDirectory("replica"),
                            "--web.redis-url=redis://127.0.0.1:" + redis.port, "--flux-schnell.queue.enabled=true",
                            "--flux-schnell.queue.workers=2"));
                }
                String a = base(replicas.get(0));
                String b = base(replicas.get(1));
                HttpClient http = HttpClient.newHttpClient();

                HttpResponse<String> submitted = http.send(HttpRequest.newBuilder(URI.create(a
                        + "/api/v1/generate/image/batch")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"prompts\":[\"a\",\"b\",\"c\",\"d\",\"e\","
                                + "\"f\"],\"user\":\"queued\"}")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
                assertThat(submitted.body()).contains("\"queued\":true");
                String events = submitted.body().replaceAll(".*\"events\":\"([^\"]+)\".*", "$1");

                String stream = http.send(HttpRequest.newBuilder(URI.create(b + events)).timeout(Duration.ofSeconds(60))
                        .build(), HttpResponse.BodyHandlers.ofString()).body();

                assertThat(stream).as("followed on the other replica").contains("event:done");
                assertThat(stream.split("event:progress", -1)).hasSize(7);
                assertThat(stream).contains("\"succeeded\":6");
                assertThat(api.stats().predictionsCreated()).isEqualTo(6);
            } finally {
                replicas.forEach(ConfigurableApplicationContext::close);
            }
        }
    }

    static String base(ConfigurableApplicationContext ctx) {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) ctx).getWebServer().getPort();
    }
}
