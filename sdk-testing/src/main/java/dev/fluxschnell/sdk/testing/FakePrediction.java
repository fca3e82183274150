package dev.fluxschnell.sdk.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
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


    final FakeReplicateServer server;
    final String id;
    final EmulatedModel model;
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
    private volatile BufferedImage source;
    private volatile BufferedImage mask;

    FakePrediction(FakeReplicateServer server, String id, EmulatedModel model, ObjectNode input, String deployment) {
        this.server = server;
        this.id = id;
        this.model = model;
        this.input = input;
        this.deployment = deployment;
        long asked = input.path("seed").asLong(0);
        this.seed = asked != 0 ? asked : server.faults.randomSeed(); // like cog-flux: 0 or no seed draws a random 16-bit one
        this.outputs = model.listOutput() ? input.path("num_outputs").asInt(1) : 1;
        this.format = input.path(input.has("format") ? "format" : "output_format").asText(model.defaultFormat());
        long now = server.running.incrementAndGet();
        server.maxInFlight.accumulateAndGet(now, Math::max);
    }

    /** The model's work: inputs read and outputs rendered while the prediction runs; a missing input, or null. */
    private volatile CompletableFuture<String> work = CompletableFuture.completedFuture(null);

    void schedule(Duration cancelAfter) {
        // the outputs are made during the run, as a model makes them: the answer waits for no rendering
        work = CompletableFuture.supplyAsync(this::prepareOutputs, server.renderers());
        long latency = server.faults.latencyMillis(model);
        server.timers.schedule(this::start, Math.min(latency / 4, 100), TimeUnit.MILLISECONDS);
        server.timers.schedule(this::complete, latency, TimeUnit.MILLISECONDS);
        if (cancelAfter != null) {
            server.timers.schedule(this::cancel, cancelAfter.toMillis(), TimeUnit.MILLISECONDS);
        }
        // a community model's GPU time is what it is billed: never 0 (a real run takes at least about a second)
        predictTime = model.official() ? latency / 1000.0 : Math.max(1.0, latency / 1000.0);
    }

    synchronized void start() {
        if (status == Status.STARTING) {
            status = Status.PROCESSING;
            startedAt = Instant.now();
            notifyWebhook("start");
        }
    }

    void complete() {
        work.whenComplete((missing, e) -> completeNow(e != null ? "emulator bug: " + e : missing));
    }

    private String prepareOutputs() {
        String missing = readInputs();
        if (missing == null) {
            try {
                for (int i = 0; i < outputs; i++) {
                    image(i);
                }
            } catch (RuntimeException e) {
                // rendered again when asked; a bug there is reported then
            }
        }
        return missing;
    }

    private synchronized void completeNow(String missing) {
        if (terminal()) {
            return;
        }
        start();
        boolean marked = server.config.failMarker != null
                && input.path("prompt").asText().contains(server.config.failMarker)
                || input.has("seed") && server.config.failSeeds.contains(input.path("seed").asLong());
        if (missing != null) {
            status = Status.FAILED;
            error = missing;
            server.failed.incrementAndGet();
        } else if (marked || server.faults.chance(server.config.failedPredictionRate)) {
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

    /**
     * Reads the input images as the model would download them; {@return why one cannot be read (a file of this
     * server that expired or was deleted), or null}
     */
    private String readInputs() {
        for (String field : java.util.List.of("input_image", "image", "image_url", "mask", "input_images", "images",
                "image_prompt")) {
            JsonNode value = input.path(field);
            java.util.List<JsonNode> uris = new java.util.ArrayList<>();
            value.forEach(uris::add);
            if (value.isTextual()) {
                uris.add(value);
            }
            int max = model.schema().field(field).map(f -> f.maxItems().orElse(Integer.MAX_VALUE))
                    .orElse(Integer.MAX_VALUE);
            if (uris.size() > max) {
                return field + ": at most " + max + " images are accepted, " + uris.size() + " were given";
            }
            for (JsonNode uri : uris) {
                byte[] bytes;
                try {
                    bytes = server.inputBytes(uri.asText());
                } catch (IllegalArgumentException e) {
                    return "Failed to download " + field + ": " + e.getMessage();
                }
                String tooLarge = tooLarge(bytes);
                if (tooLarge != null) {
                    return field + ": " + tooLarge;
                }
                BufferedImage decoded = EditPlaceholders.decode(bytes);
                if (bytes != null && decoded == null) {
                    return "cannot identify image file for " + field;
                }
                String refused = server.refusedFormat(model, bytes);
                if (refused != null) {
                    return refused;
                }
                if (field.equals("mask")) {
                    mask = decoded;
                } else if (source == null && !field.equals("image_prompt")) {
                    source = decoded;
                }
            }
        }
        return null;
    }

    /** The most pixels an input image may have; its header is read before anything decodes it. */
    static final long MAX_INPUT_PIXELS = 40_000_000L;
    /** The most pixels an upscaler makes (the model runs out of GPU memory above). */
    static final long MAX_UPSCALED_PIXELS = 64_000_000L;

    /** Why an input image is too large to process (read from its header, never decoded), or null. */
    private String tooLarge(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        dev.fluxschnell.sdk.request.ImageHeaders.Header h;
        try {
            h = dev.fluxschnell.sdk.request.ImageHeaders.read(new java.io.ByteArrayInputStream(bytes));
        } catch (java.io.IOException e) {
            return null;
        }
        if (h == null || !h.hasSize()) {
            return null;
        }
        long pixels = (long) h.width() * h.height();
        if (pixels > MAX_INPUT_PIXELS) {
            return "image of " + h.width() + "x" + h.height() + " is too large (at most " + MAX_INPUT_PIXELS
                    + " pixels)";
        }
        double scale = model.id().equals(EmulatedModel.REAL_ESRGAN.id()) ? input.path("scale").asDouble(4)
                : model.kind() == EmulatedModel.Kind.UPSCALE ? 2 : 1;
        if (pixels * scale * scale > MAX_UPSCALED_PIXELS) {
            return "CUDA out of memory: upscaling " + h.width() + "x" + h.height() + " by " + scale + " needs more "
                    + "GPU memory than there is";
        }
        return null;
    }

    byte[] image(int index) {
        if (model.kind() == EmulatedModel.Kind.UPSCALE || model.kind() == EmulatedModel.Kind.REMOVE_BACKGROUND) {
            return server.imageCache.computeIfAbsent(id + "-" + index, k -> pad(PostProcessPlaceholders.render(this,
                    source)));
        }
        if (model.kind() != EmulatedModel.Kind.GENERATE && model.hasSource(input)) {
            String key = server.config.labelImages ? id + "-" + index : null;
            return key == null ? pad(EditPlaceholders.render(this, source, mask, index))
                    : server.imageCache.computeIfAbsent(key, k -> pad(EditPlaceholders.render(this, source, mask,
                    index)));
        }
        int[] size = OutputSizes.of(model, input, null);
        int w = size[0];
        int h = size[1];
        String prompt = input.path("prompt").asText();
        int quality = input.path("output_quality").asInt(80);
        String key = server.config.labelImages ? id + "-" + index : w + "x" + h + format + quality;
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

    private String outputUrl(String base, int index, boolean inline) {
        return inline ? "data:" + PlaceholderImages.mimeType(format) + ";base64,"
                + Base64.getEncoder().encodeToString(image(index))
                : base + "/files/" + id + "-" + index + "." + format;
    }

    private ObjectNode toJson(Status s, boolean inline) {
        String base = server.baseUrl().toString();
        ObjectNode n = FakeReplicateServer.JSON.createObjectNode();
        n.put("id", id);
        n.put("model", model.id());
        n.put("version", model.id().equals(EmulatedModel.FLUX_SCHNELL.id())
                ? "dp-4d0bcc010b3049749a251855f12800be7b2b7d8a8f54d4ec71c4f5c6d5fb3aba"
                : model.official() ? "hidden" : model.version());
        if (deployment != null) {
            n.put("deployment", deployment);
        }
        n.set("input", input);
        n.put("logs", startedAt == null ? "" : "Using seed: " + seed + "\nrunning quantized prediction\n");
        n.put("status", s.name().toLowerCase());
        if (status == Status.SUCCEEDED && model.listOutput()) {
            ArrayNode out = n.putArray("output");
            for (int i = 0; i < outputs; i++) {
                out.add(outputUrl(base, i, inline));
            }
        } else if (status == Status.SUCCEEDED) {
            n.put("output", outputUrl(base, 0, inline)); // a model declared "-> Path": one URI, not an array
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
        if (s == Status.SUCCEEDED) { // a sync answer ("processing" with output) has no metrics yet, as on Replicate
            ObjectNode metrics = n.putObject("metrics").put("predict_time", predictTime);
            if (model.official()) {
                metrics.put("image_count", outputs);
            }
        }
        ObjectNode urls = n.putObject("urls");
        urls.put("get", base + "/v1/predictions/" + id);
        urls.put("cancel", base + "/v1/predictions/" + id + "/cancel");
        urls.put("web", "https://replicate.com/p/" + id);
        return n;
    }
}
