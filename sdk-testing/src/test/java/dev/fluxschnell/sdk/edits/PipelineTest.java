package dev.fluxschnell.sdk.edits;

import dev.fluxschnell.sdk.RequestOptions;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fluxschnell.sdk.request.Background;
import dev.fluxschnell.sdk.request.EditRequest;
import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.result.GenerationResult;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.Model;
import dev.fluxschnell.sdk.request.PipelineRequest;
import dev.fluxschnell.sdk.request.Step;
import dev.fluxschnell.sdk.result.StepResult;
import dev.fluxschnell.sdk.batch.BatchItem;
import dev.fluxschnell.sdk.batch.BatchListener;
import dev.fluxschnell.sdk.batch.BatchOutcome;
import dev.fluxschnell.sdk.batch.BatchProgress;
import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.batch.BatchResult;
import dev.fluxschnell.sdk.batch.FileBatchJournal;
import dev.fluxschnell.sdk.errors.PredictionFailedException;
import dev.fluxschnell.sdk.errors.StepFailedException;
import dev.fluxschnell.sdk.quota.InMemoryQuota;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pipelines: a request, then steps on every image it makes, as one batch item through the one path. */
class PipelineTest {
    @TempDir
    Path dir;

    FakeReplicateServer server;
    FluxSchnellClient client;

    @BeforeEach
    void start() {
        server = FakeReplicateServer.start();
        client = server.clientBuilder().storage(LocalFileStorage.of(dir.resolve("out"))).build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    static long imageFiles(Path out) throws Exception {
        if (!Files.exists(out)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(out)) {
            return s.filter(p -> p.toString().matches(".*\\.(png|webp|jpg)$")).count();
        }
    }

    @Test
    void generateThenRemoveBackgroundThenUpscale_onlyTheLastStepIsStored_andEachStepIsAccounted() throws Exception {
        PipelineRequest pipeline = ImageRequest.builder().prompt("white sneaker").numOutputs(2).build()
                .then(Step.removeBackground()).then(Step.upscale(2));

        GenerationResult r = client.generate(pipeline);

        assertThat(r.images()).hasSize(2);
        BufferedImage big = ImageIO.read(Path.of(r.images().get(0).location()).toFile());
        assertThat(big.getWidth()).isEqualTo(2048);
        assertThat(big.getColorModel().hasAlpha()).as("the cutout's transparency survives the upscale").isTrue();
        assertThat(r.steps()).extracting(StepResult::name).containsExactly("white sneaker", "remove background",
                "upscale 2×");
        assertThat(r.steps()).extracting(StepResult::model).containsExactly(Model.FLUX_SCHNELL,
                Model.BRIA_REMOVE_BACKGROUND, Model.REAL_ESRGAN);
        assertThat(r.steps()).extracting(s -> s.predictionIds().size()).containsExactly(1, 2, 2);
        assertThat(r.steps().get(1).images()).as("intermediates are not kept").isEmpty();
        assertThat(r.steps().get(2).images()).hasSize(2);
        assertThat(imageFiles(dir.resolve("out"))).as("only the final images are stored").isEqualTo(2);
        assertThat(r.cost()).isEqualByComparingTo(r.steps().stream().map(StepResult::cost)
                .reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add));
        assertThat(r.steps().get(1).cost()).isEqualByComparingTo("0.036");
        assertThat(server.stats().createRequests()).isEqualTo(5);
        assertThat(server.createdInputs("bria/remove-background")).allSatisfy(in -> assertThat(
                in.path("image").asText()).as("a scratch copy's bytes, inline").startsWith("data:image/"));
        assertThat(client.estimateCost(pipeline).isExact()).as("a GPU-time step makes it a range").isFalse();
    }

    @Test
    void keepingIntermediates_storesEveryStep_andTheQuotaCountsEveryImage() throws Exception {
        stop();
        server = FakeReplicateServer.start();
        InMemoryQuota quota = InMemoryQuota.perDay(100);
        client = server.clientBuilder().storage(LocalFileStorage.of(dir.resolve("out"))).quota(quota).build();

        GenerationResult r = client.generate(ImageRequest.of("mug").then(Step.removeBackground(Background.WHITE))
                .then(Step.upscale(4)).keepingIntermediates(), RequestOptions.subject("team"));

        assertThat(r.steps()).allSatisfy(s -> assertThat(s.images()).hasSize(1));
        assertThat(imageFiles(dir.resolve("out"))).isEqualTo(3);
        assertThat(client.remainingQuota("team")).hasValue(97);
    }

