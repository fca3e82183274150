package dev.fluxschnell.sdk;

import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.Model;
import dev.fluxschnell.sdk.request.ModelRequest;
import dev.fluxschnell.sdk.result.GenerationResult;
import dev.fluxschnell.sdk.result.PredictionStatus;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.fluxschnell.sdk.Stubs.CREATE;
import static dev.fluxschnell.sdk.Stubs.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fluxschnell.sdk.errors.FluxSchnellIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The answers api.replicate.com really gives, replayed: the shapes of the official Python client's recorded cassettes
 * ({@code tests/cassettes/test_predictions_create_blocking[False-True].yaml}: a sync answer with status
 * {@code processing} and the image inline as a {@code data:} URL), the verbatim low-credit 429 (see
 * {@link FluxSchnellClientTest}), and deployments' create path.
 */
class RealApiAnswersTest extends WireMockClientFixture {

    /** A sync answer as Replicate sends it: {@code processing}, output inline, the seed in the logs. */
    String syncAnswer(String id, byte[] image, long seed) {
        return "{\"id\":\"" + id + "\",\"model\":\"black-forest-labs/flux-schnell\",\"version\":\"dp-4d0b\","
                + "\"input\":{\"prompt\":\"x\"},\"logs\":\"Using seed: " + seed + "\\nrunning quantized prediction\\n"
                + "\",\"output\":[\"data:image/webp;base64," + Base64.getEncoder().encodeToString(image) + "\"],"
                + "\"data_removed\":false,\"error\":null,\"status\":\"processing\",\"created_at\":"
                + "\"2026-11-24T10:00:00.000000Z\",\"urls\":{\"get\":\"" + base + "/v1/predictions/" + id
                + "\",\"cancel\":\"" + base + "/v1/predictions/" + id + "/cancel\",\"stream\":\"https://stream."
                + "replicate.com/v1/files/abc\",\"web\":\"https://replicate.com/p/" + id + "\"}}";
    }

