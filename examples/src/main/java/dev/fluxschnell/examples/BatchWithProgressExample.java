package dev.fluxschnell.examples;

import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.request.Style;
import dev.fluxschnell.sdk.batch.BatchItem;
import dev.fluxschnell.sdk.batch.BatchListener;
import dev.fluxschnell.sdk.batch.BatchProgress;
import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.batch.BatchResult;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import java.nio.file.Path;
import java.util.List;

/** A batch with a cost estimate first, progress lines, and a summary. Stored in {@code ./out/batch}. */
public final class BatchWithProgressExample {
    private BatchWithProgressExample() {}

    /** Estimates, runs and summarizes a six-image batch. */
    public static void main(String[] args) {
        try (FluxSchnellClient client = ExampleClients.create(b -> b.storage(LocalFileStorage.of(Path.of("out/batch"))))) {
            BatchRequest batch = BatchRequest.builder()
                    .prompts(List.of("Red running shoe", "Blue running shoe", "Green running shoe",
                            "White running shoe", "Black running shoe", "Gold running shoe"), settings -> settings.style(Style.REALISTIC))
                    .maxConcurrency(6)
                    .listener(new BatchListener() {
                        @Override
                        public void succeeded(BatchItem item, BatchProgress p) {
                            System.out.printf("%s  %s%n", p, item.result().orElseThrow().images().get(0).location());
                        }

                        @Override
                        public void failed(BatchItem item, BatchProgress p) {
                            System.out.printf("%s  item %d: %s%n", p, item.index(), item.error().orElseThrow().getMessage());
                        }
                    })
                    .build();

            System.out.println("estimate: " + client.estimateCost(batch));
            BatchResult r = client.generateBatch(batch);
            System.out.printf("%d images, %d failed, cost $%s, %d ms%n", r.imageCount(), r.failed().size(),
                    r.totalCost(), r.elapsed().toMillis());
        }
    }
}
