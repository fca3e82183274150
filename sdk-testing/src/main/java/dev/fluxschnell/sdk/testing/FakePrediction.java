package dev.fluxschnell.sdk.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One emulated prediction's lifecycle: starting → processing → succeeded/failed (on the server's timers), canceled or
 * aborted on request or at {@code Cancel-After}, webhook events, and its JSON as the real API shows it.
 */
final class FakePrediction {
    /** Replicate's prediction statuses. */
    enum Status { STARTING, PROCESSING, SUCCEEDED, FAILED, CANCELED, ABORTED }


    private final FakeReplicateServer server;
    final String id;
    final ObjectNode input;
    final Instant createdAt = Instant.now();
    final CompletableFuture<Void> done = new CompletableFuture<>();
    final int outputs;
    final String format;
    volatile Status status = Status.STARTING;
    volatile Instant startedAt;
    volatile Instant completedAt;
    volatile String error;
    volatile double predictTime;
    volatile URI webhook;
    final Set<String> webhookEvents = ConcurrentHashMap.newKeySet();
    final long seed;
    final String deployment;

    FakePrediction(FakeReplicateServer server, String id, ObjectNode input, String deployment) {
        this.server = server;
        this.id = id;
        this.input = input;
        this.deployment = deployment;
        long asked = input.path("seed").asLong(0);
        this.seed = asked != 0 ? asked : server.faults.randomSeed(); // like cog-flux: 0 or no seed draws a random 16-bit one
        this.outputs = input.path("num_outputs").asInt(1);
        this.format = input.path("output_format").asText("webp");
        long now = server.running.incrementAndGet();
        server.maxInFlight.accumulateAndGet(now, Math::max);
    }

    void schedule(Duration cancelAfter) {
        long latency = server.faults.latencyMillis();
        server.timers.schedule(this::start, Math.min(latency / 4, 100), TimeUnit.MILLISECONDS);
        server.timers.schedule(this::complete, latency, TimeUnit.MILLISECONDS);
        if (cancelAfter != null) {
            server.timers.schedule(this::cancel, cancelAfter.toMillis(), TimeUnit.MILLISECONDS);
        }
        predictTime = latency / 1000.0;
    }

    synchronized void start() {
        if (status == Status.STARTING) {
            status = Status.PROCESSING;
            startedAt = Instant.now();
            notifyWebhook("start");
        }
    }

    synchronized void complete() {
        if (terminal()) {
            return;
        }
        start();
        boolean marked = server.config.failMarker != null
                && input.path("prompt").asText().contains(server.config.failMarker)
                || input.has("seed") && server.config.failSeeds.contains(input.path("seed").asLong());
        if (marked || server.faults.chance(server.config.failedPredictionRate)) {
            status = Status.FAILED;
            error = "injected model error: CUDA error: an illegal memory access was encountered";
            server.failed.incrementAndGet();
        } else {
            status = Status.SUCCEEDED;
            server.succeeded.incrementAndGet();
        }
        finish();
    }

    synchronized void cancel() {
        if (terminal()) {
            return;
        }
        status = status == Status.STARTING ? Status.ABORTED : Status.CANCELED;
        server.canceled.incrementAndGet();
        finish();
    }

    private void finish() {
        completedAt = Instant.now();
        server.running.decrementAndGet();
        done.complete(null);
        notifyWebhook("completed");
    }

    private void notifyWebhook(String event) {
        if (webhook != null && (webhookEvents.isEmpty() || webhookEvents.contains(event))) {
            server.deliver(webhook, toJson(), 0);
        }
    }

    boolean terminal() {
        Status s = status;
        return s != Status.STARTING && s != Status.PROCESSING;
    }

    byte[] image(int index) {
        String ratio = input.path("aspect_ratio").asText("1:1");
        int[] size = InputSchema.SIZES.get(ratio);
        boolean quarter = input.path("megapixels").asText("1").equals("0.25");
        int w = quarter ? size[0] / 2 : size[0];
        int h = quarter ? size[1] / 2 : size[1];
        String prompt = input.path("prompt").asText();
        int quality = input.path("output_quality").asInt(80);
        String key = server.config.labelImages ? id + "-" + index : ratio + w + format + quality;
        return server.imageCache.computeIfAbsent(key, k -> pad(PlaceholderImages.render(prompt, index, w, h, format,
                quality, server.config.labelImages)));
    }

    private byte[] pad(byte[] image) {
        return server.config.imagePadding <= 0 ? image : ImagePadding.pad(image, format, server.config.imagePadding);
    }

    /**
     * The answer to a create with {@code Prefer: wait}, as Replicate gives it: a prediction that finished in the
     * window is answered {@code processing} with its output already present (inline {@code data:} URLs unless
     * {@link Builder#urlOutputs()}); one that did not is answered {@code starting}, even if it is server.running.
     */
    ObjectNode toSyncJson() {
        Status s = status;
        if (s == Status.SUCCEEDED) {
            return toJson(Status.PROCESSING, !server.config.urlOutputs);
        }
        return toJson(terminal() ? s : Status.STARTING, false);
    }

    ObjectNode toJson() {
        return toJson(status, false);
    }

    private ObjectNode toJson(Status s, boolean inline) {
        String base = server.baseUrl().toString();
        ObjectNode n = FakeReplicateServer.JSON.createObjectNode();
        n.put("id", id);
        n.put("model", "black-forest-labs/flux-schnell");
        n.put("version", "dp-4d0bcc010b3049749a251855f12800be7b2b7d8a8f54d4ec71c4f5c6d5fb3aba");
        if (deployment != null) {
            n.put("deployment", deployment);
        }
        n.set("input", input);
        n.put("logs", startedAt == null ? "" : "Using seed: " + seed + "\nrunning quantized prediction\n");
        n.put("status", s.name().toLowerCase());
        if (status == Status.SUCCEEDED) {
            ArrayNode out = n.putArray("output");
            for (int i = 0; i < outputs; i++) {
                out.add(inline ? "data:" + PlaceholderImages.mimeType(format) + ";base64,"
                        + Base64.getEncoder().encodeToString(image(i))
                        : base + "/files/" + id + "-" + i + "." + format);
            }
        } else {
            n.putNull("output");
        }
        if (error != null) {
            n.put("error", error);
        } else {
            n.putNull("error");
        }
        n.put("data_removed", false);
        n.put("created_at", createdAt.toString());
        n.put("started_at", startedAt == null ? null : startedAt.toString());
        n.put("completed_at", completedAt == null ? null : completedAt.toString());
        if (status == Status.SUCCEEDED) {
            n.putObject("metrics").put("predict_time", predictTime).put("image_count", outputs);
        }
        ObjectNode urls = n.putObject("urls");
        urls.put("get", base + "/v1/predictions/" + id);
        urls.put("cancel", base + "/v1/predictions/" + id + "/cancel");
        urls.put("web", "https://replicate.com/p/" + id);
        return n;
    }
}
