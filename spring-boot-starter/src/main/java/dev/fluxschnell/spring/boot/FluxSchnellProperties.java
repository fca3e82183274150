package dev.fluxschnell.spring.boot;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings of the auto-configured {@code FluxSchnellClient}, under {@code flux-schnell.*}. */
@ConfigurationProperties(prefix = "flux-schnell")
public class FluxSchnellProperties {
    /**
     * Replicate API token; when unset, the replicate.apiToken system property or the REPLICATE_API_TOKEN environment
     * variable is used.
     */
    private String apiToken;
    /** Deprecated spelling of api-token. */
    private String token;
    /**
     * Replicate API base URL (a gateway's, a proxy's or an emulator's); when unset, the REPLICATE_BASE_URL environment
     * variable, else https://api.replicate.com.
     */
    private URI baseUrl;
    /** A deployment ("owner/name") to send creates to instead of the public model. */
    private String deployment;
    /** Timeout of each HTTP request. */
    private Duration requestTimeout;
    /** How long a create waits on the server for the prediction to finish (Prefer: wait), 1-60 s. */
    private Duration syncWait;
    /** Interval between polls of a prediction that did not finish within the sync wait. */
    private Duration pollInterval;
    /** Deadline of one generation, from create to images stored; also sent as Cancel-After. */
    private Duration predictionTimeout;
    /**
     * How long a new prediction may take to show in Replicate's prediction list; after a lost create answer only a
     * list read this long after it that shows nothing lets the create be sent again (default 5s).
     */
    private Duration listLag;
    /** Retries of a failed request (never a create that may have made a prediction). */
    private Integer maxRetries;
    /** Predictions in flight at once per batch. */
    private Integer maxConcurrency;
    /** The largest batch accepted. */
    private Integer maxBatchSize;
    /** Hosts images may be downloaded from (default replicate.delivery and its subdomains). */
    private java.util.List<String> downloadHosts;
    /** The account's create rate limit. */
    private final RateLimit rateLimit = new RateLimit();
    /** What an image costs (USD), for estimates and results. */
    private BigDecimal pricePerImage;
    /** Where images are stored. */
    private final Storage storage = new Storage();
    /** Per-subject image quota. */
    private final Quota quota = new Quota();
    /** Cache of deterministic requests (explicit seed, go_fast off). */
    private final ResultCache resultCache = new ResultCache();
    /** Health indicator. */
    private final Health health = new Health();

    /** The create rate limit of the Replicate account. */
    public static class RateLimit {
        /** Creates per minute (Replicate: 600; 6 for accounts with less than $5 of credit). */
        private Integer perMinute;
        /** Creates at once. */
        private Integer burst;
        /** Share the limit with every instance through Redis when sdk-redis and a Lettuce RedisClient bean exist. */
        private boolean shared = true;

        /** Creates per minute. */
        public Integer getPerMinute() {
            return perMinute;
        }

        /** Sets creates per minute. */
        public void setPerMinute(Integer perMinute) {
            this.perMinute = perMinute;
        }

        /** Creates at once. */
        public Integer getBurst() {
            return burst;
        }

        /** Sets creates at once. */
        public void setBurst(Integer burst) {
            this.burst = burst;
        }

        /** Whether the limit is shared through Redis when possible. */
        public boolean isShared() {
            return shared;
        }

        /** Sets whether the limit is shared through Redis when possible. */
        public void setShared(boolean shared) {
            this.shared = shared;
        }
    }

    /** Where the generated images go. */
    public static class Storage {
        /** Storage kind: local (a directory), s3 (the app's S3Client bean) or firebase (the app's Storage bean). */
        private StorageType type = StorageType.LOCAL;
        /** Directory of local storage. */
        private Path directory = Path.of("flux-images");
        /** Bucket of s3 or firebase storage. */
        private String bucket;
        /** Key prefix inside the bucket (e.g. campaigns/2026). */
        private String prefix = "";

        /** The storage kind. */
        public StorageType getType() {
            return type;
        }

        /** Sets the storage kind. */
        public void setType(StorageType type) {
            this.type = type;
        }

        /** The local directory. */
        public Path getDirectory() {
            return directory;
        }

        /** Sets the local directory. */
        public void setDirectory(Path directory) {
            this.directory = directory;
        }

        /** The bucket. */
        public String getBucket() {
            return bucket;
        }

        /** Sets the bucket. */
        public void setBucket(String bucket) {
            this.bucket = bucket;
        }

        /** The key prefix. */
        public String getPrefix() {
            return prefix;
        }

        /** Sets the key prefix. */
        public void setPrefix(String prefix) {
            this.prefix = prefix;
        }
    }

    /** Storage kinds. */
    public enum StorageType {
        /** A local directory. */
        LOCAL,
        /** An S3 bucket through the application's {@code S3Client} bean (flux-schnell-sdk-storage-s3). */
        S3,
        /** A Firebase/GCS bucket through the application's {@code Storage} bean (flux-schnell-sdk-storage-firebase). */
        FIREBASE
    }

    /** Images each subject (user, tenant) may generate per window. */
    public static class Quota {
        /** Images per subject per window; no quota when unset. */
        private Long limit;
        /** The window: DAY or HOUR (UTC). */
        private QuotaWindow window = QuotaWindow.DAY;

        /** Images per subject per window. */
        public Long getLimit() {
            return limit;
        }

