package dev.fluxschnell.examples;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.result.GeneratedImage;
import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.batch.BatchResult;
import dev.fluxschnell.sdk.storage.firebase.FirebaseImageStorage;
import java.util.List;

/**
 * A batch stored in Firebase Storage with Firebase download URLs. Configure with {@code FIREBASE_STORAGE_BUCKET}
 * (e.g. {@code my-app.appspot.com}); credentials from Google's default chain
 * ({@code GOOGLE_APPLICATION_CREDENTIALS}). Set {@code STORAGE_EMULATOR_HOST} (e.g. {@code http://127.0.0.1:9199})
 * to use the Firebase Storage emulator instead.
 */
public final class BatchToFirebaseExample {
    private BatchToFirebaseExample() {}

    /** Generates three images into the configured bucket and prints their download URLs. */
    public static void main(String[] args) throws Exception {
        String bucket = System.getenv("FIREBASE_STORAGE_BUCKET");
        if (bucket == null) {
            System.err.println("Set FIREBASE_STORAGE_BUCKET (and GOOGLE_APPLICATION_CREDENTIALS, or "
                    + "STORAGE_EMULATOR_HOST for the emulator) to run this example.");
            System.exit(2);
        }
        String emulator = System.getenv("STORAGE_EMULATOR_HOST");
        StorageOptions.Builder options = StorageOptions.newBuilder();
        if (emulator != null) {
            options.setHost(emulator.startsWith("http") ? emulator : "http://" + emulator)
                    .setProjectId(bucket.replace(".appspot.com", "")).setCredentials(NoCredentials.getInstance());
        }
        try (Storage storage = options.build().getService();
             FluxSchnellClient client = ExampleClients.create(b -> b.storage(FirebaseImageStorage.builder()
                     .storage(storage).bucket(bucket).prefix("generated/").build()))) {
            BatchResult r = client.generateBatch(BatchRequest.builder()
                    .prompts(List.of("Watercolor fox", "Watercolor owl", "Watercolor deer"))
                    .build());
            for (GeneratedImage img : r.images()) {
                System.out.println(img.stored().flatMap(s -> s.downloadUrl()).orElseThrow());
            }
            r.failed().forEach(i -> System.out.println("item " + i.index() + " failed: "
                    + i.error().orElseThrow().getMessage()));
            System.out.printf("%d images, %d failed, $%s%n", r.imageCount(), r.failed().size(), r.totalCost());
        }
    }
}
