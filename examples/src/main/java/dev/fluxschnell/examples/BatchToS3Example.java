package dev.fluxschnell.examples;

import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.result.GeneratedImage;
import dev.fluxschnell.sdk.request.Style;
import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.batch.BatchResult;
import dev.fluxschnell.sdk.storage.s3.S3ImageStorage;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * A batch stored straight into S3 (or MinIO/R2/Ceph), with presigned links. Configure with {@code FLUX_S3_BUCKET}
 * (required), {@code FLUX_S3_PREFIX}, {@code FLUX_S3_ENDPOINT} and {@code FLUX_S3_PATH_STYLE=true} for S3-compatible
 * stores; credentials and region come from the AWS default chain ({@code AWS_ACCESS_KEY_ID}, {@code AWS_REGION}, ...).
 */
public final class BatchToS3Example {
    private BatchToS3Example() {}

    /** Generates three images into the configured bucket and prints their locations and links. */
    public static void main(String[] args) {
        String bucket = System.getenv("FLUX_S3_BUCKET");
        if (bucket == null) {
            System.err.println("Set FLUX_S3_BUCKET (and AWS credentials/region; FLUX_S3_ENDPOINT and "
                    + "FLUX_S3_PATH_STYLE=true for S3-compatible stores) to run this example.");
            System.exit(2);
        }
        boolean pathStyle = Boolean.parseBoolean(System.getenv().getOrDefault("FLUX_S3_PATH_STYLE", "false"));
        var s3Builder = S3Client.builder().forcePathStyle(pathStyle);
        var presignerBuilder = S3Presigner.builder()
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build());
        String endpoint = System.getenv("FLUX_S3_ENDPOINT");
        if (endpoint != null) {
            s3Builder.endpointOverride(URI.create(endpoint));
            presignerBuilder.endpointOverride(URI.create(endpoint));
        }
        try (S3Client s3 = s3Builder.build();
             S3Presigner presigner = presignerBuilder.build();
             FluxSchnellClient client = ExampleClients.create(b -> b.storage(S3ImageStorage.builder()
                     .client(s3).bucket(bucket).prefix(System.getenv().getOrDefault("FLUX_S3_PREFIX", "flux/"))
                     .presignedUrls(presigner, Duration.ofHours(12)).build()))) {
            BatchResult r = client.generateBatch(BatchRequest.builder()
                    .prompts(List.of("Espresso machine, studio shot", "Ceramic mug, studio shot", "Coffee beans, macro"),
                            settings -> settings.style(Style.REALISTIC))
                    .build());
            for (GeneratedImage img : r.images()) {
                System.out.println(img.location() + "  " + img.stored().flatMap(s -> s.downloadUrl()).orElseThrow());
            }
            r.failed().forEach(i -> System.out.println("item " + i.index() + " failed: "
                    + i.error().orElseThrow().getMessage()));
            System.out.printf("%d images, %d failed, $%s%n", r.imageCount(), r.failed().size(), r.totalCost());
        }
    }
}
