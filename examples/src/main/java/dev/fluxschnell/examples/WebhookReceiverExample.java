package dev.fluxschnell.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.RequestOptions;
import dev.fluxschnell.sdk.errors.WebhookVerificationException;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.result.GenerationResult;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import dev.fluxschnell.sdk.webhook.PredictionUpdate;
import dev.fluxschnell.sdk.webhook.WebhookEventType;
import dev.fluxschnell.sdk.webhook.WebhookVerifier;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Fire-and-forget generation with webhooks: starts three predictions that report to a JDK {@code HttpServer}, which
 * reads at most 1 MiB of each delivery, verifies its signature before anything parses it, and stores the images as
 * their predictions complete (idempotently: deliveries are retried). The receiver listens on 127.0.0.1 unless
 * {@code FLUX_WEBHOOK_BIND} names another address (e.g. {@code 0.0.0.0}, behind a tunnel or proxy), on
 * {@code FLUX_WEBHOOK_PORT} (unset: a free port). With a real token, Replicate must reach it: set
 * {@code FLUX_WEBHOOK_URL} to its public URL; in the sandbox it is reached on 127.0.0.1.
 */
public final class WebhookReceiverExample {
    /** The largest delivery body read (1 MiB): a prediction update is a few KiB; anything larger is refused (413). */
    public static final int MAX_BODY_BYTES = 1 << 20;

    private WebhookReceiverExample() {}

    /** Starts the receiver and three predictions, and waits until their images are stored. */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getenv().getOrDefault("FLUX_WEBHOOK_PORT", "0"));
        String bind = System.getenv().getOrDefault("FLUX_WEBHOOK_BIND", "127.0.0.1");
        HttpServer receiver = HttpServer.create(new InetSocketAddress(bind, port), 0);
        URI hook = URI.create(System.getenv().getOrDefault("FLUX_WEBHOOK_URL",
                "http://127.0.0.1:" + receiver.getAddress().getPort() + "/replicate-webhook"));
        try (FluxSchnellClient client = ExampleClients.create(b -> b.storage(LocalFileStorage.of(Path.of("out/webhooks"))))) {
            Set<String> handled = ConcurrentHashMap.newKeySet();
            List<String> prompts = List.of("Mountain cabin at dawn", "Neon city street in rain", "Still life with pears");
            CountDownLatch done = new CountDownLatch(prompts.size());

            receiver.createContext("/replicate-webhook", handler(WebhookVerifier.of(client.webhookSecret()), update -> {
                if (update.status().isTerminal() && handled.add(update.id())) {
                    // the request is rebuilt from the prediction's input: nothing to remember per id
                    client.storeOutputs(update).whenComplete((r, e) -> {
                        System.out.println(e == null ? describe(r) : update.id() + " failed: " + e.getMessage());
                        done.countDown();
                    });
                }
            }));
            receiver.start();
            System.out.println("receiving webhooks at " + hook + " (listening on " + receiver.getAddress() + ")");

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

    /**
     * {@return the webhook endpoint: refuses a body over {@link #MAX_BODY_BYTES} (413) before reading it when its
     * Content-Length says so, and while reading it otherwise (a chunked or lying body); answers 401 to a delivery whose
     * signature does not verify — checked before anything parses the body — and 204 to an authentic one, which it hands
     * to {@code onUpdate}}
     *
     * @param verifier checks each delivery's signature
     * @param onUpdate receives each authentic update (deliveries are retried: act idempotently)
     */
    static HttpHandler handler(WebhookVerifier verifier, Consumer<PredictionUpdate> onUpdate) {
        return exchange -> {
            try {
                byte[] body = body(exchange, MAX_BODY_BYTES);
                if (body == null) {
                    exchange.sendResponseHeaders(413, -1);
                    return;
                }
                PredictionUpdate update;
                try {
                    update = verifier.verify(exchange.getRequestHeaders(), body);
                } catch (WebhookVerificationException e) {
                    System.out.println("rejected a delivery: " + e.getMessage());
                    exchange.sendResponseHeaders(401, -1);
                    return;
                }
                exchange.sendResponseHeaders(204, -1);
                onUpdate.accept(update);
            } finally {
                exchange.close();
            }
        };
    }

    /**
     * {@return the request body, or null when it is larger than {@code max} bytes: a Content-Length above it is refused
     * unread, and the body is read through a bound of {@code max + 1} bytes, so no body costs more memory than that}
     */
    static byte[] body(HttpExchange exchange, int max) throws IOException {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.strip()) > max) {
                    return null;
                }
            } catch (NumberFormatException e) {
                return null;
            }
        }
        byte[] body = exchange.getRequestBody().readNBytes(max + 1);
        return body.length > max ? null : body;
    }

    private static String describe(GenerationResult r) {
        return r.predictionId() + " stored " + r.images().get(0).location();
    }
}
