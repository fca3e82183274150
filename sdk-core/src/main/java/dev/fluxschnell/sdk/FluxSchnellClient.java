package dev.fluxschnell.sdk;

import dev.fluxschnell.sdk.pricing.CostEstimate;
import dev.fluxschnell.sdk.pricing.Pricing;
import dev.fluxschnell.sdk.request.Model;
import dev.fluxschnell.sdk.request.ModelRequest;
import dev.fluxschnell.sdk.request.PipelineRequest;
import dev.fluxschnell.sdk.result.GenerationResult;
import dev.fluxschnell.sdk.batch.BatchItem;
import dev.fluxschnell.sdk.batch.BatchJob;
import dev.fluxschnell.sdk.batch.BatchJournal;
import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.batch.BatchResult;
import dev.fluxschnell.sdk.cache.ResultCache;
import dev.fluxschnell.sdk.observation.ClientObserver;
import dev.fluxschnell.sdk.errors.FluxSchnellIOException;
import dev.fluxschnell.sdk.errors.PredictionCanceledException;
import dev.fluxschnell.sdk.errors.QuotaExceededException;
import dev.fluxschnell.sdk.internal.BatchRun;
import dev.fluxschnell.sdk.internal.ClientContext;
import dev.fluxschnell.sdk.internal.ClientRuntime;
import dev.fluxschnell.sdk.internal.Errors;
import dev.fluxschnell.sdk.internal.Generation;
import dev.fluxschnell.sdk.internal.Json;
import dev.fluxschnell.sdk.internal.Prediction;
import dev.fluxschnell.sdk.internal.ReplicateApi;
import dev.fluxschnell.sdk.quota.Quota;
import dev.fluxschnell.sdk.ratelimit.CreateRateLimiter;
import dev.fluxschnell.sdk.ratelimit.InMemoryCreateRateLimiter;
import dev.fluxschnell.sdk.storage.ImageStorage;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import dev.fluxschnell.sdk.webhook.PredictionUpdate;
import dev.fluxschnell.sdk.webhook.WebhookVerifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * The entry point: generates flux-schnell images on Replicate, one or many at a time, and stores them.
 *
 * <p>A thin facade over its {@link ClientOptions}; the file is long only because of its {@link Builder}, one
 * documented, validating setter per setting.
 *
 * <p>Immutable and thread-safe; create one per application and {@link #close()} it on shutdown. Blocking methods are
 * {@code join()} on the asynchronous ones; no thread is held per in-flight prediction (waits are scheduled).
 *
 * <pre>{@code
 * try (FluxSchnellClient client = FluxSchnellClient.fromEnv()) {
 *     GenerationResult r = client.generate(ImageRequest.builder().prompt("Modern office workspace").build());
 *     r.images().forEach(img -> System.out.println(img.location()));
 * }
 * }</pre>
 */
public final class FluxSchnellClient implements AutoCloseable {
    /** The system property read by {@link #fromEnv()} before the environment variable. */
    public static final String TOKEN_PROPERTY = "replicate.apiToken";
    /** The environment variable read by {@link #fromEnv()}. */
    public static final String TOKEN_ENV = "REPLICATE_API_TOKEN";
    /** The system property read by {@link Builder#fromEnv()} for the base URL, before the environment variable. */
    public static final String BASE_URL_PROPERTY = "replicate.baseUrl";
    /** The environment variable read by {@link Builder#fromEnv()} for the base URL (gateways, proxies, emulators). */
    public static final String BASE_URL_ENV = "REPLICATE_BASE_URL";

    private final ClientOptions options;
    private final ClientRuntime runtime;
    private final ClientContext ctx;
    private final Set<BatchRun> active = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    private FluxSchnellClient(ClientOptions options) {
        this.options = options;
        this.runtime = ClientRuntime.start(options, options.rateLimitGuessed(), options.nanoTime());
        this.ctx = runtime.context();
    }

    /**
     * {@return a client with these settings (e.g. {@code FluxSchnellClient.create(other.options().toBuilder()...)})}
     *
     * @param options the settings, e.g. from {@link Builder#buildOptions()}
     */
    public static FluxSchnellClient create(ClientOptions options) {
        return new FluxSchnellClient(java.util.Objects.requireNonNull(options, "options must not be null"));
    }

    /** {@return the SDK's version, e.g. {@code 0.2.0} (sent in the User-Agent)} */
    public static String version() {
        return dev.fluxschnell.sdk.internal.Version.VERSION;
    }

    /**
     * Starts loading, once per JVM and on short-lived daemon threads, what a fresh JVM's first prediction needs: JSON
     * mapping, the default model's recorded schema, decimal arithmetic and, for an https API, TLS. For short-lived
     * processes (a CLI, a serverless function): called first thing, that work overlaps the process's own start instead
     * of waiting for the first client. Never blocks and sends nothing; building a client starts it too. For an https
     * API it makes the JDK's default TLS context, which reads the {@code javax.net.ssl.*} system properties once: set
     * those first.
     *
     * @param baseUrl the API the process will call (TLS is set up ahead only for {@code https})
     */
    public static void warmUp(URI baseUrl) {
        dev.fluxschnell.sdk.internal.Warmup.start("https".equalsIgnoreCase(
                Objects.requireNonNull(baseUrl, "baseUrl must not be null").getScheme()));
    }

    /** {@link #warmUp(URI)} for the API {@link Builder#fromEnv()} calls (the default, unless its setting is set). */
    public static void warmUp() {
        String configured = setting(BASE_URL_PROPERTY, BASE_URL_ENV);
        dev.fluxschnell.sdk.internal.Warmup.start(configured == null || !configured.regionMatches(true, 0, "http:", 0,
                5));
    }

    /** {@return this client's settings} */
    public ClientOptions options() {
        return options;
    }

    /** {@return a new builder} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A client with default settings, configured from the environment: see {@link Builder#fromEnv()}.
     *
     * @return a client configured from the environment
     * @throws IllegalStateException naming the property and variable when no token is set
     */
    public static FluxSchnellClient fromEnv() {
        return builder().fromEnv().build();
    }

    static String tokenFromEnv() {
        String token = setting(TOKEN_PROPERTY, TOKEN_ENV);
        if (token == null) {
            throw new IllegalStateException("No Replicate API token: set the system property " + TOKEN_PROPERTY
                    + " or the environment variable " + TOKEN_ENV);
        }
        return token;
    }

    /** A system property, else an environment variable, trimmed; null when neither is set or both are blank. */
    static String setting(String property, String env) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? null : value.trim();
    }

    /**
     * Runs one request on its model — a generation, an edit, an inpainting, an upscale, a background removal, or a
     * pipeline of them — and stores the images; blocks until done. Every request takes the same path: rate limit,
     * quota, create, reconciliation, polling, storage. Interrupting the calling thread cancels the generation (remotely
     * too) and throws {@link PredictionCanceledException} with the interrupt flag kept.
     *
     * @param request what to make
     * @return the stored images, with the model, the seed and what they cost
     */
    public GenerationResult generate(ModelRequest request) {
        return generate(request, RequestOptions.DEFAULT);
    }

    /**
     * Like {@link #generate(ModelRequest)}, with this call's options (whose quota pays, a webhook).
     *
     * @param request what to make
     * @param options the call's options
     * @return the stored images, with the model, the seed and what they cost
     */
    public GenerationResult generate(ModelRequest request, RequestOptions options) {
        return await(generateAsync(request, options), null);
    }

    /**
     * Runs one request on its model without blocking: the returned future does all the work — input images inline,
     * uploaded or passed by URL, the quota — and fails with the reason (e.g. {@link QuotaExceededException}). Canceling
     * it cancels the remote prediction.
     *
     * @param request what to make
     * @return a future of the stored images
     * @throws NullPointerException when {@code request} is null
     * @throws IllegalStateException when the client is closed
     */
    public CompletableFuture<GenerationResult> generateAsync(ModelRequest request) {
        return generateAsync(request, RequestOptions.DEFAULT);
    }

    /**
     * Like {@link #generateAsync(ModelRequest)}, with this call's options (whose quota pays, a webhook).
     *
     * @param request what to make
     * @param options the call's options
     * @return a future of the stored images
     */
    public CompletableFuture<GenerationResult> generateAsync(ModelRequest request, RequestOptions options) {
        Objects.requireNonNull(request, "request must not be null");
        Objects.requireNonNull(options, "options must not be null");
        BatchRequest.Builder b = BatchRequest.builder().add(request).subject(options.subject()).maxConcurrency(1);
        options.webhook().ifPresent(w -> b.webhook(w, options.webhookEvents()));
        BatchRun run = startBatch(b.build(), false);
        CompletableFuture<GenerationResult> out = run.result().thenApply(r -> {
            BatchItem item = r.items().get(0);
            return item.result().orElseThrow(() -> item.error().orElseThrow());
        });
        out.whenComplete((r, e) -> {
            if (e instanceof CancellationException) {
                run.cancel();
            }
        });
        return out;
    }

    /**
     * Runs a batch and blocks until every item has an outcome; one item's failure never fails the batch. Interrupting
     * the calling thread cancels the batch (remotely too) and throws {@link PredictionCanceledException} with the
     * interrupt flag kept.
     *
     * @param batch the requests to generate, with the batch settings
     * @return every item's outcome, in request order, with the total cost
     */
    public BatchResult generateBatch(BatchRequest batch) {
        BatchJob job = submitBatch(batch);
        return await(job.result(), job);
    }

    /** Waits for {@code f}; on interrupt cancels it (and {@code job}), keeps the flag and throws. */
    private <T> T await(CompletableFuture<T> f, BatchJob job) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            f.cancel(true);
            if (job != null) {
                job.cancel();
            }
            Thread.currentThread().interrupt();
            throw new PredictionCanceledException("interrupted while waiting; the generation was canceled", null);
        } catch (java.util.concurrent.ExecutionException e) {
            throw rethrow(e.getCause());
        }
    }

    /**
     * Starts a batch and returns at once, without I/O on the caller's thread: the journal, the result cache and the
     * quota are read inside the job, and their failures (a {@link QuotaExceededException} with
     * {@link dev.fluxschnell.sdk.batch.QuotaPolicy#FAIL_BATCH} included) complete {@link BatchJob#result()}
     * exceptionally, before anything is sent.
     *
     * @param batch the requests to generate, with the batch settings
     * @return the running job, to follow, cancel or wait for
     * @throws NullPointerException when {@code batch} is null
     * @throws IllegalArgumentException when the batch would create more than {@code maxPredictionsPerBatch} predictions
     * @throws IllegalStateException when the client is closed
     */
    public BatchJob submitBatch(BatchRequest batch) {
        return startBatch(Objects.requireNonNull(batch, "batch must not be null"), true);
    }

    /** Starts a batch; {@code observed}: reported to the observer as a batch (a single generate is not). */
    private BatchRun startBatch(BatchRequest batch, boolean observed) {
        ensureOpen();
        return BatchRun.start(ctx, batch, observed, active::add, active::remove);
    }

    /**
     * Fetches the account's webhook signing secret ({@code GET /v1/webhooks/default/secret}), for
     * {@link WebhookVerifier#of(String)}. Cache it: it rarely changes.
     *
     * @return the signing secret, as given to {@link WebhookVerifier#of(String)}
     */
    public String webhookSecret() {
        ensureOpen();
        try {
            String key = ctx.api().getJson("/v1/webhooks/default/secret").join().path("key").asText("");
            if (key.isBlank()) {
                throw new FluxSchnellIOException("the webhook secret answer has no 'key'", null, null);
            }
            return key;
        } catch (CompletionException e) {
            throw rethrow(e);
        }
    }

    /**
     * Creates a prediction and returns its id without waiting for it to finish: for webhook flows, where the options'
     * webhook is told when it completes. The create goes through the client's rate limiter and duplicate-safe retries;
     * a configured quota counts its images for the options' subject when it is created (inside the future: a refusal
     * fails it with {@link QuotaExceededException}, and nothing is sent). Store the images with {@link #storeOutputs}
     * when the webhook reports completion.
     *
     * @param request what to make (not a pipeline: its steps need the images of the one before)
     * @param options the call's options, with the webhook
     * @return a future of the new prediction's id
     * @throws IllegalArgumentException for a pipeline
     */
    public CompletableFuture<String> startPrediction(ModelRequest request, RequestOptions options) {
        Objects.requireNonNull(request, "request must not be null");
        Objects.requireNonNull(options, "options must not be null");
        if (request instanceof PipelineRequest) {
            throw new IllegalArgumentException("a pipeline runs its steps on the images of the one before: use "
                    + "generate or submitBatch, not startPrediction");
        }
        ensureOpen();
        int images = request.numOutputs();
        String subject = options.subject();
        return onIoThread(() -> {
            ctx.quota().reserve(subject, images);
            return null;
        }).thenCompose(v -> Generation.createOnly(ctx, request, new Generation.Hook(options.webhook().orElse(null),
                options.webhookEvents())).whenComplete((id, e) ->
                ctx.quota().settle(subject, images, e == null ? images : 0)));
    }

    /**
     * Downloads and stores the images of a prediction that completed elsewhere, e.g. as a verified webhook reported
     * it; the request is rebuilt from the delivery alone — its model and its {@code input}
     * ({@link ModelRequest#fromInputs}; the prompt is the prompt as sent, style suffix included), so the sidecar holds
     * every setting, for every model. Fails with {@link dev.fluxschnell.sdk.errors.PredictionFailedException} or
     * {@link PredictionCanceledException} when it did not succeed, and with {@link IllegalArgumentException} when the
     * update names no model the SDK calls or carries an input that model does not take.
     *
     * @param update the finished prediction, e.g. from a verified webhook
     * @return a future of the stored images
     */
    public CompletableFuture<GenerationResult> storeOutputs(PredictionUpdate update) {
        Objects.requireNonNull(update, "update must not be null");
        return onIoThread(() -> ModelRequest.fromInputs(Model.parse(update.model().orElseThrow(() ->
                new IllegalArgumentException("prediction " + update.id() + " names no model: pass the request it was "
                        + "started with to storeOutputs(update, request)"))), update.input()))
                .thenCompose(request -> storeOutputs(update, request));
    }

    /**
     * Cancels a prediction by id — e.g. one a stopped process left running, or one started with
     * {@link #startPrediction}. Canceling a finished prediction changes nothing. Replicate bills a canceled prediction
     * for the time it ran (community models) or not at all if it had not started.
     *
     * @param predictionId the prediction's id
     * @return a future that completes when Replicate accepted the cancel
     */
    public CompletableFuture<Void> cancelPrediction(String predictionId) {
        Objects.requireNonNull(predictionId, "predictionId must not be null");
        ensureOpen();
        return ctx.track(ctx.predictions().cancel(predictionId)).thenApply(p -> null);
    }

    /**
     * Stores the images of a prediction that succeeded but whose images were not stored — a
     * {@link dev.fluxschnell.sdk.errors.StorageException}'s {@code predictionId()}, an item of
     * {@link BatchResult#paidButNotStored()} — without paying again: reads the prediction and stores its outputs as
     * {@link #storeOutputs(PredictionUpdate)} does. Replicate keeps outputs for an hour after the prediction was
     * created; after that this fails saying so.
     *
     * @param predictionId the prediction's id
     * @return a future of the stored images
     */
    public CompletableFuture<GenerationResult> storeOutputs(String predictionId) {
        Objects.requireNonNull(predictionId, "predictionId must not be null");
        ensureOpen();
        return ctx.api().getJson("/v1/predictions/" + dev.fluxschnell.sdk.internal.ReplicateApi.encode(predictionId))
                .thenApply(json -> PredictionUpdate.fromJson(json.toString()))
                .thenCompose(this::storeOutputs);
    }

    /**
     * Like {@link #storeOutputs(PredictionUpdate)}, recording {@code request} (the one the prediction was started
     * with) in the results and stored metadata.
     *
     * @param update the finished prediction, e.g. from a verified webhook
     * @param request the request the prediction was started with
     * @return a future of the stored images
     */
    public CompletableFuture<GenerationResult> storeOutputs(PredictionUpdate update, ModelRequest request) {
        Objects.requireNonNull(update, "update must not be null");
        Objects.requireNonNull(request, "request must not be null");
        ensureOpen();
        if (!update.status().isTerminal()) {
            return CompletableFuture.failedFuture(new IllegalStateException("prediction " + update.id()
                    + " has not finished (status " + update.rawStatus() + ")"));
        }
        return onIoThread(() -> { // the seed is parsed from the update's JSON: not on the caller's thread
            java.util.OptionalLong seed = update.seed();
            return Prediction.reported(update.id(), update.status(), update.rawStatus(), update.output(),
                    update.error().orElse(null), seed.isPresent() ? seed.getAsLong() : null);
        }).thenCompose(prediction -> Generation.storeOutputs(ctx, request, prediction));
    }

    /** Runs {@code work} on the client's I/O executor; its failure fails the future. */
    private <T> CompletableFuture<T> onIoThread(java.util.function.Supplier<T> work) {
        try {
            return CompletableFuture.supplyAsync(work, ctx.config().ioExecutor());
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new IllegalStateException("this FluxSchnellClient is closed", e));
        }
    }

    /**
     * {@return what one request costs if it succeeds, computed locally from the client's {@link Pricing}}
     *
     * @param request the request to price
     */
    public CostEstimate estimateCost(ModelRequest request) {
        return ctx.config().pricing().estimate(Objects.requireNonNull(request, "request must not be null"));
    }

    /**
     * {@return what a batch costs if every item succeeds} With a journal attached, only what is left to make is
     * counted: items the journal records as stored cost nothing again (the journal is read, so this may do I/O).
     *
     * @param batch the batch to price
     */
    public CostEstimate estimateCost(BatchRequest batch) {
        Objects.requireNonNull(batch, "batch must not be null");
        Map<String, BatchJournal.Entry> done = BatchRun.journaled(batch);
        List<CostEstimate> left = new java.util.ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            BatchJournal.Entry e = done.get(batch.itemKeys().get(i));
            if (e == null || !e.isStored()) {
                left.add(ctx.config().pricing().estimate(batch.items().get(i)));
            }
        }
        return Pricing.sum(left);
    }

    /**
     * {@return how many images {@code subject} may still generate under the configured quota; empty when none is
     * configured}
     *
     * @param subject whose quota to read
     */
    public OptionalLong remainingQuota(String subject) {
        Quota q = ctx.config().quota();
        return q == null ? OptionalLong.empty() : OptionalLong.of(q.remaining(subject));
    }

    /**
     * {@return the models this client calls, to check against their live schemas ({@code client.models().check()})}
     */
    public Models models() {
        ensureOpen();
        return new Models(m -> ctx.models().check(m, ctx.versions().pinned(m)),
                m -> ctx.models().schema(m, ctx.versions().pinned(m)));
    }

    /** {@return the storage images go to} */
    public ImageStorage storage() {
        return ctx.config().storage();
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("this FluxSchnellClient is closed");
        }
    }

    /**
     * Cancels every running batch and returns within about 5 s; calls after close fail at once with
     * {@link IllegalStateException}. Every future of the client completes: items still running after 5 s are
     * completed as canceled. Nothing the client asked for is left running remotely: predictions are canceled — those
     * whose create was still inside its sync wait (their id arrives only with the answer) as soon as the answer comes.
     * That drain runs on a background thread that keeps the JVM alive until it is done, at most
     * {@code syncWait + requestTimeout + listLag + 30 s} (2 min 35 s with the defaults); then the client's threads
     * stop. {@link #awaitTermination} waits for it. Idempotent; never throws a checked exception.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        runtime.close(active);
    }

    /**
     * After {@link #close()}: waits until every remote cancel the close started has been sent and the client's
     * threads have stopped, at most {@code timeout}; true if they have.
     *
     * @param timeout the longest time to wait
     * @return true if the client has terminated, false on timeout or interrupt
     */
    public boolean awaitTermination(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout must not be null");
        try {
            runtime.terminated().get(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true;
        }
    }

    @Override
    public String toString() {
        return "FluxSchnellClient{baseUrl=" + ctx.config().baseUrl() + ", apiToken=*** Sensitive Data Redacted ***}";
    }

    private RuntimeException rethrow(Throwable e) {
        Throwable cause = ReplicateApi.unwrap(e);
        return cause instanceof RuntimeException re ? re : Errors.translate(cause, null, ctx.config().apiToken());
    }

    /** Builds a {@link FluxSchnellClient}; settings are validated when set and at {@link #build()}. */
    public static final class Builder {
        String apiToken;
        URI baseUrl = URI.create("https://api.replicate.com");
        HttpClient httpClient;
        Duration requestTimeout = Duration.ofSeconds(30);
        Duration syncWait = Duration.ofSeconds(60);
        Duration pollInterval = Duration.ofMillis(500);
        Duration predictionTimeout = Duration.ofMinutes(5);
        int maxRetries = 4;
        Duration retryBaseDelay = Duration.ofMillis(500);
        Duration retryMaxDelay = Duration.ofSeconds(30);
        Duration listLag = Duration.ofSeconds(5);
        final java.util.Map<Model, String> modelVersions = new java.util.HashMap<>();
        ScheduledExecutorService scheduler;
        Clock clock = Clock.systemUTC();
        ImageStorage storage;
        Pricing pricing = Pricing.DEFAULT;
        Quota quota;
        int maxPredictionsPerBatch = ClientOptions.DEFAULT_MAX_PREDICTIONS_PER_BATCH;
        int maxConcurrency = 10;
        int rateLimitPerMinute = 600;
        Integer rateLimitBurst;
        boolean rateLimitSet;
        boolean checkModels = true;
        boolean plainHttp;
        LongSupplier nanoTime = System::nanoTime;
        CreateRateLimiter rateLimiter;
        final java.util.Map<Model, String> deployments = new java.util.HashMap<>();
        List<String> downloadHosts = List.of("replicate.delivery", "*.replicate.delivery");
        long maxImageBytes = 50L * 1024 * 1024;
        ResultCache resultCache;
        ClientObserver observer = ClientObserver.NONE;

        private Builder() {}

        /**
         * Reads the settings the environment gives: the API token from the system property {@value #TOKEN_PROPERTY},
         * else the environment variable {@value #TOKEN_ENV}; the base URL from {@value #BASE_URL_PROPERTY}, else
         * {@value #BASE_URL_ENV}, when set (gateways and proxies put Replicate behind another URL). Settings made
         * after this call win.
         *
         * @return this builder
         * @throws IllegalStateException naming the property and the variable when no token is set
         * @throws IllegalArgumentException when the base URL set is not an absolute http(s) URL
         */
        public Builder fromEnv() {
            apiToken(tokenFromEnv());
            String url = setting(BASE_URL_PROPERTY, BASE_URL_ENV);
            if (url != null) {
                try {
                    baseUrl(URI.create(url));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(BASE_URL_ENV + " / " + BASE_URL_PROPERTY + " must be an "
                            + "absolute http(s) URL, was " + url, e);
                }
            }
            return this;
        }

        /**
         * The Replicate API token (required). Never logged or shown.
         *
         * @param apiToken the Replicate API token; surrounding whitespace is trimmed
         * @return this builder
         */
        public Builder apiToken(String apiToken) {
            Objects.requireNonNull(apiToken, "apiToken must not be null");
            if (apiToken.isBlank()) {
                throw new IllegalArgumentException("apiToken must not be blank");
            }
            String t = apiToken.trim();
            for (int i = 0; i < t.length(); i++) {
                char c = t.charAt(i);
                if (c < 0x21 || c > 0x7e) { // the message never echoes the token
                    throw new IllegalArgumentException("apiToken has a character that cannot be sent in an HTTP "
                            + "header (a control character, space or non-ASCII) at position " + (i + 1) + " of "
                            + t.length() + "; copy the token again from replicate.com/account/api-tokens");
                }
            }
            this.apiToken = t;
            return this;
        }

        /**
         * The API base URL (default {@code https://api.replicate.com}). Plain {@code http} only to this machine
         * ({@code localhost}, {@code 127.0.0.0/8}, {@code ::1}: emulators, a local proxy), because every call carries
         * the API token; {@link #allowPlainHttp(boolean)} lifts that for a network you trust.
         *
         * @param baseUrl the API base URL, absolute http(s)
         * @return this builder
         */
        public Builder baseUrl(URI baseUrl) {
            Objects.requireNonNull(baseUrl, "baseUrl must not be null");
            String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || baseUrl.getHost() == null) {
                throw new IllegalArgumentException("baseUrl must be an absolute http(s) URL, was " + baseUrl);
            }
            this.baseUrl = baseUrl;
            return this;
        }

        /**
         * The JDK HTTP client to use (default: a new one with a 10 s connect timeout, redirects never followed). It
         * must not follow redirects.
         *
         * @param httpClient the JDK HTTP client, built with {@code followRedirects(HttpClient.Redirect.NEVER)}
         * @return this builder
         */
        public Builder httpClient(HttpClient httpClient) {
            Objects.requireNonNull(httpClient, "httpClient must not be null");
            if (httpClient.followRedirects() != HttpClient.Redirect.NEVER) {
                throw new IllegalArgumentException("httpClient follows redirects (" + httpClient.followRedirects()
                        + "): a redirect would carry the API token to another host and bypass the download "
                        + "allow-list; build it with followRedirects(HttpClient.Redirect.NEVER)");
            }
            this.httpClient = httpClient;
            return this;
        }

        /**
         * Timeout of one HTTP exchange (default 30 s); a create also gets the sync-wait window on top.
         *
         * @param requestTimeout the timeout of one HTTP exchange
         * @return this builder
         */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = positive(requestTimeout, "requestTimeout");
            return this;
        }

        /**
         * How long a create may wait on the server for the result ({@code Prefer: wait=N}), 1–60 s (default 60).
         *
         * @param syncWait how long a create may wait on the server, whole seconds from 1 to 60
         * @return this builder
         */
        public Builder syncWait(Duration syncWait) {
            positive(syncWait, "syncWait");
            if (syncWait.toSeconds() < 1 || syncWait.toSeconds() > 60 || syncWait.toNanos() % 1_000_000_000L != 0) {
                throw new IllegalArgumentException("syncWait must be whole seconds between 1 and 60, was " + syncWait);
            }
            this.syncWait = syncWait;
            return this;
        }

        /**
         * Delay between polls when a prediction outlives the sync wait (default 500 ms).
         *
         * @param pollInterval the delay between polls
         * @return this builder
         */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = positive(pollInterval, "pollInterval");
            return this;
        }

        /**
         * Deadline from create to finish (default 5 min), also sent as {@code Cancel-After}; at least 5 s on the
         * server.
         *
         * @param predictionTimeout the deadline from create to finish
         * @return this builder
         */
        public Builder predictionTimeout(Duration predictionTimeout) {
            this.predictionTimeout = positive(predictionTimeout, "predictionTimeout");
            return this;
        }

        /**
         * Retries per HTTP call after the first attempt, 0–20 (default 4).
         *
         * @param maxRetries retries per HTTP call after the first attempt, 0–20
         * @return this builder
         */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0 || maxRetries > 20) {
                throw new IllegalArgumentException("maxRetries must be between 0 and 20, was " + maxRetries);
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /**
         * Backoff between retries: first delay and cap (default 500 ms, 30 s); jittered.
         *
         * @param base the first delay
         * @param max the longest delay, at least {@code base}
         * @return this builder
         */
        public Builder retryBackoff(Duration base, Duration max) {
            positive(base, "retryBackoff base");
            positive(max, "retryBackoff max");
            if (max.compareTo(base) < 0) {
                throw new IllegalArgumentException("retryBackoff max must be at least base, was " + max + " < " + base);
            }
            this.retryBaseDelay = base;
            this.retryMaxDelay = max;
            return this;
        }

        /**
         * How long a new prediction may take to show in Replicate's prediction list (default 5 s). After a create whose
         * answer was lost, the SDK looks for the prediction it may have made; only a list read this long after the
         * attempt that still shows none counts as proof that nothing was created, and only then is the create sent
         * again (up to {@code maxRetries} times). Raise it if your account's list lags more.
         *
         * @param listLag how long a new prediction may take to show in the prediction list
         * @return this builder
         */
        public Builder listLag(Duration listLag) {
            this.listLag = positive(listLag, "listLag");
            return this;
        }

        /**
         * Pins a community model (billed by GPU time, created by version) to a version, for reproducible results and a
         * schema that does not change under you. Unpinned, a community model runs at its latest version, read once per
         * client from {@code GET /v1/models/{owner}/{name}}.
         *
         * @param model a community model, e.g. {@link Model#REAL_ESRGAN}
         * @param versionId its 64-hex version id
         * @return this builder
         * @throws IllegalArgumentException for an official model (they have no versions to pin) or a malformed id
         */
        public Builder modelVersion(Model model, String versionId) {
            Objects.requireNonNull(model, "model must not be null");
            Objects.requireNonNull(versionId, "versionId must not be null");
            if (!model.isCommunity()) {
                throw new IllegalArgumentException(model + " is an official model: it runs without a version");
            }
            if (!versionId.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("a version id is 64 lowercase hex digits, was \"" + versionId + "\"");
            }
            modelVersions.put(model, versionId);
            return this;
        }

        /**
         * Pins every community model to the version this SDK release was tested against
         * ({@link Model#testedVersion()}); {@link #modelVersion} after it overrides one.
         *
         * @return this builder
         */
        public Builder pinTestedVersions() {
            for (Model m : Model.known()) {
                if (m.isCommunity()) {
                    m.testedVersion().ifPresent(v -> modelVersions.put(m, v));
                }
            }
            return this;
        }

        /**
         * Where images are stored (default: {@link LocalFileStorage} in {@code ./flux-images}).
         *
         * @param storage where images are stored
         * @return this builder
         */
        public Builder storage(ImageStorage storage) {
            this.storage = Objects.requireNonNull(storage, "storage must not be null");
            return this;
        }

        /**
         * The price per image used for estimates and results (default $0.003).
         *
         * @param pricing the price per image used for estimates and results
         * @return this builder
         */
        public Builder pricing(Pricing pricing) {
            this.pricing = Objects.requireNonNull(pricing, "pricing must not be null");
            return this;
        }

        /**
         * A quota checked before every batch (default: none).
         *
         * @param quota the quota checked before every batch
         * @return this builder
         */
        public Builder quota(Quota quota) {
            this.quota = Objects.requireNonNull(quota, "quota must not be null");
            return this;
        }

        /**
         * The most predictions one batch may create, 1–{@value BatchRequest#MAX_PREDICTIONS} (default
         * {@value ClientOptions#DEFAULT_MAX_PREDICTIONS_PER_BATCH}): a pipeline counts each of its steps' predictions.
         * A larger batch is refused before anything is sent. Memory grows with it (each item's result is kept until
         * the batch ends): split very large jobs, or queue them.
         *
         * @param maxPredictionsPerBatch the most predictions per batch
         * @return this builder
         */
        public Builder maxPredictionsPerBatch(int maxPredictionsPerBatch) {
            this.maxPredictionsPerBatch = between(maxPredictionsPerBatch, 1, BatchRequest.MAX_PREDICTIONS,
                    "maxPredictionsPerBatch");
            return this;
        }

        /**
         * Default predictions in flight per batch, 1–1000 (default 10).
         *
         * @param maxConcurrency default predictions in flight per batch, 1–1000
         * @return this builder
         */
        public Builder maxConcurrency(int maxConcurrency) {
            this.maxConcurrency = between(maxConcurrency, 1, 1000, "maxConcurrency");
            return this;
        }

        /**
         * Create calls per minute for this client, 1–100000 (default 600, Replicate's create limit).
         *
         * @param rateLimitPerMinute create calls per minute for this client, 1–100000
         * @return this builder
         */
        public Builder rateLimitPerMinute(int rateLimitPerMinute) {
            this.rateLimitPerMinute = between(rateLimitPerMinute, 1, 100_000, "rateLimitPerMinute");
            this.rateLimitSet = true;
            return this;
        }

        /**
         * Create calls allowed at once before pacing sets in (default: one second's worth of
         * {@code rateLimitPerMinute}, e.g. 10 for 600/min, so a batch of 10 starts at once). Lower it to keep slack
         * under a server limit with the same burst: 429s are absorbed either way, but each one pauses creates.
         *
         * @param burst create calls allowed at once before pacing sets in, 1–10000
         * @return this builder
         */
        public Builder rateLimitBurst(int burst) {
            this.rateLimitBurst = between(burst, 1, 10_000, "rateLimitBurst");
            return this;
        }

        /**
         * Hosts outputs may be downloaded from (default {@code replicate.delivery}, {@code *.replicate.delivery}):
         * exact names or {@code *.suffix}. Only https, except for loopback hosts listed here (for local emulators).
         *
         * @param hosts host names outputs may be downloaded from: exact names or {@code *.suffix}
         * @return this builder
         */
        public Builder downloadHosts(List<String> hosts) {
            Objects.requireNonNull(hosts, "downloadHosts must not be null");
            hosts.forEach(h -> Objects.requireNonNull(h, "downloadHosts must not contain null"));
            if (hosts.isEmpty() || hosts.stream().anyMatch(h -> h.isBlank() || h.contains("/"))) {
                throw new IllegalArgumentException("downloadHosts must be non-empty host names, was " + hosts);
            }
            this.downloadHosts = List.copyOf(hosts);
            return this;
        }

        /**
         * The largest image accepted while streaming, in bytes (default 50 MiB).
         *
         * @param maxImageBytes the largest image accepted, in bytes
         * @return this builder
         */
        public Builder maxImageBytes(long maxImageBytes) {
            if (maxImageBytes < 1) {
                throw new IllegalArgumentException("maxImageBytes must be positive, was " + maxImageBytes);
            }
            this.maxImageBytes = maxImageBytes;
            return this;
        }

        /**
         * A cache answering repeated deterministic requests (explicit seed, {@code goFast(false)}) at zero cost, marked
         * {@link GenerationResult#cached()}; default none. Non-deterministic requests never touch it.
         *
         * @param resultCache the cache answering repeated deterministic requests
         * @return this builder
         */
        public Builder resultCache(ResultCache resultCache) {
            this.resultCache = Objects.requireNonNull(resultCache, "resultCache must not be null");
            return this;
        }

        /**
         * What the client reports its work to, for metrics and tracing — e.g.
         * {@code MicrometerObserver.builder(observationRegistry).meterRegistry(meters).build()}; default none.
         *
         * @param observer what the client reports its work to
         * @return this builder
         */
        public Builder observer(ClientObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer must not be null");
            return this;
        }

        /**
         * The limiter every create goes through (default: an {@link InMemoryCreateRateLimiter} for
         * {@code rateLimitPerMinute}/{@code rateLimitBurst}). Pass a shared one to pace several clients or instances
         * that use one Replicate account together; then {@code rateLimitPerMinute}/{@code rateLimitBurst} must not be
         * set.
         *
         * @param rateLimiter the limiter every create goes through, possibly shared
         * @return this builder
         */
        public Builder rateLimiter(CreateRateLimiter rateLimiter) {
            this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter must not be null");
            return this;
        }

        /**
         * Sends {@code model}'s creates to a deployment ({@code POST /v1/deployments/{owner}/{name}/predictions})
         * instead of the model's own endpoint: {@code "owner/name"}, as shown on the deployment's page. Requests,
         * answers, rate limiting, reconciliation and cancel work the same. The deployment must run that model.
         *
         * @param model the model the deployment runs, e.g. {@link Model#FLUX_SCHNELL}
         * @param deployment the deployment as {@code "owner/name"}
         * @return this builder
         */
        public Builder deployment(Model model, String deployment) {
            Objects.requireNonNull(model, "model must not be null");
            Objects.requireNonNull(deployment, "deployment must not be null");
            if (!deployment.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}/[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")) {
                throw new IllegalArgumentException("deployment must be \"owner/name\" (letters, digits, '-', '_', "
                        + "'.'), was \"" + deployment + "\"");
            }
            deployments.put(model, deployment);
            return this;
        }

        /**
         * Whether each model's live schema ({@code GET /v1/models/{owner}/{name}}; a pinned community model's version)
         * is compared with the one this SDK recorded before the model's first create (default true): once per client
         * and model, and a model whose schema drifted in a way that breaks the SDK's requests fails the batch before
         * anything is sent ({@link dev.fluxschnell.sdk.errors.ModelSchemaException}). A check that cannot be made
         * (the models API unreachable) is logged and calls go on. Turn it off only having read the report
         * ({@link FluxSchnellClient#models()}).
         *
         * @param checkModels whether to check
         * @return this builder
         */
        public Builder checkModels(boolean checkModels) {
            this.checkModels = checkModels;
            return this;
        }

        /**
         * Allows a plain {@code http} base URL on a host other than this machine (default false: such a client is
         * refused when it is built, before it connects anywhere). The API token then travels in clear: only inside a
         * network you trust, e.g. to a TLS-terminating proxy on the same host.
         *
         * @param allow whether to allow it
         * @return this builder
         */
        public Builder allowPlainHttp(boolean allow) {
            this.plainHttp = allow;
            return this;
        }

        /**
         * The clock for timestamps and quota windows (default UTC system clock); for tests.
         *
         * @param clock the clock for timestamps and quota windows
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock must not be null");
            return this;
        }

        /**
         * The scheduler every wait (poll interval, retry backoff, rate limit) runs on; the caller owns it. Default: one
         * daemon thread owned by the client. Tests pass one that records or shortens delays.
         *
         * @param scheduler the scheduler every wait runs on, owned by the caller
         * @return this builder
         */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler must not be null");
            return this;
        }

        /** The limiter's time source, consistent with a test scheduler that runs delays sooner (tests only). */
        Builder nanoTime(LongSupplier nanoTime) {
            this.nanoTime = Objects.requireNonNull(nanoTime);
            return this;
        }

        /**
         * Builds the client.
         *
         * @return the new client
         * @throws IllegalStateException when no API token was set
         */
        public FluxSchnellClient build() {
            return create(buildOptions());
        }

        /**
         * Builds the settings without a client (e.g. to keep, inspect or share them).
         *
         * @return the validated settings
         * @throws IllegalStateException when no API token was set, or when settings conflict
         */
        public ClientOptions buildOptions() {
            if (apiToken == null) {
                throw new IllegalStateException("apiToken is required: call apiToken(...) or use "
                        + "FluxSchnellClient.fromEnv() (" + TOKEN_PROPERTY + " / " + TOKEN_ENV + ")");
            }
            if ("http".equalsIgnoreCase(baseUrl.getScheme()) && !plainHttp
                    && !dev.fluxschnell.sdk.internal.Downloader.isLoopbackAddress(baseUrl.getHost())) {
                throw new IllegalStateException("baseUrl " + baseUrl + " is plain http: the API token would travel "
                        + "in clear to " + baseUrl.getHost() + ". Use https, or allowPlainHttp(true) inside a network "
                        + "you trust");
            }
            if (rateLimiter != null && (rateLimitSet || rateLimitBurst != null)) {
                throw new IllegalStateException("rateLimiter(...) and rateLimitPerMinute/rateLimitBurst conflict: "
                        + "configure the limits on the limiter you pass");
            }
            return new ClientOptions(this);
        }

        @Override
        public String toString() {
            return "FluxSchnellClient.Builder{baseUrl=" + baseUrl + ", apiToken=***}";
        }

        private static Duration positive(Duration d, String field) {
            Objects.requireNonNull(d, field + " must not be null");
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(field + " must be a positive duration, was " + d);
            }
            return d;
        }

        private static int between(int value, int min, int max, String field) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(field + " must be between " + min + " and " + max + ", was " + value);
            }
            return value;
        }
    }
}