    GenerationResult run(ImageRequest r, boolean async) throws Exception {
        return async ? client.generateAsync(r).get(20, TimeUnit.SECONDS) : client.generate(r);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void syncAnswerProcessingWithInlineOutput_isDone_inExactlyOneRequest(boolean async) throws Exception {
        byte[] image = Stubs.webp(20_000);
        wm.stubFor(post(CREATE).willReturn(aResponse().withStatus(201).withBody(syncAnswer("p1", image, 40321))));

        GenerationResult r = run(ImageRequest.of("x"), async);

        assertThat(r.status()).isEqualTo(PredictionStatus.SUCCEEDED);
        assertThat(r.seed()).hasValue(40321);
        assertThat(r.images().get(0).seed()).hasValue(40321);
        assertThat(r.images().get(0).remoteUrl()).hasToString("data:image/webp;base64,");
        Path file = Path.of(r.images().get(0).location());
        assertThat(Files.readAllBytes(file)).isEqualTo(image);
        assertThat(file.resolveSibling(file.getFileName() + ".json")).content()
                .contains("\"seed\" : \"40321\"", "\"requested_seed\" : \"random\"");
        assertThat(wm.getAllServeEvents()).as("the create, nothing else: no poll, no download").hasSize(1);
        assertThat(scheduler.delays).as("no poll interval waited").doesNotContain(java.time.Duration.ofMillis(500));
    }

    @Test
    void largeInlineImage_isSpooledWhileStreaming_storedIntact_andNoTemporaryFileRemains() throws Exception {
        byte[] image = Stubs.webp(3_000_000); // far over the 256 KiB kept in memory
        wm.stubFor(post(CREATE).willReturn(aResponse().withStatus(201).withBody(syncAnswer("big", image, 7))));
        long tempBefore = spoolFiles();

        GenerationResult r = client.generate(ImageRequest.of("x"));

        assertThat(Files.readAllBytes(Path.of(r.images().get(0).location()))).isEqualTo(image);
        assertThat(r.images().get(0).stored().orElseThrow().sizeBytes()).isEqualTo(image.length);
        assertThat(spoolFiles()).isEqualTo(tempBefore);
    }

    @Test
    void syncAnswerStarting_isPolledUntilSucceeded() {
        byte[] image = Stubs.webp(100);
        wm.stubFor(post(CREATE).willReturn(aResponse().withStatus(201).withBody(Stubs.prediction(base, "p2", "starting"))));
        wm.stubFor(get("/v1/predictions/p2").willReturn(aResponse().withBody(syncAnswer("p2", image, 1)
                .replace("\"processing\"", "\"succeeded\""))));

        assertThat(client.generate(ImageRequest.of("x")).seed()).hasValue(1);
        wm.verify(1, getRequestedFor(urlEqualTo("/v1/predictions/p2")));
    }

    @Test
    void syncAnswerProcessingWithoutOutput_isPolled() {
        wm.stubFor(post(CREATE).willReturn(aResponse().withStatus(201).withBody(Stubs.prediction(base, "p3", "processing"))));
        wm.stubFor(get("/v1/predictions/p3").willReturn(aResponse().withBody(syncAnswer("p3", Stubs.webp(100), 2)
                .replace("\"processing\"", "\"succeeded\""))));

        client.generate(ImageRequest.of("x"));
        wm.verify(1, getRequestedFor(urlEqualTo("/v1/predictions/p3")));
    }

    @Test
    void moreOutputsThanAskedFor_isAProtocolError_andNothingIsStored() {
        String two = syncAnswer("p4", Stubs.webp(100), 3).replace("\"output\":[", "\"output\":[\"data:image/webp;base64,"
                + Base64.getEncoder().encodeToString(Stubs.webp(100)) + "\",");
        wm.stubFor(post(CREATE).willReturn(aResponse().withStatus(201).withBody(two)));

        assertThatThrownBy(() -> client.generate(ImageRequest.of("x"))).isInstanceOf(FluxSchnellIOException.class)
                .hasMessageContaining("protocol error").hasMessageContaining("2 outputs for num_outputs=1");
        assertThat(out).isEmptyDirectory();
    }

    @Test
    void deployment_sendsCreatesToTheDeploymentPath() {
        client.close();
        client = clientBuilder().deployment(Model.FLUX_SCHNELL, "acme/flux-prod").build();
        String path = "/v1/deployments/acme/flux-prod/predictions";
        wm.stubFor(post(path).willReturn(aResponse().withStatus(201).withBody(syncAnswer("d1", Stubs.webp(50), 9))));

        assertThat(client.generate(ImageRequest.of("x")).predictionId()).isEqualTo("d1");
        wm.verify(1, postRequestedFor(urlEqualTo(path)));
        wm.verify(0, postRequestedFor(urlEqualTo(CREATE)));
        assertThatThrownBy(() -> FluxSchnellClient.builder().deployment(Model.FLUX_SCHNELL, "no-slash"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("owner/name");
    }

    @Test
    void reproducibleRequest_carriesTheUsedSeed_onlyWithoutTheFastPath() {
        wm.stubFor(post(CREATE).willReturn(aResponse().withStatus(201).withBody(syncAnswer("p5", Stubs.webp(50), 555))));

        GenerationResult fast = client.generate(ImageRequest.of("x"));
        assertThat(fast.reproducibleRequest()).as("go_fast (fp8) is not deterministic").isEmpty();

        GenerationResult exact = client.generate(ImageRequest.builder().prompt("x").goFast(false).build());
        ModelRequest again = exact.reproducibleRequest().orElseThrow();
        assertThat(again.seed()).hasValue(555);
        assertThat(again.isDeterministic()).isTrue();
        assertThat(ImageRequest.builder().prompt("x").seed(0).goFast(false).build().isDeterministic())
                .as("seed 0 means random to flux-schnell").isFalse();
    }

    @Test
    void outputUrlDownloads_neverCarryTheTokenToOtherHosts() {
        wm.stubFor(post(CREATE).willReturn(aResponse().withStatus(201).withBody(Stubs.prediction(base, "p6", "processing",
                base + "/files/p6-0.webp"))));
        wm.stubFor(get("/files/p6-0.webp").willReturn(aResponse().withBody(Stubs.webp(100))));

        client.generate(ImageRequest.of("x"));
        assertThat(wm.findAll(getRequestedFor(urlEqualTo("/files/p6-0.webp")))).singleElement()
                .satisfies(req -> assertThat(req.containsHeader("Authorization")).isFalse());
        assertThat(wm.findAll(postRequestedFor(anyUrl()))).allSatisfy(req -> assertThat(req.getHeader("Authorization"))
                .isEqualTo("Bearer " + TOKEN));
    }

    static long spoolFiles() throws Exception {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("flux-inline-")).count();
        }
    }
}
