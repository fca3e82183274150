package dev.fluxschnell.sdk;

import dev.fluxschnell.sdk.request.AspectRatio;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.ModelRequest;
import dev.fluxschnell.sdk.request.Style;
import dev.fluxschnell.sdk.result.GenerationResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.batch.BatchResult;
import dev.fluxschnell.sdk.batch.FileBatchJournal;
import dev.fluxschnell.sdk.quota.InMemoryQuota;
import dev.fluxschnell.sdk.storage.ImageContent;
import dev.fluxschnell.sdk.storage.ImageMetadata;
import dev.fluxschnell.sdk.storage.ImageStorage;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import dev.fluxschnell.sdk.storage.StoredImage;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import dev.fluxschnell.sdk.webhook.PredictionUpdate;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The common jobs take one line each (issue #20's list), against the emulator. */
class OneLinersTest {
    @TempDir
    Path out;

    @Test
    void theEmulatorHandsOutAClientBuilderWiredToItself() {
        try (FakeReplicateServer server = FakeReplicateServer.start();
             FluxSchnellClient client = server.clientBuilder().storage(LocalFileStorage.of(out)).build()) {
            assertThat(client.generate(ImageRequest.of("a kite")).images()).hasSize(1);
            assertThat(client.options().baseUrl()).isEqualTo(server.baseUrl());
        }
    }

    @Test
    void aSubjectForASingleGenerate_isChargedOnTheCall() {
        InMemoryQuota quota = InMemoryQuota.perDay(3);
        try (FakeReplicateServer server = FakeReplicateServer.start();
             FluxSchnellClient client = server.clientBuilder().storage(LocalFileStorage.of(out)).quota(quota).build()) {
            client.generate(ImageRequest.builder().prompt("a kite").numOutputs(2).build(), RequestOptions.subject("ann"));
            assertThat(client.remainingQuota("ann")).hasValue(1);
            assertThat(client.remainingQuota("bob")).hasValue(3);
        }
    }

    @Test
    void promptsSharingSettings_andNImagesOfOneRequest_withoutThrowAwayPrompts() {
        BatchRequest shared = BatchRequest.builder().prompts(List.of("red hat", "blue hat"),
                r -> r.style(Style.REALISTIC).aspectRatio(AspectRatio.LANDSCAPE_16_9)).build();
        assertThat(shared.items()).extracting(ModelRequest::summary).containsExactly("red hat", "blue hat");
        assertThat(shared.items()).allSatisfy(r -> assertThat(((ImageRequest) r).aspectRatio()).contains(AspectRatio.LANDSCAPE_16_9));

        BatchRequest eleven = BatchRequest.builder().add(ImageRequest.builder().prompt("mug").seed(7).build(), 11)
                .build();
        assertThat(eleven.items()).extracting(ModelRequest::numOutputs).containsExactly(4, 4, 3);
        assertThat(eleven.imageCount()).isEqualTo(11);
        assertThatThrownBy(() -> BatchRequest.builder().prompts(List.of("ok", " "), r -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prompt 2 of 2");
    }

    @Test
    void builderFromEnv_readsTheTokenAndTheBaseUrl() {
        System.setProperty(FluxSchnellClient.TOKEN_PROPERTY, "r8_from_env_123");
        System.setProperty(FluxSchnellClient.BASE_URL_PROPERTY, "https://gateway.example.com/replicate");
        try {
            ClientOptions o = FluxSchnellClient.builder().fromEnv().maxRetries(7).buildOptions();
            assertThat(o.apiToken()).isEqualTo("r8_from_env_123");
            assertThat(o.baseUrl()).isEqualTo(URI.create("https://gateway.example.com/replicate"));
            assertThat(o.maxRetries()).isEqualTo(7);
            System.setProperty(FluxSchnellClient.BASE_URL_PROPERTY, "ftp://nope");
            assertThatThrownBy(() -> FluxSchnellClient.builder().fromEnv())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("REPLICATE_BASE_URL");
        } finally {
            System.clearProperty(FluxSchnellClient.TOKEN_PROPERTY);
            System.clearProperty(FluxSchnellClient.BASE_URL_PROPERTY);
        }
    }

    @Test
    void aStoredImagesShareableUrl_isOneCall() {
        URI signed = URI.create("https://bucket.example.com/a.webp?sig=1");
        ImageStorage signing = new ImageStorage() {
            @Override
            public CompletableFuture<StoredImage> store(ImageContent content, ImageMetadata metadata) {
                try (var in = content.stream()) {
                    long n = in.readAllBytes().length;
                    return CompletableFuture.completedFuture(StoredImage.of(URI.create("mem://" + metadata.objectName()),
                            n, content.contentType(), signed));
                } catch (java.io.IOException e) {
                    return CompletableFuture.failedFuture(e);
                }
            }
        };
        try (FakeReplicateServer server = FakeReplicateServer.start();
             FluxSchnellClient client = server.clientBuilder().storage(signing).build()) {
            assertThat(client.generate(ImageRequest.of("a kite")).images().get(0).downloadUrl()).contains(signed);
        }
    }

    @Test
    void storeOutputs_rebuildsTheRequestFromThePredictionsInput() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.builder().urlOutputs().start();
             FluxSchnellClient client = server.clientBuilder().storage(LocalFileStorage.of(out)).build()) {
            ImageRequest asked = ImageRequest.builder().prompt("a kite").style(Style.REALISTIC)
                    .aspectRatio(AspectRatio.PORTRAIT_9_16).numOutputs(2).seed(9).build();
            String id = client.startPrediction(asked, RequestOptions.DEFAULT).get(10, TimeUnit.SECONDS);
            PredictionUpdate update = awaitFinished(server, id);

            GenerationResult r = client.storeOutputs(update).get(10, TimeUnit.SECONDS);

            assertThat(r.images()).hasSize(2);
            ImageRequest stored = (ImageRequest) r.request();
            assertThat(stored.prompt()).as("the prompt as sent").isEqualTo(asked.sentPrompt());
            assertThat(stored.aspectRatio()).contains(AspectRatio.PORTRAIT_9_16);
            assertThat(stored.seed()).hasValue(9);
        }
    }

    static PredictionUpdate awaitFinished(FakeReplicateServer server, String id) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        for (int i = 0; i < 100; i++) {
            String json = http.send(java.net.http.HttpRequest.newBuilder(URI.create(server.baseUrl()
                            + "/v1/predictions/" + id)).header("Authorization", "Bearer " + server.token()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            PredictionUpdate u = PredictionUpdate.fromJson(json);
            if (u.status().isTerminal()) {
                return u;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("prediction " + id + " did not finish");
    }

    @Test
    void estimateCost_countsOnlyWhatIsLeft_whenAJournalIsAttached() {
        FileBatchJournal journal = FileBatchJournal.at(out.resolve("journal.jsonl"));
        try (FakeReplicateServer server = FakeReplicateServer.start();
             FluxSchnellClient client = server.clientBuilder().storage(LocalFileStorage.of(out)).build()) {
            BatchRequest first = BatchRequest.builder().prompts(List.of("a", "b")).journal("cat", journal).build();
            assertThat(client.estimateCost(first).images()).isEqualTo(2);
            BatchResult done = client.generateBatch(first);
            assertThat(done.allSucceeded()).isTrue();

            BatchRequest more = BatchRequest.builder().prompts(List.of("a", "b", "c")).journal("cat", journal).build();
            assertThat(client.estimateCost(more).images()).as("a and b are stored already").isEqualTo(1);
        }
    }
}
