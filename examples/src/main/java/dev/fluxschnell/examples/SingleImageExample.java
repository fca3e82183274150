package dev.fluxschnell.examples;

import dev.fluxschnell.sdk.request.AspectRatio;
import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.result.GenerationResult;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.OutputFormat;
import dev.fluxschnell.sdk.request.Style;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import java.nio.file.Path;

/** One image, stored in {@code ./out/single}. Run: {@code java -cp examples/target/flux.jar dev.fluxschnell.examples.SingleImageExample}. */
public final class SingleImageExample {
    private SingleImageExample() {}

    /** Generates one image and prints where it was stored. */
    public static void main(String[] args) {
        try (FluxSchnellClient client = ExampleClients.create(b -> b.storage(LocalFileStorage.of(Path.of("out/single"))))) {
            GenerationResult r = client.generate(ImageRequest.builder()
                    .prompt("Modern office workspace")
                    .style(Style.REALISTIC)
                    .aspectRatio(AspectRatio.LANDSCAPE_16_9)
                    .outputFormat(OutputFormat.WEBP)
                    .build());
            r.images().forEach(img -> System.out.println(img.location()));
            System.out.printf("prediction %s cost $%s in %d ms%n", r.predictionId(), r.cost(), r.elapsed().toMillis());
        }
    }
}
