package dev.fluxschnell.examples;

import com.sun.net.httpserver.HttpServer;
import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.RequestOptions;
import dev.fluxschnell.sdk.result.GenerationResult;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import dev.fluxschnell.sdk.webhook.PredictionUpdate;
import dev.fluxschnell.sdk.webhook.WebhookEventType;
import dev.fluxschnell.sdk.errors.WebhookVerificationException;
import dev.fluxschnell.sdk.webhook.WebhookVerifier;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Fire-and-forget generation with webhooks: starts three predictions that report to a JDK {@code HttpServer}, which
 * verifies each delivery's signature and stores the images as their predictions complete (idempotently: deliveries
 * are retried). With a real token, Replicate must reach the receiver: set {@code FLUX_WEBHOOK_URL} to its public URL
 * (e.g. a tunnel to port {@code FLUX_WEBHOOK_PORT}; unset, a free port on 127.0.0.1); in the sandbox it is reached on
 * 127.0.0.1.
 */
public final class WebhookReceiverExample {
    private WebhookReceiverExample() {}

    /** Starts the receiver and three predictions, and waits until their images are stored. */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getenv().getOrDefault("FLUX_WEBHOOK_PORT", "0"));
        HttpServer receiver = HttpServer.create(new InetSocketAddress(port == 0 ? "127.0.0.1" : "0.0.0.0", port), 0);
        URI hook = URI.create(System.getenv().getOrDefault("FLUX_WEBHOOK_URL",
                "http://127.0.0.1:" + receiver.getAddress().getPort() + "/replicate-webhook"));
        try (FluxSchnellClient client = ExampleClients.create(b -> b.storage(LocalFileStorage.of(Path.of("out/webhooks"))))) {
            WebhookVerifier verifier = WebhookVerifier.of(client.webhookSecret());
            Set<String> handled = ConcurrentHashMap.newKeySet();
            List<String> prompts = List.of("Mountain cabin at dawn", "Neon city street in rain", "Still life with pears");
            CountDownLatch done = new CountDownLatch(prompts.size());

            receiver.createContext("/replicate-webhook", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                try {
                    PredictionUpdate update = verifier.verify(exchange.getRequestHeaders(), body);
                    exchange.sendResponseHeaders(204, -1);
                    if (update.status().isTerminal() && handled.add(update.id())) {
                        // the request is rebuilt from the prediction's input: nothing to remember per id
                        client.storeOutputs(update).whenComplete((r, e) -> {
                            System.out.println(e == null ? describe(r) : update.id() + " failed: " + e.getMessage());
                            done.countDown();
                        });
                    }
                } catch (WebhookVerificationException e) {
                    System.out.println("rejected a delivery: " + e.getMessage());
                    exchange.sendResponseHeaders(401, -1);
                } finally {
                    exchange.close();
                }
            });
            receiver.start();
            System.out.println("receiving webhooks at " + hook);

            for (String prompt : prompts) {
                String id = client.startPrediction(ImageRequest.of(prompt), RequestOptions.builder().webhook(hook)
                        .webhookEvents(Set.of(WebhookEventType.COMPLETED)).build()).join();
                System.out.println("started " + id + ": " + prompt);
            }
            if (!done.await(5, TimeUnit.MINUTES)) {
                System.out.println("gave up waiting for webhooks");
            }
        } finally {
            receiver.stop(0);
        }
    }

    private static String describe(GenerationResult r) {
        return r.predictionId() + " stored " + r.images().get(0).location();
    }
}
