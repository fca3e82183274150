package dev.fluxschnell.sdk;

import dev.fluxschnell.sdk.pricing.Pricing;
import dev.fluxschnell.sdk.request.Model;
import dev.fluxschnell.sdk.cache.ResultCache;
import dev.fluxschnell.sdk.observation.ClientObserver;
import dev.fluxschnell.sdk.quota.Quota;
import dev.fluxschnell.sdk.ratelimit.CreateRateLimiter;
import dev.fluxschnell.sdk.ratelimit.InMemoryCreateRateLimiter;
import dev.fluxschnell.sdk.storage.ImageStorage;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;

/**
 * Every setting of a {@link FluxSchnellClient}, immutable and validated: what {@link FluxSchnellClient.Builder}
 * builds, {@link FluxSchnellClient#options()} returns, and {@link #toBuilder()} starts a variant from. Settings the
 * client provides itself when they are not given (HTTP client, scheduler, rate limiter) are {@link Optional}; the
 * others carry their defaults. The API token is never shown by {@link #toString()}.
 */
public final class ClientOptions {
    /**
     * The default of {@code maxPredictionsPerBatch}: a batch of a few hundred prompts runs as built, one of thousands
     * is a decision to raise it (or to queue it).
     */
    public static final int DEFAULT_MAX_PREDICTIONS_PER_BATCH = 1000;

    private final String apiToken;
    private final URI baseUrl;
    private final java.util.Map<Model, String> deployments;
    private final HttpClient httpClient;
    private final Duration requestTimeout;
    private final Duration syncWait;
    private final Duration pollInterval;
    private final Duration predictionTimeout;
    private final int maxRetries;
    private final Duration retryBaseDelay;
    private final Duration retryMaxDelay;
    private final Duration listLag;
    private final java.util.Map<Model, String> modelVersions;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final ImageStorage storage;
    private final Pricing pricing;
    private final Quota quota;
    private final int maxPredictionsPerBatch;
    private final int maxConcurrency;
    private final int rateLimitPerMinute;
    private final Integer rateLimitBurst;
    private final boolean rateLimitSet;
    private final CreateRateLimiter rateLimiter;
    private final List<String> downloadHosts;
    private final long maxImageBytes;
    private final boolean checkModels;
    private final boolean plainHttp;
    private final ResultCache resultCache;
    private final ClientObserver observer;
    private final LongSupplier nanoTime;

    ClientOptions(FluxSchnellClient.Builder b) {
        this.apiToken = b.apiToken;
        this.baseUrl = b.baseUrl;
        this.deployments = java.util.Map.copyOf(b.deployments);
        this.httpClient = b.httpClient;
        this.requestTimeout = b.requestTimeout;
        this.syncWait = b.syncWait;
        this.pollInterval = b.pollInterval;
        this.predictionTimeout = b.predictionTimeout;
        this.maxRetries = b.maxRetries;
        this.retryBaseDelay = b.retryBaseDelay;
        this.retryMaxDelay = b.retryMaxDelay;
        this.listLag = b.listLag;
        this.modelVersions = java.util.Map.copyOf(b.modelVersions);
        this.scheduler = b.scheduler;
        this.clock = b.clock;
        this.storage = b.storage != null ? b.storage : LocalFileStorage.of(Path.of("flux-images"));
        this.pricing = b.pricing;
        this.quota = b.quota;
        this.maxPredictionsPerBatch = b.maxPredictionsPerBatch;
        this.maxConcurrency = b.maxConcurrency;
        this.rateLimitPerMinute = b.rateLimitPerMinute;
        this.rateLimitBurst = b.rateLimitBurst;
        this.rateLimitSet = b.rateLimitSet;
        this.rateLimiter = b.rateLimiter;
        this.downloadHosts = b.downloadHosts;
        this.maxImageBytes = b.maxImageBytes;
        this.checkModels = b.checkModels;
        this.plainHttp = b.plainHttp;
        this.resultCache = b.resultCache;
        this.observer = b.observer;
        this.nanoTime = b.nanoTime;
    }

    /** {@return a new builder with the default settings (the same as {@link FluxSchnellClient#builder()})} */
    public static FluxSchnellClient.Builder builder() {
        return FluxSchnellClient.builder();
    }

    /**
     * Default settings with the token from the system property {@value FluxSchnellClient#TOKEN_PROPERTY}, else the
     * environment variable {@value FluxSchnellClient#TOKEN_ENV}.
     *
     * @return the settings, with the token from the environment
     * @throws IllegalStateException naming both when neither is set
     */
    public static ClientOptions fromEnv() {
        return builder().apiToken(FluxSchnellClient.tokenFromEnv()).buildOptions();
    }

    /**
     * {@return a builder holding these settings, to derive a variant (e.g. {@code options.toBuilder().maxRetries(8)})}
     */
    public FluxSchnellClient.Builder toBuilder() {
        FluxSchnellClient.Builder b = FluxSchnellClient.builder();
        b.apiToken = apiToken;
        b.baseUrl = baseUrl;
        b.deployments.putAll(deployments);
        b.httpClient = httpClient;
        b.requestTimeout = requestTimeout;
        b.syncWait = syncWait;
        b.pollInterval = pollInterval;
        b.predictionTimeout = predictionTimeout;
        b.maxRetries = maxRetries;
        b.retryBaseDelay = retryBaseDelay;
        b.retryMaxDelay = retryMaxDelay;
        b.listLag = listLag;
        b.modelVersions.putAll(modelVersions);
        b.scheduler = scheduler;
        b.clock = clock;
        b.storage = storage;
        b.pricing = pricing;
        b.quota = quota;
        b.maxPredictionsPerBatch = maxPredictionsPerBatch;
        b.maxConcurrency = maxConcurrency;
        b.rateLimitPerMinute = rateLimitPerMinute;
        b.rateLimitBurst = rateLimitBurst;
        b.rateLimitSet = rateLimitSet;
        b.rateLimiter = rateLimiter;
        b.downloadHosts = downloadHosts;
        b.maxImageBytes = maxImageBytes;
        b.checkModels = checkModels;
        b.plainHttp = plainHttp;
        b.resultCache = resultCache;
        b.observer = observer;
        b.nanoTime = nanoTime;
        return b;
    }

