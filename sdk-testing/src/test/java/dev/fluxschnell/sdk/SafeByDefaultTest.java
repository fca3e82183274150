package dev.fluxschnell.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fluxschnell.sdk.batch.BatchItem;
import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.batch.BatchResult;
import dev.fluxschnell.sdk.batch.FileBatchJournal;
import dev.fluxschnell.sdk.errors.FluxSchnellClientException;
import dev.fluxschnell.sdk.errors.StorageException;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.result.GenerationResult;
import dev.fluxschnell.sdk.storage.ImageContent;
import dev.fluxschnell.sdk.storage.ImageMetadata;
import dev.fluxschnell.sdk.storage.ImageStorage;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import dev.fluxschnell.sdk.storage.StoredImage;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nothing paid for is lost, nothing is paid for a destination that cannot take it, nothing stored is replaced. */
class SafeByDefaultTest {
    @TempDir
    Path dir;

    @Test
    void aDestinationThatCannotBeWritten_failsTheBatchBeforeAnyCreate() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        try (FakeReplicateServer server = FakeReplicateServer.start();
             FluxSchnellClient client = server.clientBuilder().storage(LocalFileStorage.of(file.resolve("out")))
                     .build()) {
            assertThatThrownBy(() -> client.generate(ImageRequest.of("red mug")))
                    .isInstanceOf(StorageException.class).hasMessageContaining("cannot be written")
                    .satisfies(e -> assertThat(((StorageException) e).predictionId()).isEmpty());
            assertThat(server.stats().createRequests()).isZero();
        }
    }

    @Test
    void aStoragesOwnConfigurationError_isAStorageException_beforeAnyCreate() throws Exception {
        ImageStorage noRegion = new ImageStorage() {
            @Override
            public CompletableFuture<StoredImage> store(ImageContent content, ImageMetadata metadata) {
                throw new AssertionError("never reached");
            }

            @Override
            public void preflight() {
                throw new IllegalStateException("Unable to load region from any of the providers in the chain");
            }
        };
        try (FakeReplicateServer server = FakeReplicateServer.start();
             FluxSchnellClient client = server.clientBuilder().storage(noRegion).build()) {
            assertThatThrownBy(() -> client.generateBatch(BatchRequest.builder().prompts(List.of("a", "b")).build()))
                    .isInstanceOf(StorageException.class).hasMessageContaining("Unable to load region");
            assertThat(server.stats().createRequests()).isZero();
        }
    }

    @Test
    void imagesPaidForButNotStored_areBilledListedAndStoredLater_withoutASecondCreate() throws Exception {
        AtomicInteger failuresLeft = new AtomicInteger(1);
        LocalFileStorage disk = LocalFileStorage.of(dir.resolve("out"));
        ImageStorage flaky = new ImageStorage() {
            @Override
            public CompletableFuture<StoredImage> store(ImageContent content, ImageMetadata metadata) {
                if (failuresLeft.getAndDecrement() > 0) {
                    return CompletableFuture.failedFuture(new IllegalStateException("bucket is read-only"));
                }
                return disk.store(content, metadata);
            }
        };
        try (FakeReplicateServer server = FakeReplicateServer.builder().urlOutputs().start();
             FluxSchnellClient client = server.clientBuilder().storage(flaky).maxRetries(0).build()) {
            BatchResult r = client.generateBatch(BatchRequest.builder().prompts(List.of("red mug")).build());

            assertThat(r.paidButNotStored()).hasSize(1);
            BatchItem item = r.paidButNotStored().get(0);
            StorageException e = (StorageException) item.error().orElseThrow();
            assertThat(e.cost()).isPositive();
            assertThat(r.totalCost()).isEqualByComparingTo(e.cost());
            assertThat(e.outputs()).hasSize(1);
            assertThat(e.getMessage()).contains("was billed", "storeOutputs");

            GenerationResult stored = client.storeOutputs(e.predictionId().orElseThrow()).get(10, TimeUnit.SECONDS);
            assertThat(Path.of(stored.images().get(0).location())).exists();
            assertThat(stored.request().prompt()).isEqualTo("red mug");
            assertThat(server.stats().createRequests()).isEqualTo(1);
        }
    }

    @Test
    void aJournaledBatchWhoseStoreFailed_storesOnResume_withoutPayingAgain() throws Exception {
        AtomicInteger failuresLeft = new AtomicInteger(1);
        LocalFileStorage disk = LocalFileStorage.of(dir.resolve("out"));
        ImageStorage flaky = (content, metadata) -> failuresLeft.getAndDecrement() > 0
                ? CompletableFuture.failedFuture(new IllegalStateException("disk full"))
                : disk.store(content, metadata);
        FileBatchJournal journal = FileBatchJournal.in(dir.resolve("journal"));
        BatchRequest batch = BatchRequest.builder().prompts(List.of("red mug")).journal("mugs", journal).build();
        try (FakeReplicateServer server = FakeReplicateServer.builder().urlOutputs().start();
             FluxSchnellClient client = server.clientBuilder().storage(flaky).maxRetries(0).build()) {
            BatchResult first = client.generateBatch(batch);
            assertThat(first.paidButNotStored()).hasSize(1);

            BatchResult again = client.generateBatch(batch);

            assertThat(again.allSucceeded()).isTrue();
            assertThat(again.images()).hasSize(1);
            assertThat(server.stats().createRequests()).as("resumed, not paid again").isEqualTo(1);
        }
    }

    @Test
    void aJournalFromAnotherServer_saysSo_andHowToStartFresh() throws Exception {
        FileBatchJournal journal = FileBatchJournal.in(dir.resolve("journal"));
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        BatchRequest batch = BatchRequest.builder().prompts(List.of("red mug")).journal("mugs", journal)
                .listener(new dev.fluxschnell.sdk.batch.BatchListener() {
                    @Override
                    public void started(int index, String predictionId, dev.fluxschnell.sdk.batch.BatchProgress p) {
                        started.countDown(); // after the journal recorded the prediction
                    }
                }).build();
        try (FakeReplicateServer sandbox = FakeReplicateServer.builder().latency(java.time.Duration.ofSeconds(30))
                .start();
             FluxSchnellClient client = sandbox.clientBuilder().storage(LocalFileStorage.of(dir.resolve("out")))
                     .syncWait(java.time.Duration.ofSeconds(1)).build()) {
            client.submitBatch(batch); // created and journaled, then the sandbox goes away
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        }
        try (FakeReplicateServer other = FakeReplicateServer.start();
             FluxSchnellClient client = other.clientBuilder().storage(LocalFileStorage.of(dir.resolve("out")))
                     .build()) {
            BatchResult r = client.generateBatch(batch);
            assertThat(r.failed()).singleElement().satisfies(i -> assertThat(i.error().orElseThrow())
                    .isInstanceOf(FluxSchnellClientException.class).hasMessageContaining("unknown to")
                    .hasMessageContaining("Start fresh"));
            assertThat(other.stats().createRequests()).isZero();
        }
    }

    @Test
    void aNamedOutput_neverReplacesAnotherImage_butTheSameImageMayBeStoredAgain() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.start();
             FluxSchnellClient client = server.clientBuilder().storage(LocalFileStorage.of(dir.resolve("out")))
                     .build()) {
            BatchResult first = client.generateBatch(BatchRequest.builder().add(ImageRequest.of("red mug"), "sku-1")
                    .build());
            assertThat(first.allSucceeded()).isTrue();
            BatchResult second = client.generateBatch(BatchRequest.builder().add(ImageRequest.of("blue mug"),
                    "sku-1").build());
            assertThat(second.failed()).singleElement().satisfies(i -> assertThat(i.error().orElseThrow())
                    .isInstanceOf(StorageException.class).hasMessageContaining("is never replaced"));
            assertThat(Files.list(dir.resolve("out")).filter(p -> p.toString().endsWith(".webp"))).hasSize(1);
        }
    }

    @Test
    void namesThatCollideOnceNumberedOrIgnoringCase_orDeviceNames_areRefusedBeforeAnythingIsSent() {
        ImageRequest r = ImageRequest.of("x");
        assertThatThrownBy(() -> BatchRequest.builder().add(r, 2, "sku").add(r, "sku-1").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("collide")
                .hasMessageContaining("'sku-1'");
        assertThatThrownBy(() -> BatchRequest.builder().add(r, "Mug").add(r, "mug").build())
                .hasMessageContaining("ignoring case");
        assertThatThrownBy(() -> BatchRequest.builder().add(r, "shop/CON")).hasMessageContaining("device name");
        assertThatThrownBy(() -> BatchRequest.builder().add(r, "aux.png")).hasMessageContaining("device name");
        assertThat(BatchRequest.builder().add(r, "console").add(r, "com10").build().size()).isEqualTo(2);
    }

    @Test
    void cancelingAResumedBatch_cancelsThePredictionsAnEarlierRunLeftRunning() throws Exception {
        FileBatchJournal journal = FileBatchJournal.in(dir.resolve("journal"));
        BatchRequest batch = BatchRequest.builder().prompts(List.of("red mug")).journal("mugs", journal).build();
        try (FakeReplicateServer server = FakeReplicateServer.builder().latency(java.time.Duration.ofSeconds(60))
                .start();
             FluxSchnellClient client = server.clientBuilder().storage(LocalFileStorage.of(dir.resolve("out")))
                     .syncWait(java.time.Duration.ofSeconds(1)).build()) {
            // what a process that stopped after its create leaves: the journal names a running prediction
            String id = client.startPrediction(batch.items().get(0), RequestOptions.DEFAULT).get(10, TimeUnit.SECONDS);
            journal.creating("mugs", batch.itemKeys().get(0), java.time.Instant.now());
            journal.created("mugs", batch.itemKeys().get(0), id);

            dev.fluxschnell.sdk.batch.BatchJob job = client.submitBatch(batch);
            job.cancel();
            BatchResult r = job.result().get(10, TimeUnit.SECONDS);

            assertThat(r.items()).singleElement().satisfies(i -> assertThat(i.outcome())
                    .isEqualTo(dev.fluxschnell.sdk.batch.BatchOutcome.CANCELED));
            Await.until(() -> server.stats().canceled() == 1);
            assertThat(server.stats().createRequests()).isEqualTo(1);
            client.cancelPrediction(id).get(10, TimeUnit.SECONDS); // harmless once canceled
        }
    }
}
