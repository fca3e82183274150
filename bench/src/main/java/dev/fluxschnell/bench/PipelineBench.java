package dev.fluxschnell.bench;

import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.Megapixels;
import dev.fluxschnell.sdk.request.ModelRequest;
import dev.fluxschnell.sdk.request.Step;
import dev.fluxschnell.sdk.request.UpscaleModel;
import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.batch.BatchResult;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import dev.fluxschnell.sdk.testing.ServerStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Pipelines: a batch of N items, each generate → remove the background → upscale, against the emulator with each
 * model's own latency. The target: the batch within 1.1 × the sum of one item's step latencies (the steps of different
 * items overlap; no step waits for the whole batch), at one HTTP request per prediction when answers are inline.
 */
final class PipelineBench {
    private PipelineBench() {}

    /** The report section. */
    static String run(boolean smoke, Path work) throws Exception {
        int items = smoke ? 3 : 10;
        double scale = smoke ? 0.2 : 1.0;
        Duration generate = Duration.ofMillis((long) (2500 * scale));
        Duration cutout = Duration.ofMillis((long) (1500 * scale));
        Duration upscale = Duration.ofMillis((long) (2000 * scale));
        double sum = (generate.toMillis() + cutout.toMillis() + upscale.toMillis()) / 1000.0;
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "%n## Pipelines (a batch of %d: generate %.1f s →"
                + " remove background %.1f s → upscale %.1f s)%n%n", items, generate.toMillis() / 1000.0,
                cutout.toMillis() / 1000.0, upscale.toMillis() / 1000.0));
        md.append("Each item is `ImageRequest.then(Step.removeBackground()).then(upscale)`, in one batch, against the "
                + "emulator with each model's own latency (0.25 megapixel JPEGs, so every intermediate image travels "
                + "inline). Target: the whole batch within 1.1 × the sum of one item's steps, at one HTTP request per "
                + "prediction. With Real-ESRGAN (a community model) each upscale also reads the finished prediction "
                + "once for its GPU time (a sync answer carries no metrics) and the model's latest version once per "
                + "client. A pipeline of 2 runs first, unmeasured, as in a running service.\n\n");
        md.append(String.format(Locale.ROOT, "| upscale step | items delivered | wall s | target ≤ %.2f s | predictions "
                + "| HTTP requests | requests / prediction | |%n|---|---|---|---|---|---|---|---|%n", 1.1 * sum));
        Duration warm = Duration.ofMillis(50); // as in a running service: the JVM has run a pipeline before
        row(2, Step.upscale(UpscaleModel.RECRAFT_CRISP), "recraft-ai/recraft-crisp-upscale", warm, warm, warm, 0, work);
        md.append(row(items, Step.upscale(UpscaleModel.RECRAFT_CRISP), "recraft-ai/recraft-crisp-upscale",
                generate, cutout, upscale, sum, work));
        md.append(row(items, Step.upscale(2), "nightmareai/real-esrgan", generate, cutout, upscale, sum, work));
        return md.toString();
    }

    private static String row(int items, Step upscaleStep, String upscaleModel, Duration generate, Duration cutout,
                              Duration upscale, double sum, Path work) throws Exception {
        Path out = Files.createTempDirectory(work, "pipeline");
        try (FakeReplicateServer server = FakeReplicateServer.builder().seed(42).labelImages(false)
                .latency("black-forest-labs/flux-schnell", generate).latency("bria/remove-background", cutout)
                .latency(upscaleModel, upscale).start();
             FluxSchnellClient client = server.clientBuilder().storage(LocalFileStorage.of(out))
                     .maxPredictionsPerBatch(3 * items).maxConcurrency(items).build()) {
            List<ModelRequest> batch = new ArrayList<>();
            for (int i = 0; i < items; i++) {
                batch.add(ImageRequest.builder().prompt("product " + i).megapixels(Megapixels.QUARTER)
                        .outputFormat(dev.fluxschnell.sdk.request.OutputFormat.JPG).build()
                        .then(Step.removeBackground()).then(upscaleStep));
            }
            long start = System.nanoTime();
            BatchResult r = client.generateBatch(BatchRequest.of(batch));
            double wall = (System.nanoTime() - start) / 1e9;
            ServerStats s = server.stats();
            long predictions = s.predictionsCreated();
            long requests = s.totalRequests();
            boolean met = r.succeeded().size() == items && wall <= 1.1 * sum;
            return String.format(Locale.ROOT, "| %s | %d / %d | %.2f | %s | %d | %d | %.2f | %s |%n", upscaleModel,
                    r.succeeded().size(), items, wall, met ? "**met**" : "**missed**", predictions, requests,
                    (double) requests / Math.max(1, predictions), requests == predictions ? "one request each"
                            : "+" + (requests - predictions) + ": " + extra(s));
        } finally {
            Bench.deleteRecursively(out);
        }
    }

    /** What the requests beyond one per prediction were. */
    private static String extra(ServerStats s) {
        List<String> parts = new ArrayList<>();
        if (s.polls() > 0) {
            parts.add(s.polls() + " reads of predictions");
        }
        if (s.modelReads() > 0) {
            parts.add(s.modelReads() + " model read");
        }
        if (s.fileUploads() > 0) {
            parts.add(s.fileUploads() + " uploads");
        }
        if (s.downloads() > 0) {
            parts.add(s.downloads() + " downloads");
        }
        return String.join(", ", parts);
    }
}
