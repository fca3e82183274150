package dev.fluxschnell.sdk.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.result.GenerationResult;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.Style;
import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.batch.BatchResult;
import dev.fluxschnell.sdk.quota.InMemoryQuota;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultCacheTest {
    @TempDir
    Path out;

    @TempDir
    Path cacheDir;

    FakeReplicateServer server;

    @BeforeEach
    void start() {
        server = FakeReplicateServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    FluxSchnellClient client(ResultCache cache) {
        return FluxSchnellClient.builder().apiToken(server.token()).baseUrl(server.baseUrl())
                .downloadHosts(List.of("127.0.0.1")).storage(LocalFileStorage.of(out)).resultCache(cache)
                .quota(InMemoryQuota.perDay(100)).build();
    }

    static ImageRequest deterministic(String prompt) {
        return ImageRequest.builder().prompt(prompt).seed(42).goFast(false).build();
    }

    @Test
    void repeatedDeterministicRequest_isAnsweredFromTheCache_atZeroCost() {
        try (FluxSchnellClient client = client(new InMemoryResultCache(10))) {
            GenerationResult first = client.generate(deterministic("lamp"));
            GenerationResult second = client.generate(deterministic("lamp"));

            assertThat(first.cached()).isFalse();
            assertThat(first.cost()).isEqualByComparingTo("0.003");
            assertThat(second.cached()).isTrue();
            assertThat(second.cost()).isEqualByComparingTo("0");
            assertThat(second.images()).isEqualTo(first.images());
            assertThat(server.stats().createRequests()).isEqualTo(1);
            assertThat(client.remainingQuota(BatchRequest.DEFAULT_SUBJECT)).hasValue(99);
        }
    }

    @Test
    void nonDeterministicRequests_areNeverCached() {
        try (FluxSchnellClient client = client(new InMemoryResultCache(10))) {
            ImageRequest seededButFast = ImageRequest.builder().prompt("lamp").seed(42).build();
            ImageRequest slowButRandom = ImageRequest.builder().prompt("lamp").goFast(false).build();
            for (ImageRequest r : List.of(seededButFast, seededButFast, slowButRandom, slowButRandom)) {
                assertThat(client.generate(r).cached()).isFalse();
            }
            assertThat(server.stats().createRequests()).isEqualTo(4);
        }
    }

    @Test
    void directoryCache_survivesARestart_andMissesWhenTheImageIsGone() throws Exception {
        GenerationResult original;
        try (FluxSchnellClient client = client(new DirectoryResultCache(cacheDir))) {
            original = client.generate(deterministic("chair"));
        }
        try (FluxSchnellClient restarted = client(new DirectoryResultCache(cacheDir))) {
            BatchResult r = restarted.generateBatch(BatchRequest.builder().add(deterministic("chair"))
                    .add(deterministic("table")).build());

            assertThat(r.items().get(0).result().orElseThrow().cached()).isTrue();
            assertThat(r.items().get(0).result().orElseThrow().images().get(0).location())
                    .isEqualTo(original.images().get(0).location());
            assertThat(r.items().get(1).result().orElseThrow().cached()).isFalse();
            assertThat(r.totalCost()).isEqualByComparingTo("0.003");
            assertThat(server.stats().createRequests()).isEqualTo(2);

            Files.delete(Path.of(original.images().get(0).location()));
            assertThat(restarted.generate(deterministic("chair")).cached()).as("image gone: a miss").isFalse();
            assertThat(server.stats().createRequests()).isEqualTo(3);
        }
    }

    @Test
    void cacheKey_followsEveryParameter_andTheStyle() {
        ImageRequest a = deterministic("x");
        assertThat(a.toBuilder().build().cacheKey()).isEqualTo(a.cacheKey());
        assertThat(a.toBuilder().seed(43).build().cacheKey()).isNotEqualTo(a.cacheKey());
        assertThat(a.toBuilder().style(Style.ARTISTIC).build().cacheKey()).isNotEqualTo(a.cacheKey());
    }
}
