package dev.fluxschnell.bench;

import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.batch.BatchResult;
import dev.fluxschnell.sdk.request.ImageModel;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.ModelRequest;
import dev.fluxschnell.sdk.request.Resolution;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * A batch of FLUX.2 Pro images (per-megapixel pricing, its recorded schema checked once per client before the first
 * create) against one prediction of the same model: the batch's predictions overlap, so the whole batch takes about
 * one prediction's time. Target: within 1.1 × one prediction, in a warm client.
 */
final class FluxTwoBench {
    private FluxTwoBench() {}

    /** The report section. */
    static String run(boolean smoke, Path work) throws Exception {
        int items = smoke ? 3 : 10;
        Duration latency = Duration.ofMillis(smoke ? 300 : 2500);
        Path out = Files.createTempDirectory(work, "flux2");
        try (FakeReplicateServer server = FakeReplicateServer.builder().seed(42).labelImages(false)
                .latency("black-forest-labs/flux-2-pro", latency).start();
             FluxSchnellClient client = server.clientBuilder().storage(LocalFileStorage.of(out))
                     .maxConcurrency(items).build()) {
            client.generate(request(-1)); // warm: the JVM and the schema check, once per client
            long t0 = System.nanoTime();
            client.generate(request(0));
            double one = (System.nanoTime() - t0) / 1e9;
            List<ModelRequest> batch = IntStream.range(0, items).mapToObj(FluxTwoBench::request)
                    .map(ModelRequest.class::cast).toList();
            t0 = System.nanoTime();
            BatchResult r = client.generateBatch(BatchRequest.of(batch));
            double wall = (System.nanoTime() - t0) / 1e9;
            boolean met = r.succeeded().size() == items && wall <= 1.1 * one;
            return String.format(Locale.ROOT, "%n## FLUX.2 Pro: a batch of %d against one prediction (%.1f s each)%n%n"
                    + "A warm client (its schema check done once, as a running service's), 1 MP images, against the "
                    + "emulator serving flux-2-pro's recorded schema. One prediction: %.2f s; the batch of %d: %.2f s, "
                    + "%d / %d delivered, %.2f × one prediction vs ≤ 1.1: **%s**.%n", items, latency.toMillis() / 1000.0,
                    one, items, wall, r.succeeded().size(), items, wall / one, met ? "met" : "missed");
        } finally {
            Bench.deleteRecursively(out);
        }
    }

    private static ImageRequest request(int i) {
        return ImageRequest.builder().model(ImageModel.FLUX_2_PRO).prompt("studio photo " + i)
                .resolution(Resolution.MP_1).build();
    }
}
