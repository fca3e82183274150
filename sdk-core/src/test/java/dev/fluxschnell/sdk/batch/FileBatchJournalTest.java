package dev.fluxschnell.sdk.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.ImageRequest;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
        BatchRequest batch = BatchRequest.builder().prompts(IntStream.range(0, 4).mapToObj(i -> "same prompt").toList(),
                ImageRequest.of("t")).journal("run/1", journal).build();
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
        }
    }
}