    /** {@return the Replicate API token} Never logged or shown. */
    public String apiToken() {
        return apiToken;
    }

    /** {@return the API base URL} */
    public URI baseUrl() {
        return baseUrl;
    }

    /**
     * {@return the deployments ({@code owner/name}) creates go to, by the model they run; other models use their own
     * endpoint}
     */
    public java.util.Map<Model, String> deployments() {
        return deployments;
    }

    /** {@return the HTTP client given, if one was; else the client makes its own} */
    public Optional<HttpClient> httpClient() {
        return Optional.ofNullable(httpClient);
    }

    /**
     * {@return the timeout of one HTTP exchange, body included (a create adds the sync wait); also of each download}
     */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** {@return how long a create may wait on the server for the result ({@code Prefer: wait=N})} */
    public Duration syncWait() {
        return syncWait;
    }

    /** {@return the delay between polls when a prediction outlives the sync wait} */
    public Duration pollInterval() {
        return pollInterval;
    }

    /** {@return the deadline of a whole item: limiter wait, create, polls and storing} */
    public Duration predictionTimeout() {
        return predictionTimeout;
    }

    /** {@return the retries per HTTP call after the first attempt} */
    public int maxRetries() {
        return maxRetries;
    }

    /** {@return the first backoff delay between retries} */
    public Duration retryBaseDelay() {
        return retryBaseDelay;
    }

    /** {@return the backoff cap between retries} */
    public Duration retryMaxDelay() {
        return retryMaxDelay;
    }

    /**
     * {@return how long a new prediction may take to show in the prediction list (reconciliation after a lost answer)}
     */
    public Duration listLag() {
        return listLag;
    }

    /** {@return the versions community models are pinned to (the others run at their latest version)} */
    public java.util.Map<Model, String> modelVersions() {
        return modelVersions;
    }

    /** {@return the scheduler given for every wait, if one was; else the client owns one} */
    public Optional<ScheduledExecutorService> scheduler() {
        return Optional.ofNullable(scheduler);
    }

    /** {@return the clock for timestamps and quota windows} */
    public Clock clock() {
        return clock;
    }

    /** {@return where images are stored} */
    public ImageStorage storage() {
        return storage;
    }

    /** {@return the price per image for estimates and results} */
    public Pricing pricing() {
        return pricing;
    }

    /** {@return the quota checked before work is sent, if one is configured} */
    public Optional<Quota> quota() {
        return Optional.ofNullable(quota);
    }

    /** {@return the most predictions one batch may create} */
    public int maxPredictionsPerBatch() {
        return maxPredictionsPerBatch;
    }

    /** {@return the default number of predictions in flight per batch} */
    public int maxConcurrency() {
        return maxConcurrency;
    }

    /** {@return the create calls per minute for the built-in limiter (default 600, Replicate's limit)} */
    public int rateLimitPerMinute() {
        return rateLimitPerMinute;
    }

    /** {@return the create calls allowed at once by the built-in limiter (default one second's worth)} */
    public int rateLimitBurst() {
        return rateLimitBurst != null ? rateLimitBurst : InMemoryCreateRateLimiter.defaultBurst(rateLimitPerMinute);
    }

    /** {@return the limiter given, if one was; else the client uses an {@link InMemoryCreateRateLimiter}} */
    public Optional<CreateRateLimiter> rateLimiter() {
        return Optional.ofNullable(rateLimiter);
    }

    /** {@return the host patterns outputs may be downloaded from} */
    public List<String> downloadHosts() {
        return downloadHosts;
    }

    /** {@return the largest image accepted, in bytes} */
    public long maxImageBytes() {
        return maxImageBytes;
    }

    /** {@return whether each model's live schema is checked against the recorded one before its first create} */
    public boolean checkModels() {
        return checkModels;
    }

    /** {@return whether the token may be sent over plain http to a host that is not this machine (never by default)} */
    public boolean allowsPlainHttp() {
        return plainHttp;
    }

    /** {@return the cache for deterministic requests, if one is configured} */
    public Optional<ResultCache> resultCache() {
        return Optional.ofNullable(resultCache);
    }

    /** {@return what the client reports its work to (metrics, tracing); {@link ClientObserver#NONE} by default} */
    public ClientObserver observer() {
        return observer;
    }

    /**
     * Whether the create limit is only the default guess (no limit or limiter was given): then the limiter slow-starts.
     */
    boolean rateLimitGuessed() {
        return !rateLimitSet && rateLimiter == null;
    }

    /** The limiter's time source (tests replace it to match a scheduler that runs delays sooner). */
    LongSupplier nanoTime() {
        return nanoTime;
    }

    @Override
    public String toString() {
        return "ClientOptions{baseUrl=" + baseUrl + (deployments.isEmpty() ? "" : ", deployments=" + deployments)
                + ", apiToken=*** Sensitive Data Redacted ***, requestTimeout=" + requestTimeout + ", syncWait="
                + syncWait + ", predictionTimeout=" + predictionTimeout + ", maxRetries=" + maxRetries
                + ", maxConcurrency=" + maxConcurrency + ", rateLimitPerMinute=" + rateLimitPerMinute + ", storage="
                + storage + "}";
    }
}
