package dev.fluxschnell.sdk.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.batch.BatchJournal;
import dev.fluxschnell.sdk.batch.BatchOutcome;
import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.batch.BatchResult;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A batch recorded in the Redis journal, its instance killed mid-batch, resumed by another instance. */
class RedisJournalIT extends RedisFixture {
    @TempDir
    Path out;

    static String LAST_LOG = "";

    static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 30 s; " + LAST_LOG);
            }
            Thread.sleep(20);
        }
    }

    static BatchRequest batch(String id, int count, BatchJournal journal) {
        return BatchRequest.builder().prompts(IntStream.range(0, count).mapToObj(i -> "item " + i).toList()).maxConcurrency(3).journal(id, journal).build();
    }

    @Test
    void killOneInstanceMidBatch_resumeFromAnother_everyItemStoredOnce_onePredictionEach() throws Exception {
        int count = 12;
        try (FakeReplicateServer server = FakeReplicateServer.builder().latency(Duration.ofMillis(1200)).start();
             RedisBatchJournal journal = RedisBatchJournal.of(client)) {
            Process worker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), JournalWorker.class.getName(),
                    server.baseUrl().toString(), server.token(), Integer.toString(redis.port), "campaign-7",
                    out.toString(), Integer.toString(count)).redirectErrorStream(true)
                    .redirectOutput(out.resolve("worker.log").toFile()).start();
            Path log = out.resolve("worker.log");
            await(() -> {
                try {
                    LAST_LOG = Files.exists(log) ? Files.readString(log) : "(no worker log)";
                } catch (java.io.IOException ignored) {
                    // keep the previous
                }
                Map<String, BatchJournal.Entry> e = journal.load("campaign-7");
                LAST_LOG = LAST_LOG + " | server " + server.stats() + " | journal " + e;
                long stored = e.values().stream().filter(BatchJournal.Entry::isStored).count();
                return stored >= 3 && e.size() > stored; // some stored, some created and still running
            });
            worker.destroyForcibly(); // a crash: no cancel reaches the server, its predictions keep running
            worker.waitFor(10, TimeUnit.SECONDS);
            Map<String, BatchJournal.Entry> before = journal.load("campaign-7");
            long storedBefore = before.values().stream().filter(BatchJournal.Entry::isStored).count();

            try (FluxSchnellClient other = FluxSchnellClient.builder().apiToken(server.token())
                    .baseUrl(server.baseUrl()).downloadHosts(List.of("127.0.0.1"))
                    .storage(LocalFileStorage.of(out).withoutSidecars()).maxPredictionsPerBatch(100).rateLimitPerMinute(6000).build()) {
                BatchResult r = other.submitBatch(batch("campaign-7", count, journal)).result()
                        .get(60, TimeUnit.SECONDS);
                assertThat(r.items()).allSatisfy(i -> assertThat(i.outcome()).isEqualTo(BatchOutcome.SUCCEEDED));
                assertThat(r.totalCost()).as("only what was generated now is paid now")
                        .isEqualByComparingTo(String.valueOf(0.003 * (count - storedBefore)));
            }
            Map<String, Long> perPrompt = server.createdInputs().stream()
                    .collect(Collectors.groupingBy((JsonNode i) -> i.path("prompt").asText(), Collectors.counting()));
            assertThat(perPrompt).as("one prediction per item, across both instances").hasSize(count)
                    .allSatisfy((prompt, n) -> assertThat(n).as(prompt).isEqualTo(1));
            try (Stream<Path> files = Files.walk(out)) {
                assertThat(files.filter(p -> p.toString().endsWith(".webp"))).as("every image stored once")
                        .hasSize(count);
            }
            assertThat(journal.load("campaign-7").values()).hasSize(count).allMatch(BatchJournal.Entry::isStored);
        }
    }

    @Test
    void anEntryKeepsTheSeedAndTheDownloadUrlOfWhatWasStored() {
        try (RedisBatchJournal journal = RedisBatchJournal.of(client)) {
            journal.creating("b", "k", java.time.Instant.ofEpochMilli(1_000));
            journal.stored("b", "k", dev.fluxschnell.sdk.result.GenerationResult.builder().predictionId("p")
                    .request(ImageRequest.of("a")).cost(java.math.BigDecimal.ONE).seed(7)
                    .images(List.of(dev.fluxschnell.sdk.result.GeneratedImage.builder().index(0)
                            .remoteUrl(java.net.URI.create("https://replicate.delivery/o.webp"))
                            .format(dev.fluxschnell.sdk.request.OutputFormat.WEBP)
                            .stored(dev.fluxschnell.sdk.storage.StoredImage.of(java.net.URI.create("s3://b/o.webp"), 3,
                                    "image/webp", java.net.URI.create("https://b.example/o.webp?sig=1")))
                            .build())).build());

            BatchJournal.Entry e = journal.load("b").get("k");
            assertThat(e.predictionId()).isEqualTo("p");
            assertThat(e.sentAt().toEpochMilli()).isEqualTo(1_000);
            assertThat(e.seed()).hasValue(7);
            assertThat(e.stored()).singleElement().satisfies(s -> assertThat(s.downloadUrl())
                    .hasValue(java.net.URI.create("https://b.example/o.webp?sig=1")));
        }
    }

    @Test
    void batchIdsGoIntoKeysEscaped_soNoneReachesAnothersKey() {
        try (RedisBatchJournal journal = RedisBatchJournal.of(client); var conn = client.connect()) {
            String id = "tricky:7{eu}\n";
            journal.creating(id, "k", java.time.Instant.ofEpochMilli(1_000));
            journal.created(id, "k", "p1");

            assertThat(journal.load(id)).containsOnlyKeys("k");
            assertThat(journal.load("tricky")).isEmpty();
            assertThat(conn.sync().keys("flux-schnell:journal:tricky*"))
                    .containsExactly("flux-schnell:journal:tricky%3A7%7Beu%7D%0A");
            journal.creating("queue-id/3", "k", java.time.Instant.ofEpochMilli(1_000));
            assertThat(conn.sync().exists("flux-schnell:journal:queue-id/3")).as("plain ids keep their key").isOne();
        }
    }
}
