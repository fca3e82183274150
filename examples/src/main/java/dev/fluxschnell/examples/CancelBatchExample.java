package dev.fluxschnell.examples;

import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.batch.BatchItem;
import dev.fluxschnell.sdk.batch.BatchJob;
import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.batch.BatchResult;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import java.nio.file.Path;
import java.util.stream.IntStream;

/** Submits a 20-item batch, cancels it after a moment: in-flight predictions are canceled on the server. */
public final class CancelBatchExample {
    private CancelBatchExample() {}

    /** Starts, cancels and reports a batch. */
    public static void main(String[] args) throws Exception {
        try (FluxSchnellClient client = ExampleClients.create(b -> b.maxPredictionsPerBatch(20).maxConcurrency(4)
                .storage(LocalFileStorage.of(Path.of("out/cancel"))))) {
            BatchRequest batch = BatchRequest.builder()
                    .prompts(IntStream.range(0, 20).mapToObj(i -> "Poster design number " + i).toList())
                    .build();
            BatchJob job = client.submitBatch(batch);
            Thread.sleep(800);
            System.out.println("canceling at " + job.progress());
            job.cancel();
            BatchResult r = job.result().get();
            for (BatchItem item : r.items()) {
                System.out.printf("item %2d %s%n", item.index(), item.outcome());
            }
            System.out.printf("billed $%s for %d stored images%n", r.totalCost(), r.imageCount());
        }
    }
}
