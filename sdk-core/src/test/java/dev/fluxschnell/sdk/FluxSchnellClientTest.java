package dev.fluxschnell.sdk;

import dev.fluxschnell.sdk.request.AspectRatio;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.Megapixels;
import dev.fluxschnell.sdk.request.OutputFormat;
import dev.fluxschnell.sdk.request.Style;
import dev.fluxschnell.sdk.result.GeneratedImage;
import dev.fluxschnell.sdk.result.GenerationResult;
import dev.fluxschnell.sdk.result.PredictionStatus;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.fluxschnell.sdk.Stubs.CREATE;
import static dev.fluxschnell.sdk.Stubs.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.fluxschnell.sdk.errors.AuthenticationException;
import dev.fluxschnell.sdk.errors.FluxSchnellIOException;
import dev.fluxschnell.sdk.errors.InvalidField;
import dev.fluxschnell.sdk.errors.InvalidRequestException;
import dev.fluxschnell.sdk.errors.NotFoundException;
import dev.fluxschnell.sdk.errors.PermissionDeniedException;
import dev.fluxschnell.sdk.errors.PredictionCanceledException;
import dev.fluxschnell.sdk.errors.PredictionFailedException;
import dev.fluxschnell.sdk.errors.PredictionTimeoutException;
import dev.fluxschnell.sdk.errors.RateLimitException;
import dev.fluxschnell.sdk.errors.ServerException;
import dev.fluxschnell.sdk.errors.StorageException;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import dev.fluxschnell.sdk.webhook.WebhookEventType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FluxSchnellClientTest extends WireMockClientFixture {

    /**
     * The limiter paused for {@code d}, less the time between the 429 and the wait being scheduled (up to 1 s on the
     * 100x clock: 10 ms of a loaded machine's time).
     */
    void assertWaited(Duration d) {
        assertThat(scheduler.delays).anySatisfy(x -> assertThat(x).isBetween(d.minusSeconds(1), d));
    }

    static ImageRequest office() {
        return ImageRequest.builder().prompt("Modern office workspace").style(Style.REALISTIC)
                .aspectRatio(AspectRatio.LANDSCAPE_16_9).build();
    }

    GenerationResult run(ImageRequest r, boolean async) {
        if (!async) {
            return client.generate(r);
        }
        try {
            return client.generateAsync(r).get(20, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw (RuntimeException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    void stubImage(String path, byte[] bytes) {
        wm.stubFor(get(path).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/webp")
                .withBody(bytes)));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void generate_succeedsWithinSyncWait_andStoresTheImage(boolean async) throws Exception {
        byte[] image = Stubs.webp(4096);
        stubImage("/files/p1-0.webp", image);
        wm.stubFor(post(CREATE).willReturn(aResponse().withStatus(201)
                .withBody(Stubs.prediction(base, "p1", "succeeded", base + "/files/p1-0.webp"))));

        GenerationResult r = run(office(), async);

        assertThat(r.predictionId()).isEqualTo("p1");
        assertThat(r.status()).isEqualTo(PredictionStatus.SUCCEEDED);
        assertThat(r.prompt()).hasValue("Modern office workspace");
        assertThat(r.sentPrompt()).hasValue(
                "Modern office workspace, photorealistic, high detail, professional photography");
        assertThat(r.cost()).isEqualByComparingTo("0.003");
        assertThat(r.predictTime()).contains(Duration.ofMillis(610));
        assertThat(r.images()).hasSize(1);
        GeneratedImage img = r.images().get(0);
        assertThat(img.stored()).isPresent();
        Path file = Path.of(img.location());
        assertThat(file).startsWith(out).hasFileName("p1-0.webp");
        assertThat(Files.readAllBytes(file)).isEqualTo(image);
        assertThat(file.resolveSibling("p1-0.webp.json")).content().contains("\"sent_prompt\"", "\"16:9\"");

        wm.verify(1, postRequestedFor(urlEqualTo(CREATE))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Prefer", equalTo("wait=60"))
                .withHeader("Cancel-After", matching("(2\\d\\d|300)s")) // the deadline's whole seconds left
                .withHeader("Content-Type", equalTo("application/json")));
        wm.verify(0, getRequestedFor(urlEqualTo("/v1/predictions/p1")));
    }

    @Test
    void createBody_matchesTheModelSchemaExactly() {
        stubImage("/files/x.png", Stubs.png(100));
        wm.stubFor(post(CREATE).willReturn(aResponse().withStatus(201)
                .withBody(Stubs.prediction(base, "px", "succeeded", base + "/files/x.png"))));

        client.generate(ImageRequest.builder().prompt("a cat").seed(42).megapixels(Megapixels.QUARTER)
                .outputFormat(OutputFormat.PNG).outputQuality(77).numInferenceSteps(3).goFast(false)
                .aspectRatio(AspectRatio.PORTRAIT_9_21).disableSafetyChecker(true).build());

        wm.verify(postRequestedFor(urlEqualTo(CREATE)).withRequestBody(equalToJson(
                "{\"input\":{\"prompt\":\"a cat\",\"aspect_ratio\":\"9:21\","
                        + "\"num_inference_steps\":3,\"seed\":42,\"output_format\":\"png\",\"output_quality\":77,"
                        + "\"disable_safety_checker\":true,\"go_fast\":false,\"megapixels\":\"0.25\"}}",
                false, false)));
    }

    @Test
    void webhookFields_areSentWithTheCreate() {
        stubImage("/files/pw-0.webp", Stubs.webp(100));
        wm.stubFor(post(CREATE).willReturn(aResponse().withStatus(201)
                .withBody(Stubs.prediction(base, "pw", "succeeded", base + "/files/pw-0.webp"))));

        client.generate(ImageRequest.of("a cat"), RequestOptions.builder().webhook(URI.create("https://example.com/hooks"))
                .webhookEvents(java.util.Set.of(WebhookEventType.COMPLETED, WebhookEventType.START)).build());

        wm.verify(postRequestedFor(urlEqualTo(CREATE)).withRequestBody(equalToJson(
                "{\"webhook\":\"https://example.com/hooks\",\"webhook_events_filter\":[\"start\",\"completed\"]}",
                false, true)));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void generate_pollsUntilTerminal_whenNotFinishedInWaitWindow(boolean async) throws Exception {
        stubImage("/files/p2-0.webp", Stubs.webp(64));
        stubImage("/files/p2-1.webp", Stubs.webp(65));
        wm.stubFor(post(CREATE).willReturn(aResponse().withStatus(201).withBody(Stubs.prediction(base, "p2", "starting"))));
        wm.stubFor(get("/v1/predictions/p2").inScenario("poll").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withBody(Stubs.prediction(base, "p2", "processing"))).willSetStateTo("2"));
        wm.stubFor(get("/v1/predictions/p2").inScenario("poll").whenScenarioStateIs("2")
                .willReturn(aResponse().withBody(Stubs.prediction(base, "p2", "succeeded",
                        base + "/files/p2-0.webp", base + "/files/p2-1.webp"))));

        GenerationResult r = run(office().toBuilder().numOutputs(2).build(), async);

        assertThat(r.images()).extracting(GeneratedImage::index).containsExactly(0, 1);
        assertThat(r.cost()).isEqualByComparingTo("0.006");
        wm.verify(2, getRequestedFor(urlEqualTo("/v1/predictions/p2"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        assertThat(scheduler.delays).contains(Duration.ofMillis(500));
    }

    @Test
    void generate_keepsPollingThroughUnknownStatus() {
        stubImage("/files/p3-0.webp", Stubs.webp(10));
        wm.stubFor(post(CREATE).willReturn(aResponse().withStatus(201)
                .withBody(Stubs.prediction(base, "p3", "queued_for_gpu_2027"))));
        wm.stubFor(get("/v1/predictions/p3").willReturn(aResponse()
                .withBody(Stubs.prediction(base, "p3", "succeeded", base + "/files/p3-0.webp"))));

        assertThat(client.generate(office()).images()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void generate_throwsPredictionFailed_withModelError(boolean async) {
        wm.stubFor(post(CREATE).willReturn(aResponse().withStatus(201).withBody(Stubs.failed("p4", "CUDA out of memory"))));

        assertThatThrownBy(() -> run(office(), async))
                .isInstanceOfSatisfying(PredictionFailedException.class, e -> {
                    assertThat(e.modelError()).contains("CUDA out of memory");
                    assertThat(e.predictionId()).contains("p4");
                });
    }

    @Test
    void generate_throwsPredictionCanceled_whenServerCanceled() {
        wm.stubFor(post(CREATE).willReturn(aResponse().withStatus(201).withBody(Stubs.prediction(base, "p5", "aborted"))));

        assertThatThrownBy(() -> client.generate(office())).isExactlyInstanceOf(PredictionCanceledException.class)
                .hasMessageContaining("aborted");
    }

    @Test
    void invalidInput422_mapsFieldsAndIsNotRetried() {
        wm.stubFor(post(CREATE).willReturn(aResponse().withStatus(422).withBody("{\"title\":\"Input validation failed\","
                + "\"status\":422,\"detail\":\"- input.num_outputs: Must be less than or equal to 4\","
                + "\"invalid_fields\":[{\"type\":\"less_than_equal\",\"field\":\"input.num_outputs\","
                + "\"description\":\"Must be less than or equal to 4\"}]}")));

        assertThatThrownBy(() -> client.generate(office())).isInstanceOfSatisfying(InvalidRequestException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(422);
            assertThat(e.title()).contains("Input validation failed");
            assertThat(e.invalidFields()).containsExactly(new InvalidField("less_than_equal", "input.num_outputs",
                    "Must be less than or equal to 4"));
            assertThat(e.getMessage()).contains("422", "num_outputs");
        });
        wm.verify(1, postRequestedFor(urlEqualTo(CREATE)));
    }

    @Test
    void unauthenticated401_neverShowsTheToken() {
        wm.stubFor(post(CREATE).willReturn(aResponse().withStatus(401)
                .withBody(Stubs.problem(401, "Unauthenticated", "Invalid token " + TOKEN))));

        assertThatThrownBy(() -> client.generate(office())).isInstanceOfSatisfying(AuthenticationException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(401);
            assertThat(e.getMessage()).contains("Unauthenticated").doesNotContain(TOKEN).contains("***");
            assertThat(e.detail().orElseThrow()).doesNotContain(TOKEN);
        });
        assertThat(client.toString()).doesNotContain(TOKEN);
        assertThat(clientBuilder().toString()).doesNotContain(TOKEN);
        wm.verify(1, postRequestedFor(urlEqualTo(CREATE)));
    }

    @Test
    void permission402And404_mapToTheirTypes() {
        wm.stubFor(post(CREATE).willReturn(aResponse().withStatus(402)
                .withBody(Stubs.problem(402, "Payment required", "add credit"))));
        assertThatThrownBy(() -> client.generate(office())).isInstanceOf(PermissionDeniedException.class);

        wm.stubFor(post(CREATE).willReturn(aResponse().withStatus(404).withBody(Stubs.problem(404, "Not found", "no model"))));
        assertThatThrownBy(() -> client.generate(office())).isInstanceOf(NotFoundException.class);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void rateLimited429_isRetriedAfterRetryAfter(boolean async) {
        stubImage("/files/p6-0.webp", Stubs.webp(10));
        wm.stubFor(post(CREATE).inScenario("429").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")
                        .withBody(Stubs.problem(429, "Too Many Requests", "Request was throttled.")))
                .willSetStateTo("ok"));
        wm.stubFor(post(CREATE).inScenario("429").whenScenarioStateIs("ok").willReturn(aResponse().withStatus(201)
                .withBody(Stubs.prediction(base, "p6", "succeeded", base + "/files/p6-0.webp"))));

        assertThat(run(office(), async).predictionId()).isEqualTo("p6");
        wm.verify(2, postRequestedFor(urlEqualTo(CREATE)));
        assertWaited(Duration.ofSeconds(7));
    }

    @Test
    void rateLimited429_neverFailsWhileTheServerSaysWhenToComeBack_onlyTheDeadlineEndsIt() {
        client.close();
        client = clientBuilder().maxRetries(1).predictionTimeout(Duration.ofMinutes(2)).build();
        wm.stubFor(post(CREATE).willReturn(aResponse().withStatus(429)
                .withBody(Stubs.problem(429, "Too Many Requests", "Request was throttled. Your rate limit resets in ~30s."))));

        assertThatThrownBy(() -> client.generate(office())).isInstanceOfSatisfying(PredictionTimeoutException.class,
                e -> assertThat(e).hasMessageContaining("No prediction was created within PT2M")
                        .hasMessageContaining("resets in ~30s"));
        assertThat(wm.findAll(postRequestedFor(urlEqualTo(CREATE))).size()).as("4 windows of 30 s in 2 min, not "
                + "maxRetries + 1").isBetween(3, 5);
        assertWaited(Duration.ofSeconds(30));
    }

    @Test
    void aCallWaitingToRetry_whenTheClientCloses_failsAtOnce_neverHangs() throws Exception {
        client.close();
        client = FluxSchnellClient.builder().apiToken(TOKEN).baseUrl(URI.create(base)).checkModels(false)
                .storage(LocalFileStorage.of(out)) // its own scheduler, which close() stops
                .retryBackoff(Duration.ofSeconds(100), Duration.ofSeconds(120)).build(); // a 503's retry: 50-100 s on
        wm.stubFor(get("/v1/predictions/wait").willReturn(aResponse().withStatus(503)
                .withBody(Stubs.problem(503, "Service Unavailable", "try later"))));

        CompletableFuture<GenerationResult> stored = client.storeOutputs("wait");
        Await.until(() -> !wm.findAll(getRequestedFor(urlEqualTo("/v1/predictions/wait"))).isEmpty());
        Thread.sleep(300); // the answer is handled and its retry's wait scheduled (else this passes trivially)
        assertThat(stored).isNotDone();
        client.close();

        assertThatThrownBy(() -> stored.get(10, TimeUnit.SECONDS)).as("the backoff ends with the client")
                .isInstanceOf(java.util.concurrent.ExecutionException.class).hasMessageContaining("closed");
        assertThat(client.awaitTermination(Duration.ofSeconds(10))).isTrue();
        wm.verify(1, getRequestedFor(urlEqualTo("/v1/predictions/wait")));
    }

    /** The SDK's own HTTP client hands nothing to worker threads: its selector thread reads answers (design.md). */
    @Test
    void theSdksOwnHttpClient_startsNoWorkerThreads_itsSelectorThreadReadsTheAnswers() {
        java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
        stubImage("/files/w-0.webp", Stubs.webp(10));
        wm.stubFor(post(CREATE).willReturn(aResponse().withStatus(201)
                .withBody(Stubs.prediction(base, "w", "succeeded", base + "/files/w-0.webp"))));

        assertThat(client.generate(office()).predictionId()).isEqualTo("w"); // a create's answer and a download

        assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> !before.contains(t))
                .extracting(Thread::getName).as("threads the call started")
                .anyMatch(name -> name.startsWith("flux-io"))
                .noneMatch(name -> name.contains("-Worker-") || name.startsWith("flux-http"));
    }

    @Test
    void absurdRetryAfter_isCappedAt60s_andTheClientStaysUsable() {
        stubImage("/files/ra-0.webp", Stubs.webp(10));
        wm.stubFor(post(CREATE).inScenario("ra").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "999999999")
                        .withBody(Stubs.problem(429, "Too Many Requests", "slow down")))
                .willSetStateTo("ok"));
        wm.stubFor(post(CREATE).inScenario("ra").whenScenarioStateIs("ok").willReturn(aResponse().withStatus(201)
                .withBody(Stubs.prediction(base, "ra", "succeeded", base + "/files/ra-0.webp"))));

        assertThat(client.generate(office()).predictionId()).isEqualTo("ra");
        assertThat(client.generate(office()).predictionId()).as("the next call is not held for decades").isEqualTo("ra");
        // the longest timer is a create's answer deadline: the sync wait + the fixture's 10 min request timeout
        assertThat(scheduler.delays).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofMinutes(11)));
        assertWaited(Duration.ofSeconds(60));
    }

    @Test
    void ambiguousCreates_whenTheListStillShowsNothingAfterItsLag_areSentAgain_upToMaxRetries() {
        client.close();
        client = clientBuilder().maxRetries(4).listLag(Duration.ofSeconds(5)).build();
        wm.stubFor(post(CREATE).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        wm.stubFor(get("/v1/predictions").willReturn(aResponse().withBody("{\"results\":[]}")));

        assertThatThrownBy(() -> client.generate(office())).isInstanceOfSatisfying(FluxSchnellIOException.class,
                e -> {
                    assertThat(e).hasMessageContaining("sent 5 times").hasMessageContaining("none of them created");
                    assertThat(e.isRetryable()).isTrue();
                });
        wm.verify(5, postRequestedFor(urlEqualTo(CREATE))); // the first create and maxRetries re-creates
        assertThat(wm.findAll(getRequestedFor(urlEqualTo("/v1/predictions"))).size())
                .as("looked until the list was conclusive, after each").isGreaterThanOrEqualTo(10);
        assertThat(scheduler.delays.stream().filter(d -> d.compareTo(Duration.ofSeconds(5)) <= 0)
                .reduce(Duration.ZERO, Duration::plus)).isGreaterThanOrEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void canceledWhileReconciling_thePredictionTheLostCallMade_isStillFoundAndCanceled() throws Exception {
        String input = "{\"prompt\":\"x\"}";
        wm.stubFor(post(CREATE).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        wm.stubFor(get("/v1/predictions").inScenario("lag").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withBody("{\"results\":[]}")).willSetStateTo("shown"));
        wm.stubFor(get("/v1/predictions").inScenario("lag").whenScenarioStateIs("shown").willReturn(aResponse()
                .withBody("{\"results\":[{\"id\":\"lost1\",\"status\":\"processing\",\"input\":" + input + "}]}")));
        wm.stubFor(post("/v1/predictions/lost1/cancel").willReturn(aResponse()
                .withBody(Stubs.prediction(base, "lost1", "canceled"))));
        // adopted before the cancel lands (a slow machine): it is still running, so the cancel still reaches it
        wm.stubFor(get("/v1/predictions/lost1").willReturn(aResponse()
                .withBody(Stubs.prediction(base, "lost1", "processing"))));

        // a list lag far longer than the test: no list can prove the lost create made nothing, so it is never sent
        // again, however late the cancel lands on a loaded machine (the fixture runs delays 100x faster)
        client.close();
        client = clientBuilder().listLag(Duration.ofMinutes(10)).build();
        CompletableFuture<GenerationResult> f = client.generateAsync(ImageRequest.of("x"));
        await(() -> wm.findAll(postRequestedFor(urlEqualTo(CREATE))).size() == 1);
        f.cancel(true);

        await(() -> wm.findAll(postRequestedFor(urlEqualTo("/v1/predictions/lost1/cancel"))).size() == 1);
        wm.verify(1, postRequestedFor(urlEqualTo(CREATE))); // and no re-create after the cancel
    }

    @Test
    void rateLimited429_thatSaysNothing_surfacesWhenRetriesRunOut() {
        client.close();
        client = clientBuilder().maxRetries(1).build();
        wm.stubFor(post(CREATE).willReturn(aResponse().withStatus(429).withBody("{\"detail\":\"Too many requests\"}")));

        assertThatThrownBy(() -> client.generate(office())).isInstanceOfSatisfying(RateLimitException.class,
                e -> assertThat(e.retryAfter()).isEmpty());
        wm.verify(2, postRequestedFor(urlEqualTo(CREATE)));
    }

    @Test
    void lowCreditAccount429_verbatim_isWaitedOut_andItsLimitAdopted() {
        stubImage("/files/lc-0.webp", Stubs.webp(10));
        String body = "{\"detail\":\"Request was throttled. Your rate limit for creating predictions is reduced to 6 "
                + "requests per minute with a burst of 1 requests while you have less than $5.0 in credit. Your rate "
                + "limit resets in ~5s.\",\"status\":429,\"retry_after\":5}";
        wm.stubFor(post(CREATE).inScenario("lc").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json").withBody(body))
                .willSetStateTo("ok"));
        wm.stubFor(post(CREATE).inScenario("lc").whenScenarioStateIs("ok").willReturn(aResponse().withStatus(201)
                .withBody(Stubs.prediction(base, "lc", "succeeded", base + "/files/lc-0.webp"))));

        assertThat(client.generate(office()).predictionId()).isEqualTo("lc");
        wm.verify(2, postRequestedFor(urlEqualTo(CREATE)));
        assertWaited(Duration.ofSeconds(5)); // the body's retry_after
    }

    @Test
    void serverError5xxOnPoll_isRetried() {
        stubImage("/files/p7-0.webp", Stubs.webp(10));
        wm.stubFor(post(CREATE).willReturn(aResponse().withStatus(201).withBody(Stubs.prediction(base, "p7", "processing"))));
        wm.stubFor(get("/v1/predictions/p7").inScenario("5xx").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withBody("<html>bad gateway</html>")).willSetStateTo("drop"));
        wm.stubFor(get("/v1/predictions/p7").inScenario("5xx").whenScenarioStateIs("drop")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("ok"));
        wm.stubFor(get("/v1/predictions/p7").inScenario("5xx").whenScenarioStateIs("ok").willReturn(aResponse()
                .withBody(Stubs.prediction(base, "p7", "succeeded", base + "/files/p7-0.webp"))));

        assertThat(client.generate(office()).predictionId()).isEqualTo("p7");
        wm.verify(3, getRequestedFor(urlEqualTo("/v1/predictions/p7")));
    }

    @Test
    void create5xxWithProblemBody_isRetried_becauseNoPredictionWasCreated() {
        stubImage("/files/p8-0.webp", Stubs.webp(10));
        wm.stubFor(post(CREATE).inScenario("c5").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500).withBody(Stubs.problem(500, "Internal Server Error", "boom")))
                .willSetStateTo("ok"));
        wm.stubFor(post(CREATE).inScenario("c5").whenScenarioStateIs("ok").willReturn(aResponse().withStatus(201)
                .withBody(Stubs.prediction(base, "p8", "succeeded", base + "/files/p8-0.webp"))));

        assertThat(client.generate(office()).predictionId()).isEqualTo("p8");
        wm.verify(2, postRequestedFor(urlEqualTo(CREATE)));
    }

    @Test
    void ambiguousCreateFailure_adoptsThePredictionItCreated_insteadOfPayingTwice() {
        stubImage("/files/pa-0.webp", Stubs.webp(40));
        wm.stubFor(post(CREATE).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        String created = Stubs.prediction(base, "pa", "succeeded", base + "/files/pa-0.webp")
                .replace("\"status\"", "\"input\":" + inputOf(office()) + ",\"status\"");
        wm.stubFor(get("/v1/predictions").willReturn(aResponse().withBody("{\"next\":null,\"results\":["
                + Stubs.prediction(base, "other", "succeeded", base + "/files/x.webp") + "," + created + "]}")));

        GenerationResult r = client.generate(office());

        assertThat(r.predictionId()).isEqualTo("pa");
        wm.verify(1, postRequestedFor(urlEqualTo(CREATE)));
        wm.verify(1, getRequestedFor(urlEqualTo("/v1/predictions")));
    }

    @Test
    void ambiguousCreateFailure_createsAgain_onlyWhenTheListShowsNoSuchPrediction() {
        stubImage("/files/pb-0.webp", Stubs.webp(40));
        wm.stubFor(post(CREATE).inScenario("amb").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(502).withBody("<html>Bad Gateway</html>")).willSetStateTo("ok"));
        wm.stubFor(post(CREATE).inScenario("amb").whenScenarioStateIs("ok").willReturn(aResponse().withStatus(201)
                .withBody(Stubs.prediction(base, "pb", "succeeded", base + "/files/pb-0.webp"))));
        wm.stubFor(get("/v1/predictions").willReturn(aResponse().withBody("{\"next\":null,\"results\":[]}")));

        assertThat(client.generate(office()).predictionId()).isEqualTo("pb");
        wm.verify(2, postRequestedFor(urlEqualTo(CREATE)));
    }

    @Test
    void ambiguousCreateFailure_isNotRetried_whenItCannotBeChecked() {
        wm.stubFor(post(CREATE).willReturn(aResponse().withStatus(502).withBody("<html>Bad Gateway</html>")));
        wm.stubFor(get("/v1/predictions").willReturn(aResponse().withStatus(403)
                .withBody(Stubs.problem(403, "Forbidden", "no list permission"))));

        assertThatThrownBy(() -> client.generate(office())).isInstanceOf(ServerException.class)
                .hasMessageContaining("502");
        wm.verify(1, postRequestedFor(urlEqualTo(CREATE)));
    }

    static String inputOf(ImageRequest r) {
        return dev.fluxschnell.sdk.internal.Json.input(r.sentInputs(), i -> "").toString();
    }

    @Test
    void createIsRetried_whenTheConnectionCouldNotBeEstablished() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        client.close();
        client = clientBuilder().baseUrl(URI.create("http://127.0.0.1:" + port)).maxRetries(2).build();

        assertThatThrownBy(() -> client.generate(office())).isInstanceOf(FluxSchnellIOException.class)
                .hasCauseInstanceOf(java.net.ConnectException.class);
        assertThat(scheduler.delays).hasSizeGreaterThanOrEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void dataUrlOutput_isDecodedAndStored(boolean async) throws Exception {
        byte[] image = Stubs.webp(300);
        String dataUrl = "data:image/webp;base64," + Base64.getEncoder().encodeToString(image);
        wm.stubFor(post(CREATE).willReturn(aResponse().withStatus(201).withBody(Stubs.prediction(base, "p9", "succeeded", dataUrl))));

        GenerationResult r = run(office(), async);

        assertThat(Files.readAllBytes(Path.of(r.images().get(0).location()))).isEqualTo(image);
        assertThat(r.images().get(0).toString()).contains("data:...");
    }

    @Test
    void cancelingTheFuture_cancelsTheRemotePrediction() {
        wm.stubFor(post(CREATE).willReturn(aResponse().withStatus(201).withBody(Stubs.prediction(base, "p10", "starting"))));
        wm.stubFor(get("/v1/predictions/p10").willReturn(aResponse().withBody(Stubs.prediction(base, "p10", "processing"))));
        wm.stubFor(post("/v1/predictions/p10/cancel").willReturn(aResponse().withBody(Stubs.prediction(base, "p10", "canceled"))));

        CompletableFuture<GenerationResult> f = client.generateAsync(office());
        await(() -> !wm.findAll(getRequestedFor(urlEqualTo("/v1/predictions/p10"))).isEmpty());
        f.cancel(true);

        await(() -> wm.findAll(postRequestedFor(urlEqualTo("/v1/predictions/p10/cancel"))).size() == 1);
        int polls = wm.findAll(getRequestedFor(urlEqualTo("/v1/predictions/p10"))).size();
        sleep(50);
        assertThat(wm.findAll(getRequestedFor(urlEqualTo("/v1/predictions/p10")))).hasSizeLessThanOrEqualTo(polls + 1);
    }

    @Test
    void predictionTimeout_cancelsTheRemotePrediction() {
        client.close();
        client = clientBuilder().predictionTimeout(Duration.ofSeconds(200)).build(); // 2 s on the sped-up clock (x100)
        wm.stubFor(post(CREATE).willReturn(aResponse().withStatus(201).withBody(Stubs.prediction(base, "p11", "starting"))));
        wm.stubFor(get("/v1/predictions/p11").willReturn(aResponse().withBody(Stubs.prediction(base, "p11", "processing"))));
        wm.stubFor(post("/v1/predictions/p11/cancel").willReturn(aResponse().withBody(Stubs.prediction(base, "p11", "canceled"))));

        assertThatThrownBy(() -> client.generate(office())).isInstanceOfSatisfying(PredictionTimeoutException.class,
                e -> assertThat(e.predictionId()).contains("p11"));
        await(() -> wm.findAll(postRequestedFor(urlEqualTo("/v1/predictions/p11/cancel"))).size() == 1);
        wm.verify(postRequestedFor(urlEqualTo(CREATE)).withHeader("Cancel-After", matching("(1\\d\\d|200)s")));
    }

    @Test
    void downloadFromAHostNotAllowed_isRefused() {
        client.close();
        client = clientBuilder().downloadHosts(List.of("replicate.delivery")).maxRetries(0).build();
        wm.stubFor(post(CREATE).willReturn(aResponse().withStatus(201)
                .withBody(Stubs.prediction(base, "p12", "succeeded", base + "/files/p12-0.webp"))));

        assertThatThrownBy(() -> client.generate(office())).isInstanceOf(StorageException.class)
                .hasMessageContaining("refusing to download");
        wm.verify(0, getRequestedFor(urlEqualTo("/files/p12-0.webp")));
        assertThat(out).isEmptyDirectory();
    }

    @Test
    void malformedAnswers_failWithAClearMessage() {
        wm.stubFor(post(CREATE).willReturn(aResponse().withStatus(201).withBody("not json at all")));
        assertThatThrownBy(() -> client.generate(office())).isInstanceOf(FluxSchnellIOException.class)
                .hasMessageContaining("unreadable answer").hasMessageContaining("not JSON");

        wm.stubFor(post(CREATE).willReturn(aResponse().withStatus(201).withBody("{\"status\":\"succeeded\"}")));
        assertThatThrownBy(() -> client.generate(office())).hasMessageContaining("no 'id'");

        wm.stubFor(post(CREATE).willReturn(aResponse().withStatus(201)
                .withBody("{\"id\":\"p13\",\"status\":\"succeeded\",\"output\":{\"a\":1}}")));
        assertThatThrownBy(() -> client.generate(office())).hasMessageContaining("output is neither a list");
    }

    @Test
    void fromEnv_namesBothSourcesWhenNoTokenIsSet() {
        String old = System.getProperty(FluxSchnellClient.TOKEN_PROPERTY);
        System.clearProperty(FluxSchnellClient.TOKEN_PROPERTY);
        try {
            if (System.getenv(FluxSchnellClient.TOKEN_ENV) == null) {
                assertThatThrownBy(FluxSchnellClient::fromEnv).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("replicate.apiToken").hasMessageContaining("REPLICATE_API_TOKEN");
            }
            System.setProperty(FluxSchnellClient.TOKEN_PROPERTY, "r8_fromProperty");
            assertThat(FluxSchnellClient.tokenFromEnv()).isEqualTo("r8_fromProperty");
        } finally {
            if (old == null) {
                System.clearProperty(FluxSchnellClient.TOKEN_PROPERTY);
            } else {
                System.setProperty(FluxSchnellClient.TOKEN_PROPERTY, old);
            }
        }
    }

    static void await(java.util.function.BooleanSupplier condition) {
        Await.until(condition);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
