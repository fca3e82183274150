package dev.fluxschnell.sdk.webhook;

import dev.fluxschnell.sdk.RequestOptions;
import static org.assertj.core.api.Assertions.assertThat;
import com.sun.net.httpserver.HttpServer;
import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.result.GenerationResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fluxschnell.sdk.request.AspectRatio;
import dev.fluxschnell.sdk.request.EditModel;
import dev.fluxschnell.sdk.request.EditRequest;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.InputImage;
import dev.fluxschnell.sdk.request.OutputFormat;
import dev.fluxschnell.sdk.result.PredictionStatus;
import dev.fluxschnell.sdk.errors.WebhookVerificationException;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The emulator delivers signed webhooks; a receiver verifies them and stores the images. */
class WebhookFlowTest {
    @TempDir
    Path out;

    @Test
    void completedWebhook_isVerified_andItsImagesStored_whileForgeriesAreRefused() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.builder().latency(Duration.ofMillis(100)).start();
             FluxSchnellClient client = FluxSchnellClient.builder().apiToken(server.token()).baseUrl(server.baseUrl())
                     .downloadHosts(List.of("127.0.0.1")).storage(LocalFileStorage.of(out)).build()) {
            WebhookVerifier verifier = WebhookVerifier.of(client.webhookSecret());
            assertThat(client.webhookSecret()).isEqualTo(server.webhookSecret());
            BlockingQueue<Object> received = new LinkedBlockingQueue<>();
            Map<String, ImageRequest> pending = new ConcurrentHashMap<>();
            HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            receiver.createContext("/hooks", ex -> {
                byte[] body = ex.getRequestBody().readAllBytes();
                try {
                    PredictionUpdate update = verifier.verify(ex.getRequestHeaders(), body);
                    ex.sendResponseHeaders(204, -1);
                    received.add(update);
                } catch (WebhookVerificationException e) {
                    ex.sendResponseHeaders(401, -1);
                    received.add(e);
                }
                ex.close();
            });
            receiver.start();
            try {
                URI hook = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks");
                ImageRequest request = ImageRequest.builder().prompt("webhook cat").numOutputs(2).build();
                String id = client.startPrediction(request, RequestOptions.builder().webhook(hook)
                        .webhookEvents(Set.of(WebhookEventType.COMPLETED)).build()).get(10, TimeUnit.SECONDS);
                pending.put(id, request);

                Object first = received.poll(10, TimeUnit.SECONDS);
                assertThat(first).isInstanceOf(PredictionUpdate.class);
                PredictionUpdate update = (PredictionUpdate) first;
                assertThat(update.id()).isEqualTo(id);
                assertThat(update.status()).isEqualTo(PredictionStatus.SUCCEEDED);
                GenerationResult r = client.storeOutputs(update, pending.get(update.id())).get(10, TimeUnit.SECONDS);
                assertThat(r.images()).hasSize(2).allSatisfy(img -> assertThat(Path.of(img.location())).exists());
                assertThat(Files.size(Path.of(r.images().get(0).location()))).isPositive();
                assertThat(received.poll(300, TimeUnit.MILLISECONDS)).as("only 'completed' was asked for").isNull();

                var forged = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(hook)
                        .header("webhook-id", "msg_x").header("webhook-timestamp",
                                Long.toString(System.currentTimeMillis() / 1000))
                        .header("webhook-signature", "v1,AAAA").POST(java.net.http.HttpRequest.BodyPublishers
                                .ofString(update.json())).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
                assertThat(forged.statusCode()).isEqualTo(401);
                assertThat(received.poll(5, TimeUnit.SECONDS)).isInstanceOf(WebhookVerificationException.class);
            } finally {
                receiver.stop(0);
            }
            assertThat(server.stats().webhooksDelivered()).isEqualTo(1);
            assertThat(server.createdInputs()).hasSize(1);
        }
    }

    @Test
    void anEditDeliveredByWebhook_isStoredWithACompleteSidecar_fromTheDeliveryAlone() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.start();
             FluxSchnellClient client = server.clientBuilder().storage(LocalFileStorage.of(out)).build()) {
            WebhookVerifier verifier = WebhookVerifier.of(client.webhookSecret());
            BlockingQueue<PredictionUpdate> received = new LinkedBlockingQueue<>();
            HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            receiver.createContext("/hooks", ex -> {
                try {
                    received.add(verifier.verify(ex.getRequestHeaders(), ex.getRequestBody().readAllBytes()));
                    ex.sendResponseHeaders(204, -1);
                } catch (WebhookVerificationException e) {
                    ex.sendResponseHeaders(401, -1);
                }
                ex.close();
            });
            receiver.start();
            try {
                EditRequest edit = EditRequest.builder().model(EditModel.KONTEXT_PRO)
                        .image(InputImage.of(URI.create("https://example.com/mug.png"))).prompt("Make the mug blue")
                        .aspectRatio(AspectRatio.SQUARE_1_1).outputFormat(OutputFormat.PNG).seed(7L).build();
                String id = client.startPrediction(edit, RequestOptions.builder()
                        .webhook(URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks"))
                        .webhookEvents(Set.of(WebhookEventType.COMPLETED)).build()).get(10, TimeUnit.SECONDS);
                PredictionUpdate update = received.poll(10, TimeUnit.SECONDS);
                assertThat(update).isNotNull();
                assertThat(update.id()).isEqualTo(id);

                GenerationResult r = client.storeOutputs(update).get(10, TimeUnit.SECONDS);

                assertThat(r.request()).isEqualTo(edit);
                Path image = Path.of(r.images().get(0).location());
                JsonNode sidecar = new ObjectMapper().readTree(image.resolveSibling(image.getFileName() + ".json")
                        .toFile());
                assertThat(sidecar.toString()).contains("black-forest-labs/flux-kontext-pro", "Make the mug blue",
                        "https://example.com/mug.png", "\"aspect_ratio\":\"1:1\"", "\"output_format\":\"png\"",
                        id);
                assertThat(sidecar.findValue("seed").asText()).isEqualTo("7");
            } finally {
                receiver.stop(0);
            }
        }
    }
}