        /** Sets images per subject per window. */
        public void setLimit(Long limit) {
            this.limit = limit;
        }

        /** The window. */
        public QuotaWindow getWindow() {
            return window;
        }

        /** Sets the window. */
        public void setWindow(QuotaWindow window) {
            this.window = window;
        }
    }

    /** Quota windows (UTC). */
    public enum QuotaWindow {
        /** A UTC day. */
        DAY,
        /** A UTC hour. */
        HOUR
    }

    /** The result cache. */
    public static class ResultCache {
        /** Whether deterministic requests are answered from a cache. */
        private boolean enabled;
        /** Entries kept in memory. */
        private int maxEntries = 1000;

        /** Whether the cache is on. */
        public boolean isEnabled() {
            return enabled;
        }

        /** Turns the cache on or off. */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** Entries kept. */
        public int getMaxEntries() {
            return maxEntries;
        }

        /** Sets entries kept. */
        public void setMaxEntries(int maxEntries) {
            this.maxEntries = maxEntries;
        }
    }

    /** The health indicator ("fluxSchnell"). */
    public static class Health {
        /** Consecutive failed generations (service or network errors) after which the API counts as unreachable. */
        private int failuresBeforeDown = 3;

        /** Consecutive failures before DOWN. */
        public int getFailuresBeforeDown() {
            return failuresBeforeDown;
        }

        /** Sets consecutive failures before DOWN. */
        public void setFailuresBeforeDown(int failuresBeforeDown) {
            this.failuresBeforeDown = failuresBeforeDown;
        }
    }

    /** The API token. */
    public String getApiToken() {
        return apiToken;
    }

    /** Sets the API token. */
    public void setApiToken(String apiToken) {
        this.apiToken = apiToken;
    }

    /**
     * The API token, old spelling.
     *
     * @deprecated use {@code flux-schnell.api-token}, the name the SDK uses everywhere
     */
    @Deprecated(since = "0.2.0", forRemoval = true)
    @org.springframework.boot.context.properties.DeprecatedConfigurationProperty(replacement = "flux-schnell.api-token",
            since = "0.2.0")
    public String getToken() {
        return token;
    }

    /**
     * Sets the API token, old spelling.
     *
     * @deprecated use {@code flux-schnell.api-token}
     */
    @Deprecated(since = "0.2.0", forRemoval = true)
    public void setToken(String token) {
        this.token = token;
    }

    /** The prediction list's lag. */
    public Duration getListLag() {
        return listLag;
    }

    /** Sets the prediction list's lag. */
    public void setListLag(Duration listLag) {
        this.listLag = listLag;
    }

    /** The base URL. */
    public URI getBaseUrl() {
        return baseUrl;
    }

    /** Sets the base URL. */
    public void setBaseUrl(URI baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** The deployment. */
    public String getDeployment() {
        return deployment;
    }

    /** Sets the deployment. */
    public void setDeployment(String deployment) {
        this.deployment = deployment;
    }

    /** The request timeout. */
    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    /** Sets the request timeout. */
    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    /** The sync wait. */
    public Duration getSyncWait() {
        return syncWait;
    }

    /** Sets the sync wait. */
    public void setSyncWait(Duration syncWait) {
        this.syncWait = syncWait;
    }

    /** The poll interval. */
    public Duration getPollInterval() {
        return pollInterval;
    }

    /** Sets the poll interval. */
    public void setPollInterval(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }

    /** The prediction timeout. */
    public Duration getPredictionTimeout() {
        return predictionTimeout;
    }

    /** Sets the prediction timeout. */
    public void setPredictionTimeout(Duration predictionTimeout) {
        this.predictionTimeout = predictionTimeout;
    }

    /** The retries. */
    public Integer getMaxRetries() {
        return maxRetries;
    }

    /** Sets the retries. */
    public void setMaxRetries(Integer maxRetries) {
        this.maxRetries = maxRetries;
    }

    /** The concurrency. */
    public Integer getMaxConcurrency() {
        return maxConcurrency;
    }

    /** Sets the concurrency. */
    public void setMaxConcurrency(Integer maxConcurrency) {
        this.maxConcurrency = maxConcurrency;
    }

    /** The largest batch. */
    public Integer getMaxBatchSize() {
        return maxBatchSize;
    }

    /** Sets the largest batch. */
    public void setMaxBatchSize(Integer maxBatchSize) {
        this.maxBatchSize = maxBatchSize;
    }

    /** The download hosts. */
    public java.util.List<String> getDownloadHosts() {
        return downloadHosts;
    }

    /** Sets the download hosts. */
    public void setDownloadHosts(java.util.List<String> downloadHosts) {
        this.downloadHosts = downloadHosts;
    }

    /** The rate limit. */
    public RateLimit getRateLimit() {
        return rateLimit;
    }

    /** The price per image. */
    public BigDecimal getPricePerImage() {
        return pricePerImage;
    }

    /** Sets the price per image. */
    public void setPricePerImage(BigDecimal pricePerImage) {
        this.pricePerImage = pricePerImage;
    }

    /** The storage. */
    public Storage getStorage() {
        return storage;
    }

    /** The quota. */
    public Quota getQuota() {
        return quota;
    }

    /** The result cache. */
    public ResultCache getResultCache() {
        return resultCache;
    }

    /** The health indicator. */
    public Health getHealth() {
        return health;
    }
}
