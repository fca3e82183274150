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
    /**
     * Replicate API base URL (a gateway's, a proxy's or an emulator's); when unset, the REPLICATE_BASE_URL environment
     * variable, else https://api.replicate.com.
     */
    private URI baseUrl;
    /**
     * Deployments ("owner/name") to send a model's creates to instead of the model's own endpoint, by model (a short
     * name such as flux-schnell or kontext-pro, or "owner/name"), e.g.
     * flux-schnell.deployments[black-forest-labs/flux-schnell]=acme/flux-fast.
     */
    private final java.util.Map<String, String> deployments = new java.util.LinkedHashMap<>();
    /** Timeout of each HTTP exchange, body included (default 30s; a create adds the sync wait). */
    private Duration requestTimeout;
    /** How long a create waits on the server for the prediction to finish (Prefer: wait), 1-60 s (default 60s). */
    private Duration syncWait;
    /** Interval between polls of a prediction that did not finish within the sync wait (default 500ms). */
    private Duration pollInterval;
    /** Deadline of one item, from create to images stored; also sent as Cancel-After (default 5m). */
    private Duration predictionTimeout;
    /**
     * How long a new prediction may take to show in Replicate's prediction list; after a lost create answer only a
     * list read this long after it that shows nothing lets the create be sent again (default 5s).
     */
    private Duration listLag;
    /** Retries of a failed request, 0-20 (default 4); never a create that may have made a prediction. */
    private Integer maxRetries;
    /** Predictions in flight at once per batch, 1-1000 (default 10). */
    private Integer maxConcurrency;
    /** The most predictions one batch may create, 1-100000 (default 1000; a pipeline counts each step's). */
    private Integer maxPredictionsPerBatch;
    /** Hosts images may be downloaded from (default replicate.delivery and its subdomains). */
    private java.util.List<String> downloadHosts;
    /** The account's create rate limit. */
    private final RateLimit rateLimit = new RateLimit();
    /**
     * Prices (USD) by model (a short name such as kontext-pro, or "owner/name"), over the SDK's defaults, in the way
     * the model is billed: per output image (flux-schnell.prices[flux-schnell]=0.003), per second of GPU time for
     * community models (flux-schnell.prices[real-esrgan]=0.000225), or for FLUX.2 the first megapixel and each
     * further one, comma-separated (flux-schnell.prices[flux-2-pro]=0.03,0.015).
     */
    private final java.util.Map<String, String> prices = new java.util.LinkedHashMap<>();
    /**
     * Whether each model's live schema is compared with the one the SDK recorded before its first create (default
     * true): a batch on a model whose schema drifted fails before anything is sent.
     */
    private boolean checkModels = true;
    /**
     * Whether every model the SDK calls is checked against its live schema when the application starts (default
     * false): the reports are logged and shown by the health indicator, which sends nothing itself.
     */
    private boolean checkModelsOnStart;
    /**
     * Whether a plain-http base URL on another host is allowed (default false: the API token would travel in clear,
     * so such a configuration fails at startup). Loopback hosts are always allowed.
     */
    private boolean allowPlainHttp;
    /**
     * Versions community models are pinned to, by model (a short name such as real-esrgan, or "owner/name"; unpinned:
     * the latest, read once), e.g. flux-schnell.model-versions[nightmareai/real-esrgan]=350d3204...
     */
    private final java.util.Map<String, String> modelVersions = new java.util.LinkedHashMap<>();
    /** Pin every community model to the version this SDK release was tested against (default false). */
    private boolean pinTestedVersions;
    /**
     * Whether the client runs against the bundled Replicate emulator instead of Replicate (default false): nothing is
     * billed and every image is a placeholder. Needs flux-schnell-sdk-testing on the class path; sets the base URL,
     * token and download hosts; refused when an API token is configured, unless sandbox-despite-token.
     */
    private boolean sandbox;
    /**
     * Whether the sandbox may start although an API token is configured (flux-schnell.api-token or
     * REPLICATE_API_TOKEN; default false): the token is then not used.
     */
    private boolean sandboxDespiteToken;
    /** Defaults of the requests the FluxSchnellRequests bean builds. */
    private final Defaults defaults = new Defaults();
    /** Batches queued in Redis and worked by every instance (needs flux-schnell-sdk-redis and a RedisClient bean). */
    private final Queue queue = new Queue();
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
        /** Creates per minute (default 600, Replicate's; 6 for accounts with less than $5 of credit). */
        private Integer perMinute;
        /** Creates at once before pacing sets in (default one second's worth: 10 at 600 a minute). */
        private Integer burst;
        /** Share the limit with every instance through Redis when sdk-redis and a Lettuce RedisClient bean exist. */
        private boolean shared = true;

        /** {@return the creates per minute} */
        public Integer getPerMinute() {
            return perMinute;
        }

        /**
         * Sets creates per minute.
         *
         * @param perMinute creates per minute, or null for the SDK's default
         */
        public void setPerMinute(Integer perMinute) {
            this.perMinute = perMinute;
        }

        /** {@return the creates allowed at once} */
        public Integer getBurst() {
            return burst;
        }

        /**
         * Sets creates at once.
         *
         * @param burst creates allowed at once, or null for the SDK's default
         */
        public void setBurst(Integer burst) {
            this.burst = burst;
        }

        /** {@return whether the limit is shared through Redis when possible} */
        public boolean isShared() {
            return shared;
        }

        /**
         * Sets whether the limit is shared through Redis when possible.
         *
         * @param shared whether to share the limit through Redis when possible
         */
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
        /**
         * Base URL that serves the stored images to anyone (a CDN over the bucket, a web server over the directory):
         * images then get unguessable names and a public URL. Unset: no public URLs.
         */
        private URI publicBaseUrl;
        /**
         * Key the unguessable names are made with: base64 of at least 16 bytes, secret, the same on every instance (a
         * retried store may run on another). Unset: a random key per start, enough for a single instance.
         */
        private String publicUrlKey;

        /** {@return the storage kind} */
        public StorageType getType() {
            return type;
        }

        /**
         * Sets the storage kind.
         *
         * @param type the storage kind
         */
        public void setType(StorageType type) {
            this.type = type;
        }

        /** {@return the local directory} */
        public Path getDirectory() {
            return directory;
        }

        /**
         * Sets the local directory.
         *
         * @param directory the directory of local storage
         */
        public void setDirectory(Path directory) {
            this.directory = directory;
        }

        /** {@return the bucket} */
        public String getBucket() {
            return bucket;
        }

        /**
         * Sets the bucket.
         *
         * @param bucket the bucket of s3 or firebase storage
         */
        public void setBucket(String bucket) {
            this.bucket = bucket;
        }

        /** {@return the key prefix} */
        public String getPrefix() {
            return prefix;
        }

        /**
         * Sets the key prefix.
         *
         * @param prefix the key prefix inside the bucket, e.g. {@code campaigns/2026}
         */
        public void setPrefix(String prefix) {
            this.prefix = prefix;
        }

        /** {@return the base URL that serves the images to anyone, or null} */
        public URI getPublicBaseUrl() {
            return publicBaseUrl;
        }

        /**
         * Sets the base URL that serves the images to anyone.
         *
         * @param publicBaseUrl e.g. {@code https://d111111abcdef8.cloudfront.net/}, or null for no public URLs
         */
        public void setPublicBaseUrl(URI publicBaseUrl) {
            this.publicBaseUrl = publicBaseUrl;
        }

        /** {@return the naming key (base64), or null for a random one per start} */
        public String getPublicUrlKey() {
            return publicUrlKey;
        }

        /**
         * Sets the naming key.
         *
         * @param publicUrlKey base64 of at least 16 bytes, the same on every instance
         */
        public void setPublicUrlKey(String publicUrlKey) {
            this.publicUrlKey = publicUrlKey;
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

        /** {@return the images per subject per window} */
        public Long getLimit() {
            return limit;
        }

        /**
         * Sets images per subject per window.
         *
         * @param limit images per subject per window, or null for no quota
         */
        public void setLimit(Long limit) {
            this.limit = limit;
        }

        /** {@return the window} */
        public QuotaWindow getWindow() {
            return window;
        }

        /**
         * Sets the window.
         *
         * @param window the window, DAY or HOUR (UTC)
         */
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

        /** {@return whether the cache is on} */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Turns the cache on or off.
         *
         * @param enabled whether deterministic requests are answered from a cache
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** {@return the entries kept} */
        public int getMaxEntries() {
            return maxEntries;
        }

        /**
         * Sets entries kept.
         *
         * @param maxEntries the entries kept in memory
         */
        public void setMaxEntries(int maxEntries) {
            this.maxEntries = maxEntries;
        }
    }

    /** The batch queue on Redis Streams ({@code RedisBatchQueue}). */
    public static class Queue {
        /** Whether the queue bean is made (default false). */
        private boolean enabled;
        /** Whether this instance runs workers (default true; false: submit and read only, e.g. a web tier). */
        private boolean workersEnabled = true;
        /** Worker threads on this instance, 1-256 (default 4). */
        private int workers = 4;
        /** How long a worker may hold an item without heart-beating before another instance takes it over (60s). */
        private java.time.Duration lease = java.time.Duration.ofSeconds(60);
        /** Deliveries before an item is dead-lettered (default 5). */
        private int maxDeliveries = 5;
        /** Tiers and their weights, e.g. flux-schnell.queue.tiers.pro=10 (default: one tier, default=1). */
        private final java.util.Map<String, Integer> tiers = new java.util.LinkedHashMap<>();
        /** The Redis key prefix the instances share (default flux-schnell:queue). */
        private String prefix = "flux-schnell:queue";

        /** {@return whether the queue is enabled} */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Sets whether the queue is enabled.
         *
         * @param enabled true to make the queue bean
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** {@return whether this instance runs workers} */
        public boolean isWorkersEnabled() {
            return workersEnabled;
        }

        /**
         * Sets whether this instance runs workers.
         *
         * @param workersEnabled false for a submit-only instance
         */
        public void setWorkersEnabled(boolean workersEnabled) {
            this.workersEnabled = workersEnabled;
        }

        /** {@return the worker threads} */
        public int getWorkers() {
            return workers;
        }

        /**
         * Sets the worker threads.
         *
         * @param workers 1-256
         */
        public void setWorkers(int workers) {
            this.workers = workers;
        }

        /** {@return the lease} */
        public java.time.Duration getLease() {
            return lease;
        }

        /**
         * Sets the lease.
         *
         * @param lease at least 1 s
         */
        public void setLease(java.time.Duration lease) {
            this.lease = lease;
        }

        /** {@return the deliveries before dead-lettering} */
        public int getMaxDeliveries() {
            return maxDeliveries;
        }

        /**
         * Sets the deliveries before dead-lettering.
         *
         * @param maxDeliveries at least 1
         */
        public void setMaxDeliveries(int maxDeliveries) {
            this.maxDeliveries = maxDeliveries;
        }

        /** {@return the tiers and their weights} */
        public java.util.Map<String, Integer> getTiers() {
            return tiers;
        }

        /** {@return the key prefix} */
        public String getPrefix() {
            return prefix;
        }

        /**
         * Sets the key prefix.
         *
         * @param prefix the Redis key prefix
         */
        public void setPrefix(String prefix) {
            this.prefix = prefix;
        }
    }

    /** Defaults of the requests {@link FluxSchnellRequests} builds, one group per kind of request. */
    public static class Defaults {
        /** Text to image (flux-schnell, flux-dev). */
        private final Image image = new Image();
        /** Edits (Kontext, flux-dev image to image). */
        private final Edit edit = new Edit();
        /** Inpainting (Fill). */
        private final Inpaint inpaint = new Inpaint();
        /** Upscaling. */
        private final Upscale upscale = new Upscale();
        /** Background removal. */
        private final RemoveBackground removeBackground = new RemoveBackground();

        /** {@return the upscale defaults} */
        public Upscale getUpscale() {
            return upscale;
        }

        /** {@return the background-removal defaults} */
        public RemoveBackground getRemoveBackground() {
            return removeBackground;
        }

        /** Defaults of upscale requests; unset ones are not sent: the model's own defaults apply. */
        public static class Upscale {
            /** The upscale model: real-esrgan (GPU time), recraft-crisp (per image) (unset: real-esrgan). */
            private String model;
            /** The factor, 2 or 4 (real-esrgan only; unset: the model's, 4). */
            private Integer scale;

            /** {@return the upscale model} */
            public String getModel() {
                return model;
            }

            /**
             * Sets the upscale model.
             *
             * @param model real-esrgan or recraft-crisp
             */
            public void setModel(String model) {
                this.model = model;
            }

            /** {@return the factor} */
            public Integer getScale() {
                return scale;
            }

            /**
             * Sets the factor.
             *
             * @param scale 2 or 4
             */
            public void setScale(Integer scale) {
                this.scale = scale;
            }
        }

        /** Defaults of background-removal requests; unset: transparent, on the model that makes it. */
        public static class RemoveBackground {
            /** What replaces the background: transparent, white (unset: transparent). */
            private String background;
            /** The model: bria (transparent only), 851-labs (unset: bria for transparent, 851-labs for white). */
            private String model;

            /** {@return the background} */
            public String getBackground() {
                return background;
            }

            /**
             * Sets the background.
             *
             * @param background transparent or white
             */
            public void setBackground(String background) {
                this.background = background;
            }

            /** {@return the model} */
            public String getModel() {
                return model;
            }

            /**
             * Sets the model.
             *
             * @param model bria or 851-labs
             */
            public void setModel(String model) {
                this.model = model;
            }
        }

        /** {@return the text-to-image defaults} */
        public Image getImage() {
            return image;
        }

        /** {@return the edit defaults} */
        public Edit getEdit() {
            return edit;
        }

        /** {@return the inpainting defaults} */
        public Inpaint getInpaint() {
            return inpaint;
        }

        /** Defaults of text-to-image requests; unset ones are not sent: the model's own defaults apply. */
        public static class Image {
            /** The generation model: flux-schnell or flux-dev (unset: flux-schnell). */
            private String model;
            /** Style preset: none, realistic, artistic, illustration, 3d (unset: none). */
            private String style;
            /** Aspect ratio, e.g. 16:9 (unset: the model's, 1:1). */
            private String aspectRatio;
            /** Output format: webp, jpg, png (unset: the model's, webp). */
            private String outputFormat;

            /** {@return the generation model} */
            public String getModel() {
                return model;
            }

            /**
             * Sets the generation model.
             *
             * @param model flux-schnell or flux-dev
             */
            public void setModel(String model) {
                this.model = model;
            }

            /** {@return the style} */
            public String getStyle() {
                return style;
            }

            /**
             * Sets the style.
             *
             * @param style a style preset name
             */
            public void setStyle(String style) {
                this.style = style;
            }

            /** {@return the aspect ratio} */
            public String getAspectRatio() {
                return aspectRatio;
            }

            /**
             * Sets the aspect ratio.
             *
             * @param aspectRatio an aspect ratio, e.g. 16:9
             */
            public void setAspectRatio(String aspectRatio) {
                this.aspectRatio = aspectRatio;
            }

            /** {@return the output format} */
            public String getOutputFormat() {
                return outputFormat;
            }

            /**
             * Sets the output format.
             *
             * @param outputFormat webp, jpg or png
             */
            public void setOutputFormat(String outputFormat) {
                this.outputFormat = outputFormat;
            }
        }

        /** Defaults of edit requests; unset ones are not sent: the model's own defaults apply. */
        public static class Edit {
            /** The edit model: kontext-pro, kontext-dev, flux-dev (unset: kontext-pro). */
            private String model;
            /** Output format: webp, jpg, png (Kontext Pro: png or jpg; unset: the model's). */
            private String outputFormat;

            /** {@return the edit model} */
            public String getModel() {
                return model;
            }

            /**
             * Sets the edit model.
             *
             * @param model kontext-pro, kontext-dev or flux-dev
             */
            public void setModel(String model) {
                this.model = model;
            }

            /** {@return the output format} */
            public String getOutputFormat() {
                return outputFormat;
            }

            /**
             * Sets the output format.
             *
             * @param outputFormat webp, jpg or png
             */
            public void setOutputFormat(String outputFormat) {
                this.outputFormat = outputFormat;
            }
        }

        /** Defaults of inpainting requests; unset ones are not sent: the model's own defaults apply. */
        public static class Inpaint {
            /** The inpainting model: fill-pro, fill-dev (unset: fill-pro). */
            private String model;
            /** Output format: webp, jpg, png (Fill Pro: jpg or png; unset: the model's). */
            private String outputFormat;

            /** {@return the inpainting model} */
            public String getModel() {
                return model;
            }

            /**
             * Sets the inpainting model.
             *
             * @param model fill-pro or fill-dev
             */
            public void setModel(String model) {
                this.model = model;
            }

            /** {@return the output format} */
            public String getOutputFormat() {
                return outputFormat;
            }

            /**
             * Sets the output format.
             *
             * @param outputFormat webp, jpg or png
             */
            public void setOutputFormat(String outputFormat) {
                this.outputFormat = outputFormat;
            }
        }
    }

    /** The health indicator ("fluxSchnell"). */
    public static class Health {
        /** Consecutive failed generations (service or network errors) after which the API counts as unreachable. */
        private int failuresBeforeDown = 3;

        /** {@return the consecutive failures before DOWN} */
        public int getFailuresBeforeDown() {
            return failuresBeforeDown;
        }

        /**
         * Sets consecutive failures before DOWN.
         *
         * @param failuresBeforeDown consecutive failed generations after which the API counts as unreachable
         */
        public void setFailuresBeforeDown(int failuresBeforeDown) {
            this.failuresBeforeDown = failuresBeforeDown;
        }
    }

    /** {@return the API token} */
    public String getApiToken() {
        return apiToken;
    }

    /**
     * Sets the API token.
     *
     * @param apiToken the Replicate API token, or null to read it from the environment
     */
    public void setApiToken(String apiToken) {
        this.apiToken = apiToken;
    }

    /** {@return whether the client runs against the bundled emulator} */
    public boolean isSandbox() {
        return sandbox;
    }

    /**
     * Sets whether the client runs against the bundled emulator.
     *
     * @param sandbox true for the emulator (needs flux-schnell-sdk-testing)
     */
    public void setSandbox(boolean sandbox) {
        this.sandbox = sandbox;
    }

    /** {@return whether the sandbox may start although an API token is configured} */
    public boolean isSandboxDespiteToken() {
        return sandboxDespiteToken;
    }

    /**
     * Sets whether the sandbox may start although an API token is configured.
     *
     * @param sandboxDespiteToken true to run against the emulator anyway
     */
    public void setSandboxDespiteToken(boolean sandboxDespiteToken) {
        this.sandboxDespiteToken = sandboxDespiteToken;
    }

    /** {@return the prediction list's lag} */
    public Duration getListLag() {
        return listLag;
    }

    /**
     * Sets the prediction list's lag.
     *
     * @param listLag how long a new prediction may take to show in the prediction list
     */
    public void setListLag(Duration listLag) {
        this.listLag = listLag;
    }

    /** {@return the base URL} */
    public URI getBaseUrl() {
        return baseUrl;
    }

    /**
     * Sets the base URL.
     *
     * @param baseUrl the Replicate API base URL, or null for the environment's or the default
     */
    public void setBaseUrl(URI baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** {@return the deployments ("owner/name") by model (short name or "owner/name")} */
    public java.util.Map<String, String> getDeployments() {
        return deployments;
    }

    /** {@return the request timeout} */
    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    /**
     * Sets the request timeout.
     *
     * @param requestTimeout the timeout of each HTTP request
     */
    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    /** {@return the sync wait} */
    public Duration getSyncWait() {
        return syncWait;
    }

    /**
     * Sets the sync wait.
     *
     * @param syncWait how long a create waits on the server, 1-60 s
     */
    public void setSyncWait(Duration syncWait) {
        this.syncWait = syncWait;
    }

    /** {@return the poll interval} */
    public Duration getPollInterval() {
        return pollInterval;
    }

    /**
     * Sets the poll interval.
     *
     * @param pollInterval the interval between polls
     */
    public void setPollInterval(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }

    /** {@return the prediction timeout} */
    public Duration getPredictionTimeout() {
        return predictionTimeout;
    }

    /**
     * Sets the prediction timeout.
     *
     * @param predictionTimeout the deadline of one generation
     */
    public void setPredictionTimeout(Duration predictionTimeout) {
        this.predictionTimeout = predictionTimeout;
    }

    /** {@return the retries of a failed request} */
    public Integer getMaxRetries() {
        return maxRetries;
    }

    /**
     * Sets the retries.
     *
     * @param maxRetries the retries of a failed request
     */
    public void setMaxRetries(Integer maxRetries) {
        this.maxRetries = maxRetries;
    }

    /** {@return the predictions in flight at once per batch} */
    public Integer getMaxConcurrency() {
        return maxConcurrency;
    }

    /**
     * Sets the concurrency.
     *
     * @param maxConcurrency the predictions in flight at once per batch
     */
    public void setMaxConcurrency(Integer maxConcurrency) {
        this.maxConcurrency = maxConcurrency;
    }

    /** {@return the most predictions one batch may create} */
    public Integer getMaxPredictionsPerBatch() {
        return maxPredictionsPerBatch;
    }

    /**
     * Sets the most predictions one batch may create.
     *
     * @param maxPredictionsPerBatch the most predictions per batch
     */
    public void setMaxPredictionsPerBatch(Integer maxPredictionsPerBatch) {
        this.maxPredictionsPerBatch = maxPredictionsPerBatch;
    }

    /** {@return the download hosts} */
    public java.util.List<String> getDownloadHosts() {
        return downloadHosts;
    }

    /**
     * Sets the download hosts.
     *
     * @param downloadHosts the hosts images may be downloaded from
     */
    public void setDownloadHosts(java.util.List<String> downloadHosts) {
        this.downloadHosts = downloadHosts;
    }

    /** {@return the rate limit} */
    public RateLimit getRateLimit() {
        return rateLimit;
    }

    /** {@return the prices (USD) by model (short name or "owner/name")} */
    public java.util.Map<String, String> getPrices() {
        return prices;
    }

    /** {@return whether each model's live schema is checked before its first create} */
    public boolean isCheckModels() {
        return checkModels;
    }

    /**
     * Sets whether each model's live schema is checked before its first create.
     *
     * @param checkModels true to check
     */
    public void setCheckModels(boolean checkModels) {
        this.checkModels = checkModels;
    }

    /** {@return whether a plain-http base URL on another host is allowed} */
    public boolean isAllowPlainHttp() {
        return allowPlainHttp;
    }

    /**
     * Sets whether a plain-http base URL on another host is allowed.
     *
     * @param allowPlainHttp true to allow it
     */
    public void setAllowPlainHttp(boolean allowPlainHttp) {
        this.allowPlainHttp = allowPlainHttp;
    }

    /** {@return whether every model is checked against its live schema at start} */
    public boolean isCheckModelsOnStart() {
        return checkModelsOnStart;
    }

    /**
     * Sets whether every model is checked against its live schema at start.
     *
     * @param checkModelsOnStart true to check at start
     */
    public void setCheckModelsOnStart(boolean checkModelsOnStart) {
        this.checkModelsOnStart = checkModelsOnStart;
    }

    /** {@return the request defaults} */
    public Defaults getDefaults() {
        return defaults;
    }

    /** {@return the batch queue's settings} */
    public Queue getQueue() {
        return queue;
    }

    /** {@return the pinned versions by model (short name or "owner/name")} */
    public java.util.Map<String, String> getModelVersions() {
        return modelVersions;
    }

    /** {@return whether every community model is pinned to the version this SDK was tested against} */
    public boolean isPinTestedVersions() {
        return pinTestedVersions;
    }

    /**
     * Sets whether every community model is pinned to the version this SDK was tested against.
     *
     * @param pinTestedVersions true to pin them
     */
    public void setPinTestedVersions(boolean pinTestedVersions) {
        this.pinTestedVersions = pinTestedVersions;
    }

    /** {@return the storage} */
    public Storage getStorage() {
        return storage;
    }

    /** {@return the quota} */
    public Quota getQuota() {
        return quota;
    }

    /** {@return the result cache} */
    public ResultCache getResultCache() {
        return resultCache;
    }

    /** {@return the health indicator} */
    public Health getHealth() {
        return health;
    }
}
