package dev.fluxschnell.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.batch.BatchJournal;
import dev.fluxschnell.sdk.batch.FileBatchJournal;
import dev.fluxschnell.sdk.request.Style;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import dev.langchain4j.data.image.Image;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.model.batch.BatchError;
import dev.langchain4j.model.batch.BatchItemResult;
import dev.langchain4j.model.batch.BatchPage;
import dev.langchain4j.model.batch.BatchPagination;
import dev.langchain4j.model.batch.BatchRequest;
import dev.langchain4j.model.batch.BatchResponse;
import dev.langchain4j.model.batch.BatchState;
import dev.langchain4j.model.image.BatchImageModel;
import dev.langchain4j.model.output.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LangChain4j's {@link BatchImageModel} over the SDK's journaled batches, against the emulator. */
class FluxSchnellBatchImageModelTest {
    @TempDir
    Path dir;

    FluxSchnellClient.Builder client(FakeReplicateServer server, Path storage) {
        return server.clientBuilder().maxRetries(0).storage(LocalFileStorage.of(storage));
    }

    static FluxSchnellBatchImageModel batches(FluxSchnellImageModel images, Path journal) {
        return FluxSchnellBatchImageModel.builder().imageModel(images).journal(journal).build();
    }

    /** Polls (bounded: fails after 20 s) until {@code condition} holds. */
    static void await(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; !condition.getAsBoolean(); i++) {
            if (i > 4000) {
                throw new AssertionError("condition not met");
            }
            Thread.sleep(5);
        }
    }

    static BatchResponse<Response<Image>> ended(BatchImageModel model, String id) throws InterruptedException {
        AtomicReference<BatchResponse<Response<Image>>> last = new AtomicReference<>();
        await(() -> last.updateAndGet(before -> model.retrieve(id)).state().isTerminal());
        return last.get();
    }

    @Test
    void submitThreePrompts_retrieveUntilDone_threeStoredImages_inPromptOrder() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.start();
             FluxSchnellClient client = client(server, dir.resolve("images")).build();
             FluxSchnellImageModel images = FluxSchnellImageModel.builder().client(client).style(Style.REALISTIC)
                     .build();
             FluxSchnellBatchImageModel model = batches(images, dir.resolve("journal"))) {
            BatchResponse<Response<Image>> submitted = model.submit(new BatchRequest<>(List.of("a red cup",
                    "a blue cup", "a green cup")));

            assertThat(submitted.state()).isEqualTo(BatchState.PENDING);
            assertThat(submitted.results()).isEmpty();
            BatchResponse<Response<Image>> done = ended(model, submitted.batchId());

            assertThat(done.batchId()).isEqualTo(submitted.batchId());
            assertThat(done.state()).isEqualTo(BatchState.SUCCEEDED);
            assertThat(done.errors()).isEmpty();
            assertThat(done.responses()).hasSize(3).allSatisfy(r -> {
                assertThat(Path.of(r.content().url())).startsWith(dir.resolve("images")).exists();
                assertThat(r.content().mimeType()).isEqualTo("image/webp");
                assertThat((List<?>) r.metadata().get(FluxSchnellImageModel.PREDICTION_IDS)).hasSize(1);
            });
            assertThat(done.responses()).extracting(r -> r.content().revisedPrompt()).allSatisfy(p ->
                    assertThat(p).contains("photorealistic"));
            assertThat(done.responses().get(1).content().revisedPrompt()).startsWith("a blue cup");
            assertThat(server.createdInputs()).extracting(i -> i.path("num_outputs").asInt()).containsOnly(1);
            assertThat(server.stats().createRequests()).isEqualTo(3);
            assertThat(model.list(null).batches()).singleElement().satisfies(b -> {
                assertThat(b.batchId()).isEqualTo(submitted.batchId());
                assertThat(b.state()).isEqualTo(BatchState.SUCCEEDED);
            });
            assertThat(dir.resolve("journal").resolve(submitted.batchId() + ".batch.json")).exists();
        }
    }

    @Test
    void cancel_aLongRunningBatch_endsCanceled_withNothingLeftRunning() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.builder().latency(Duration.ofSeconds(60)).start();
             FluxSchnellClient client = client(server, dir.resolve("images")).syncWait(Duration.ofSeconds(1))
                     .build();
             FluxSchnellImageModel images = FluxSchnellImageModel.builder().client(client).build();
             FluxSchnellBatchImageModel model = batches(images, dir.resolve("journal"))) {
            String id = model.submit(new BatchRequest<>(List.of("a slow cup", "a slow bowl", "a slow plate")))
                    .batchId();
            await(() -> server.stats().running() == 3);
            assertThat(model.retrieve(id).state()).isEqualTo(BatchState.RUNNING);

            model.cancel(id);

            BatchResponse<Response<Image>> done = ended(model, id);
            assertThat(done.state()).isEqualTo(BatchState.CANCELLED);
            assertThat(done.results()).hasSize(3).noneMatch(BatchItemResult::isSuccess);
            assertThat(done.errors()).allSatisfy(e -> assertThat(e.details()).singleElement()
                    .satisfies(d -> assertThat(d).containsEntry(FluxSchnellBatchImageModel.OUTCOME, "CANCELED")
                            .containsEntry(FluxSchnellBatchImageModel.RETRYABLE, false)));
            await(() -> server.stats().running() == 0);
            assertThat(server.stats().canceled()).isEqualTo(3);
            assertThat(server.stats().createRequests()).isEqualTo(3);
            model.cancel(id); // ended: nothing to do
            assertThat(model.retrieve(id).state()).isEqualTo(BatchState.CANCELLED);
        }
    }

    @Test
    void restart_aNewModelOnTheSameJournal_retrievesAndListsTheBatch_withoutAnyNewCreate() throws Exception {
        Path journal = dir.resolve("journal");
        try (FakeReplicateServer server = FakeReplicateServer.start()) {
            String id;
            List<String> urls;
            try (FluxSchnellClient client = client(server, dir.resolve("images")).build();
                 FluxSchnellImageModel images = FluxSchnellImageModel.builder().client(client).seed(42L).build();
                 FluxSchnellBatchImageModel model = batches(images, journal)) {
                id = model.submit(new BatchRequest<>(List.of("a linen shirt", "a wool scarf", "a linen shirt")))
                        .batchId();
                urls = ended(model, id).responses().stream().map(r -> r.content().url().toString()).toList();
            }
            long creates = server.stats().createRequests();
            assertThat(creates).isEqualTo(3);

            try (FluxSchnellClient client = client(server, dir.resolve("images")).build();
                 FluxSchnellImageModel images = FluxSchnellImageModel.builder().client(client).build(); // other settings
                 FluxSchnellBatchImageModel model = batches(images, journal)) {
                BatchPage<Response<Image>> page = model.list(new BatchPagination(10, null));
                BatchResponse<Response<Image>> again = model.retrieve(id);

                assertThat(page.nextPageToken()).isNull();
                assertThat(page.batches()).singleElement().satisfies(b -> {
                    assertThat(b.batchId()).isEqualTo(id);
                    assertThat(b.state()).isEqualTo(BatchState.SUCCEEDED);
                    assertThat(b.responses()).extracting(r -> r.content().url().toString()).isEqualTo(urls);
                });
                assertThat(again.state()).isEqualTo(BatchState.SUCCEEDED);
                assertThat(again.responses()).extracting(r -> r.content().url().toString()).isEqualTo(urls);
                assertThat(server.stats().createRequests()).isEqualTo(creates);
            }
        }
    }

    @Test
    void restart_afterACrash_resumesTheUnfinishedItems_adoptingWhatWasCreated() throws Exception {
        Path journal = dir.resolve("journal");
        try (FakeReplicateServer server = FakeReplicateServer.builder().latency(Duration.ofSeconds(3)).start();
             FluxSchnellClient crashed = client(server, dir.resolve("a")).syncWait(Duration.ofSeconds(1)).build();
             FluxSchnellClient restarted = client(server, dir.resolve("b")).build()) {
            // the first process: it created every prediction, then "crashed" (its model is dropped, nothing closed)
            FluxSchnellBatchImageModel first = batches(FluxSchnellImageModel.builder().client(crashed).build(),
                    journal);
            String id = first.submit(new BatchRequest<>(List.of("a tin robot", "a paper boat"))).batchId();
            BatchJournal entries = FileBatchJournal.in(journal);
            await(() -> entries.load(id).size() == 2 && entries.load(id).values().stream()
                    .allMatch(BatchJournal.Entry::isCreated));

            try (FluxSchnellImageModel images = FluxSchnellImageModel.builder().client(restarted).build();
                 FluxSchnellBatchImageModel model = batches(images, journal)) {
                assertThat(model.list(null).batches()).singleElement()
                        .satisfies(b -> assertThat(b.state()).isIn(BatchState.PENDING, BatchState.SUCCEEDED));
                BatchResponse<Response<Image>> done = ended(model, id);

                assertThat(done.state()).isEqualTo(BatchState.SUCCEEDED);
                assertThat(done.responses()).hasSize(2).allSatisfy(r -> assertThat(Path.of(r.content().url()))
                        .exists());
                assertThat(server.stats().createRequests()).as("nothing paid twice").isEqualTo(2);
            }
        }
    }

    @Test
    void somePromptsFailing_isSucceededWithFailures_andAllFailing_isFailed() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.builder().failPromptsContaining("[fail]").start();
             FluxSchnellClient client = client(server, dir.resolve("images")).build();
             FluxSchnellImageModel images = FluxSchnellImageModel.builder().client(client).build();
             FluxSchnellBatchImageModel model = batches(images, dir.resolve("journal"))) {
            BatchResponse<Response<Image>> partial = ended(model, model.submit(new BatchRequest<>(List.of("a cup",
                    "a [fail] cup"))).batchId());
            BatchResponse<Response<Image>> failed = ended(model, model.submit(new BatchRequest<>(List.of(
                    "a [fail] bowl"))).batchId());

            assertThat(partial.state()).isEqualTo(BatchState.SUCCEEDED);
            assertThat(partial.results().get(0).isSuccess()).isTrue();
            BatchError error = partial.results().get(1).error();
            assertThat(error.message()).startsWith("flux-schnell: ").contains("injected model error");
            assertThat(error.details()).singleElement().satisfies(d -> assertThat(d)
                    .containsEntry(FluxSchnellBatchImageModel.OUTCOME, "FAILED")
                    .containsEntry(FluxSchnellBatchImageModel.RETRYABLE, false)
                    .containsEntry(FluxSchnellBatchImageModel.EXCEPTION, NonRetriableException.class.getName())
                    .containsKey(FluxSchnellBatchImageModel.PREDICTION_ID));
            assertThat(failed.state()).isEqualTo(BatchState.FAILED);

            BatchPage<Response<Image>> newest = model.list(new BatchPagination(1, null));
            assertThat(newest.batches()).extracting(BatchResponse::batchId).containsExactly(failed.batchId());
            BatchPage<Response<Image>> next = model.list(new BatchPagination(1, newest.nextPageToken()));
            assertThat(next.batches()).extracting(BatchResponse::batchId).containsExactly(partial.batchId());
            assertThat(next.nextPageToken()).isNull();
            // the outcomes are recorded: a new model reads the same, without sending anything
            long before = server.stats().totalRequests();
            try (FluxSchnellBatchImageModel restarted = batches(images, dir.resolve("journal"))) {
                BatchResponse<Response<Image>> again = restarted.retrieve(partial.batchId());
                assertThat(again.state()).isEqualTo(BatchState.SUCCEEDED);
                assertThat(again.results().get(1).error()).isEqualTo(error);
            }
            assertThat(server.stats().totalRequests()).isEqualTo(before);
        }
    }

    @Test
    void badOptionsAndPrompts_failBeforeAnythingIsSentOrRecorded() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.start();
             FluxSchnellClient client = client(server, dir.resolve("images")).maxPredictionsPerBatch(2).build();
             FluxSchnellImageModel images = FluxSchnellImageModel.builder().client(client).build()) {
            assertThatThrownBy(() -> FluxSchnellBatchImageModel.builder().imageModel(images).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("set journal(...)");
            assertThatThrownBy(() -> FluxSchnellBatchImageModel.builder().maxConcurrency(0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxConcurrency");
            assertThatThrownBy(() -> FluxSchnellBatchImageModel.builder().subject(""))
                    .isInstanceOf(IllegalArgumentException.class);
            FluxSchnellBatchImageModel model = batches(images, dir.resolve("journal"));

            assertThatThrownBy(() -> model.submit(new BatchRequest<>(List.of("a cup", " "))))
                    .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("flux-schnell: prompt 2 of 2");
            assertThatThrownBy(() -> model.submit(new BatchRequest<>(List.of())))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("at least one prompt");
            assertThatThrownBy(() -> model.submit(new BatchRequest<>(List.of("a", "b", "c"))))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("maxPredictionsPerBatch");
            assertThatThrownBy(() -> model.retrieve("lc4j-unknown")).isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("no batch 'lc4j-unknown'");
            assertThatThrownBy(() -> model.cancel("../../etc/passwd")).isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> model.list(new BatchPagination(0, null)))
                    .isInstanceOf(InvalidRequestException.class);

            assertThat(model.list(null).batches()).isEmpty();
            assertThat(server.stats().totalRequests()).isZero();
            model.close();
            assertThatThrownBy(() -> model.list(null)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aJournalWithoutDirectory_knowsOnlyThisModelsBatches() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.start();
             FluxSchnellClient client = client(server, dir.resolve("images")).build();
             FluxSchnellImageModel images = FluxSchnellImageModel.builder().client(client).build()) {
            BatchJournal journal = FileBatchJournal.in(dir.resolve("journal"));
            String id;
            try (FluxSchnellBatchImageModel model = FluxSchnellBatchImageModel.builder().imageModel(images)
                    .journal(journal).subject("team-a").maxConcurrency(1).build()) {
                id = model.submit(new BatchRequest<>(List.of("a kite", "a drum"))).batchId();
                assertThat(ended(model, id).responses()).hasSize(2);
                assertThat(model.list(null).batches()).extracting(BatchResponse::batchId).containsExactly(id);
            }
            assertThat(journal.load(id)).hasSize(2);
            try (FluxSchnellBatchImageModel other = FluxSchnellBatchImageModel.builder().imageModel(images)
                    .journal(journal).build()) {
                assertThat(other.list(null).batches()).isEmpty();
                assertThatThrownBy(() -> other.retrieve(id)).isInstanceOf(InvalidRequestException.class);
            }
            assertThat(Files.list(dir.resolve("journal")).map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.endsWith(".batch.json"));
        }
    }
}