    @Test
    void aFailedStep_failsItsItemOnly_sayingWhichStep_andWhatWasSpent() {
        stop();
        server = FakeReplicateServer.builder().failPromptsContaining("[fail]").start();
        client = server.clientBuilder().storage(LocalFileStorage.of(dir.resolve("out"))).maxPredictionsPerBatch(100).build();
        Step badEdit = Step.of("a failing edit", Model.FLUX_KONTEXT_PRO, img -> EditRequest.of(img, "[fail] this"));
        List<String> steps = Collections.synchronizedList(new ArrayList<>());

        BatchResult r = client.generateBatch(BatchRequest.builder()
                .add(ImageRequest.of("fine").then(Step.removeBackground()))
                .add(ImageRequest.of("broken").then(Step.removeBackground()).then(badEdit))
                .listener(new BatchListener() {
                    @Override
                    public void stepFinished(int index, StepResult step, BatchProgress p) {
                        steps.add(index + ":" + step.step());
                    }
                }).build());

        assertThat(r.items()).extracting(BatchItem::outcome).containsExactly(BatchOutcome.SUCCEEDED,
                BatchOutcome.FAILED);
        assertThat(r.failed().get(0).error().orElseThrow()).isInstanceOfSatisfying(StepFailedException.class, e -> {
            assertThat(e.step()).isEqualTo(2);
            assertThat(e.getMessage()).startsWith("step 3 of 3 (a failing edit) failed:");
            assertThat(e.getCause()).isInstanceOf(PredictionFailedException.class);
            assertThat(e.completedSteps()).hasSize(2);
            assertThat(e.spent()).isEqualByComparingTo("0.021");
            assertThat(e.isRetryable()).isFalse();
        });
        assertThat(r.totalCost()).as("both items' paid steps").isEqualByComparingTo("0.042");
        assertThat(steps).contains("0:0", "0:1", "1:0", "1:1").doesNotContain("1:2");
    }

    @Test
    void aStepFailingForOneImage_letsTheOtherImagesChainFinish_andCountsWhatItCost() {
        stop();
        server = FakeReplicateServer.builder().failPromptsContaining("[fail]").start();
        client = server.clientBuilder().storage(LocalFileStorage.of(dir.resolve("out"))).build();
        java.util.concurrent.atomic.AtomicInteger edits = new java.util.concurrent.atomic.AtomicInteger();
        Step oneBadEdit = Step.of("an edit", Model.FLUX_KONTEXT_PRO,
                img -> EditRequest.of(img, edits.getAndIncrement() == 0 ? "[fail] this" : "make it blue"));

        BatchResult r = client.generateBatch(BatchRequest.builder()
                .add(ImageRequest.builder().prompt("two mugs").numOutputs(2).build()
                        .then(Step.removeBackground()).then(oneBadEdit)).build());

        assertThat(r.failed()).hasSize(1);
        assertThat(r.failed().get(0).error().orElseThrow()).isInstanceOfSatisfying(StepFailedException.class, e -> {
            assertThat(e.step()).isEqualTo(2);
            assertThat(e.spent()).as("the other image's edit finished and is counted")
                    .isEqualByComparingTo("0.082");
        });
        assertThat(server.stats().createRequests()).isEqualTo(5);
        assertThat(r.totalCost()).isEqualByComparingTo("0.082");
    }

    @Test
    void aCanceledBatch_reportsItsPipelineItemCanceled_notFailed() throws Exception {
        stop();
        server = FakeReplicateServer.builder().latency(java.time.Duration.ofSeconds(2)).start();
        client = server.clientBuilder().storage(LocalFileStorage.of(dir.resolve("out"))).build();
        dev.fluxschnell.sdk.batch.BatchJob job = client.submitBatch(BatchRequest.builder()
                .add(ImageRequest.of("mug").then(Step.removeBackground())).build());
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (server.stats().createRequests() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }

        job.cancel();

        BatchResult r = job.result().get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(r.items()).extracting(BatchItem::outcome).containsExactly(BatchOutcome.CANCELED);
    }

    @Test
    void aBatchOfPipelines_resumesFromTheLastFinishedStep_neverPayingAStepTwice() throws Exception {
        FileBatchJournal journal = FileBatchJournal.at(dir.resolve("journal.jsonl"));
        List<PipelineRequest> items = IntStream.range(0, 4).mapToObj(i -> ImageRequest.of("product " + i)
                .then(Step.removeBackground()).then(Step.upscale(2))).toList();
        BatchRequest batch = BatchRequest.builder().addAll(items).journal("catalogue", journal).build();
        List<String> created = Collections.synchronizedList(new ArrayList<>());
        BatchRequest resumed = BatchRequest.builder().addAll(items).journal("catalogue", journal)
                .listener(new BatchListener() {
                    @Override
                    public void started(int index, String predictionId, BatchProgress progress) {
                        created.add(predictionId);
                    }
                }).build();
        // a crash after every item's first two steps: replay the journal without its last step's lines
        client.generateBatch(batch);
        long createsFirstRun = server.stats().createRequests();
        Path file = dir.resolve("journal.jsonl");
        List<String> lines = Files.readAllLines(file);
        List<String> kept = lines.stream().filter(l -> !l.matches(".*\\|2\\.0.*") && l.contains("|")).toList();
        Files.write(file, kept);

        BatchResult again = client.generateBatch(resumed);

        assertThat(createsFirstRun).isEqualTo(12);
        assertThat(again.succeeded()).hasSize(4);
        assertThat(created).as("only the last step ran again").hasSize(4);
        assertThat(server.stats().createRequests()).isEqualTo(16);
        assertThat(server.createdInputs("black-forest-labs/flux-schnell")).hasSize(4);
        assertThat(server.createdInputs("bria/remove-background")).as("no step paid twice").hasSize(4);
        assertThat(again.totalCost()).as("only the upscales were paid").isEqualByComparingTo(again.succeeded()
                .stream().flatMap(i -> i.result().orElseThrow().steps().stream()).filter(s -> s.step() == 2)
                .map(StepResult::cost).reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add));
    }
}
