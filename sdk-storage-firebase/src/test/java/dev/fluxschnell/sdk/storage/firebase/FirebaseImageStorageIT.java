package dev.fluxschnell.sdk.storage.firebase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.result.GeneratedImage;
import dev.fluxschnell.sdk.request.AspectRatio;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.OutputFormat;
import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.batch.BatchResult;
import dev.fluxschnell.sdk.storage.ImageContent;
import dev.fluxschnell.sdk.storage.ImageMetadata;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against the real Firebase Storage emulator started by {@link FirebaseStorageEmulator}; what needs no emulator is in
 * {@link FirebaseImageStorageTest}.
 */
class FirebaseImageStorageIT {
    @TempDir
    static Path work;

    static FirebaseStorageEmulator emulator;
    static Storage storage;

    static String skipped;

    @BeforeAll
    static void startEmulator() throws Exception {
        try {
            emulator = FirebaseStorageEmulator.start(work);
        } catch (org.opentest4j.TestAbortedException e) {
            skipped = e.getMessage(); // reported per test below: a class aborted in @BeforeAll counts 0 tests
            return;
        }
        storage = StorageOptions.newBuilder().setHost(emulator.host()).setProjectId(FirebaseStorageEmulator.PROJECT)
                .setCredentials(NoCredentials.getInstance()).build().getService();
    }

    @AfterAll
    static void stopEmulator() throws Exception {
        if (storage != null) {
            storage.close();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    @org.junit.jupiter.api.BeforeEach
    void skipWithTheReason() {
        org.junit.jupiter.api.Assumptions.assumeTrue(skipped == null, () -> skipped);
    }

    FirebaseImageStorage images() {
        return FirebaseImageStorage.builder().storage(storage).bucket(FirebaseStorageEmulator.BUCKET)
                .prefix("generated/").build();
    }

    @Test
    void batchRun_uploadsEveryImage_withMetadataAndAWorkingDownloadUrl() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.builder().urlOutputs().start(); // to compare bytes
             FluxSchnellClient client = FluxSchnellClient.builder().apiToken(server.token()).baseUrl(server.baseUrl())
                     .downloadHosts(List.of("127.0.0.1")).storage(images()).build()) {
            BatchResult r = client.generateBatch(BatchRequest.builder().prompts(List.of("Red shoe", "Blue hat"),
                    b -> b.outputFormat(OutputFormat.JPG).aspectRatio(AspectRatio.PORTRAIT_2_3)).build());

            assertThat(r.allSucceeded()).as(r.failed().toString()).isTrue();
            HttpClient http = HttpClient.newHttpClient();
            for (GeneratedImage img : r.images()) {
                URI gs = img.location();
                assertThat(gs.getScheme()).isEqualTo("gs");
                String name = gs.getPath().substring(1);
                assertThat(name).matches("generated/\\d{4}-\\d{2}-\\d{2}/[a-z0-9]+-0\\.jpg");
                byte[] original = http.send(HttpRequest.newBuilder(img.remoteUrl()).build(),
                        HttpResponse.BodyHandlers.ofByteArray()).body();

                Blob blob = storage.get(BlobId.of(FirebaseStorageEmulator.BUCKET, name));
                assertThat(blob.getContentType()).isEqualTo("image/jpeg");
                assertThat(blob.getMetadata()).containsKeys("firebaseStorageDownloadTokens", "prediction_id", "prompt")
                        .containsEntry("aspect_ratio", "2:3")
                        .containsEntry("seed", Long.toString(img.seed().orElseThrow()))
                        .containsEntry("requested_seed", "random");
                assertThat(storage.readAllBytes(blob.getBlobId())).isEqualTo(original);
                try (InputStream in = images().open(img.stored().orElseThrow())) {
                    assertThat(in.readAllBytes()).isEqualTo(original);
                }

                URI url = img.stored().orElseThrow().downloadUrl().orElseThrow();
                assertThat(url.toString()).startsWith(emulator.host() + "/v0/b/" + FirebaseStorageEmulator.BUCKET
                        + "/o/generated%2F").contains("alt=media&token=" + blob.getMetadata()
                        .get("firebaseStorageDownloadTokens"));
                HttpResponse<byte[]> fetched = http.send(HttpRequest.newBuilder(url).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(fetched.statusCode()).isEqualTo(200);
                assertThat(fetched.body()).isEqualTo(original);
            }
        }
    }

    @Test
    void thePreflight_writesAndDeletesAMarker() {
        images().preflight();
        assertThat(storage.list(FirebaseStorageEmulator.BUCKET).iterateAll()).as("the marker is deleted")
                .noneMatch(b -> b.getName().contains(".flux-preflight-"));
    }

    @Test
    void aNamedOutput_neverReplacesAnotherImage_butTheSameImageMayBeStoredAgain() {
        byte[] image = new byte[300];
        java.util.function.Function<String, dev.fluxschnell.sdk.storage.StoredImage> store = id -> images().store(
                ImageContent.of(new ByteArrayInputStream(image), OutputFormat.PNG, image.length), new ImageMetadata(id, 0, ImageRequest.of("x"), Instant.now(),
                        BigDecimal.ZERO)
                        .withName("catalogue/sku-1")).join();
        store.apply("p1");
        store.apply("p1"); // a retry of the same image
        assertThatThrownBy(() -> store.apply("p2")).hasCauseInstanceOf(dev.fluxschnell.sdk.errors.StorageException.class)
                .hasMessageContaining("is never replaced");
    }

    @Test
    void failureMidUpload_leavesNoObject() {
        byte[] head = new byte[600_000];
        InputStream failing = new SequenceInputStream(new ByteArrayInputStream(head), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset mid-download");
            }
        });
        ImageMetadata meta = new ImageMetadata("broken1", 0, ImageRequest.of("x"), Instant.now(), BigDecimal.ZERO);

        assertThatThrownBy(() -> images().store(ImageContent.of(failing, OutputFormat.PNG), meta).join())
                .isInstanceOf(CompletionException.class).hasRootCauseMessage("connection reset mid-download");
        assertThat(storage.get(BlobId.of(FirebaseStorageEmulator.BUCKET, images().objectNameFor(meta)))).isNull();
    }
}
