package dev.fluxschnell.sdk.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.result.GeneratedImage;
import dev.fluxschnell.sdk.result.GenerationResult;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.OutputFormat;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import dev.fluxschnell.sdk.storage.StoredImage;
import java.math.BigDecimal;
import java.net.URI;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBatchJournalTest {
    @TempDir
    Path dir;

    @Test
    void aBatchRunAgainWithItsId_skipsWhatWasStored_andPaysNothingTwice() throws Exception {
        FileBatchJournal journal = FileBatchJournal.in(dir.resolve("journal"));
        BatchRequest batch = BatchRequest.builder().prompts(IntStream.range(0, 4).mapToObj(i -> "same prompt").toList()).journal("run/1", journal).build();
        try (FakeReplicateServer server = FakeReplicateServer.start();
             FluxSchnellClient client = FluxSchnellClient.builder().apiToken(server.token()).baseUrl(server.baseUrl())
                     .downloadHosts(List.of("127.0.0.1")).storage(LocalFileStorage.of(dir.resolve("out"))).build()) {
            BatchResult first = client.generateBatch(batch);
            assertThat(first.succeeded()).hasSize(4);
            assertThat(journal.load("run/1")).as("identical requests are distinct items").hasSize(4)
                    .allSatisfy((k, e) -> assertThat(e.isStored()).isTrue());

            // a crash tore the last line: it is ignored
            Files.writeString(dir.resolve("journal/run_1.jsonl"), "{\"item\":\"x", StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
            BatchResult again = client.generateBatch(batch);
            assertThat(again.succeeded()).hasSize(4);
            assertThat(again.totalCost()).isZero();
            assertThat(server.stats().createRequests()).as("nothing created twice").isEqualTo(4);
            assertThat(again.images()).extracting(i -> i.location())
                    .containsExactlyInAnyOrderElementsOf(first.images().stream().map(i -> i.location()).toList());
            assertThat(again.succeeded()).allSatisfy(item -> {
                GenerationResult r = item.result().orElseThrow();
                assertThat(r.cached()).as("answered from the journal").isTrue();
                assertThat(r.seed()).as("the seed recorded when it was stored")
                        .isEqualTo(first.items().get(item.index()).result().orElseThrow().seed());
            });
        }
    }

    @Test
    void oneFileHoldsSeveralBatches_andALineTornByACrashDoesNotSpoilTheNextOne() {
        Path file = dir.resolve("manifest.jsonl");
        FileBatchJournal journal = FileBatchJournal.at(file);
        GenerationResult stored = GenerationResult.builder().predictionId("p1").request(ImageRequest.of("a"))
                .cost(BigDecimal.ONE).seed(42).images(List.of(GeneratedImage.builder().index(0)
                        .remoteUrl(URI.create("https://replicate.delivery/x/out-0.webp")).format(OutputFormat.WEBP)
                        .stored(StoredImage.of(URI.create("s3://bucket/a.webp"), 10, "image/webp",
                                URI.create("https://bucket.example/a.webp?sig=1"))).build())).build();
        journal.creating("a", "k1", Instant.parse("2026-11-24T10:00:00Z"));
        journal.created("a", "k1", "p1");
        journal.creating("b", "k1", Instant.parse("2026-11-24T10:00:01Z"));
        journal.stored("a", "k1", stored);

        BatchJournal.Entry a = journal.load("a").get("k1");
        assertThat(a.predictionId()).isEqualTo("p1");
        assertThat(a.sentAt()).as("kept from the creating line").isEqualTo(Instant.parse("2026-11-24T10:00:00Z"));
        assertThat(a.seed()).hasValue(42);
        assertThat(a.stored()).singleElement().satisfies(s -> {
            assertThat(s.location()).hasToString("s3://bucket/a.webp");
            assertThat(s.downloadUrl()).hasValue(URI.create("https://bucket.example/a.webp?sig=1"));
        });
        assertThat(journal.load("b").get("k1").isCreated()).as("batch b's own line only").isFalse();

        appendRaw(file, "{\"batch\":\"b\",\"item\":\"k2\",\"pre"); // a crash mid-line
        journal.created("b", "k3", "p3");
        assertThat(FileBatchJournal.at(file).load("b")).containsOnlyKeys("k1", "k3");
    }

    private static void appendRaw(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
