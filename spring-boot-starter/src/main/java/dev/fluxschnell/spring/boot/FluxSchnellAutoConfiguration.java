package dev.fluxschnell.spring.boot;

import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.pricing.Pricing;
import dev.fluxschnell.sdk.request.ModelDescription;
import dev.fluxschnell.sdk.cache.InMemoryResultCache;
import dev.fluxschnell.sdk.cache.ResultCache;
import dev.fluxschnell.sdk.observation.ClientObserver;
import dev.fluxschnell.sdk.observation.MicrometerObserver;
import dev.fluxschnell.sdk.quota.InMemoryQuota;
import dev.fluxschnell.sdk.quota.Quota;
import dev.fluxschnell.sdk.request.Model;
import dev.fluxschnell.sdk.ratelimit.CreateRateLimiter;
import dev.fluxschnell.sdk.storage.ImageStorage;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import dev.fluxschnell.sdk.storage.PublicUrls;
import dev.fluxschnell.spring.boot.FluxSchnellProperties.StorageType;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Auto-configures a {@link FluxSchnellClient} from {@code flux-schnell.*} properties: storage (local, S3, Firebase),
 * quota and create limit (in memory, or on Redis when {@code flux-schnell-sdk-redis} and a Lettuce {@code RedisClient}
 * bean are present), result cache, Micrometer observations and meters, and a health indicator; public URLs for the
 * storage ({@code flux-schnell.storage.public-base-url}) and the bundled emulator instead of Replicate
 * ({@code flux-schnell.sandbox}). Every bean backs off when the application defines its own; the client is closed
 * when the context closes.
 */
@AutoConfiguration
@ConditionalOnClass(FluxSchnellClient.class)
@EnableConfigurationProperties(FluxSchnellProperties.class)
@Import({FluxSchnellStorageConfigurations.S3.class, FluxSchnellStorageConfigurations.Firebase.class,
        FluxSchnellRedisConfiguration.class, FluxSchnellHealthConfiguration.class,
        FluxSchnellSandboxConfiguration.class})
public class FluxSchnellAutoConfiguration {
    /** The scheduler every wait of the client (and of a Redis limiter) runs on; stopped with the context. */
    @Bean(name = "fluxSchnellScheduler", destroyMethod = "shutdownNow")
    @ConditionalOnMissingBean(name = "fluxSchnellScheduler")
    ScheduledExecutorService fluxSchnellScheduler() {
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "flux-scheduler");
            t.setDaemon(true);
            return t;
        });
        s.setRemoveOnCancelPolicy(true);
        return s;
    }

    /**
     * Local storage in {@code flux-schnell.storage.directory} (the default storage), with public URLs when
     * {@code flux-schnell.storage.public-base-url} is set.
     */
    @Bean
    @ConditionalOnMissingBean(ImageStorage.class)
    @ConditionalOnProperty(prefix = "flux-schnell.storage", name = "type", havingValue = "local", matchIfMissing = true)
    LocalFileStorage fluxSchnellLocalStorage(FluxSchnellProperties properties, ObjectProvider<PublicUrls> publicUrls) {
        LocalFileStorage storage = LocalFileStorage.of(properties.getStorage().getDirectory());
        PublicUrls urls = publicUrls.getIfAvailable();
        return urls == null ? storage : storage.withPublicUrls(urls);
    }

    /**
     * Public URLs for whichever storage the starter builds, when {@code flux-schnell.storage.public-base-url} is set:
     * named with {@code flux-schnell.storage.public-url-key}, else a random key per start.
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "flux-schnell.storage", name = "public-base-url")
    PublicUrls fluxSchnellPublicUrls(FluxSchnellProperties properties) {
        return publicUrls(properties.getStorage());
    }

    /** The storage's public URLs from its properties (the key base64, at least 16 bytes). */
    static PublicUrls publicUrls(FluxSchnellProperties.Storage storage) {
        java.net.URI base = storage.getPublicBaseUrl();
        String key = storage.getPublicUrlKey();
        try {
            if (key == null || key.isBlank()) {
                return PublicUrls.of(base);
            }
            byte[] bytes;
            try {
                bytes = java.util.Base64.getDecoder().decode(key.trim());
            } catch (IllegalArgumentException notStandard) {
                bytes = java.util.Base64.getUrlDecoder().decode(key.trim());
            }
            return PublicUrls.of(base, bytes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException((key == null || key.isBlank() ? "flux-schnell.storage.public-base-url: "
                    : "flux-schnell.storage.public-url-key (base64 of at least 16 bytes): ") + e.getMessage(), e);
        }
    }

    /** An in-memory quota when {@code flux-schnell.quota.limit} is set (the Redis one wins when it applies). */
    @Bean
    @ConditionalOnMissingBean(Quota.class)
    @ConditionalOnProperty(prefix = "flux-schnell.quota", name = "limit")
    InMemoryQuota fluxSchnellQuota(FluxSchnellProperties properties) {
        FluxSchnellProperties.Quota q = properties.getQuota();
        Duration window = q.getWindow() == FluxSchnellProperties.QuotaWindow.HOUR ? Duration.ofHours(1)
                : Duration.ofDays(1);
        return new InMemoryQuota(q.getLimit(), window, Clock.systemUTC());
    }

    /** An in-memory result cache when {@code flux-schnell.result-cache.enabled=true}. */
    @Bean
    @ConditionalOnMissingBean(ResultCache.class)
    @ConditionalOnBooleanProperty("flux-schnell.result-cache.enabled")
    InMemoryResultCache fluxSchnellResultCache(FluxSchnellProperties properties) {
        return new InMemoryResultCache(properties.getResultCache().getMaxEntries());
    }

    /** What the health indicator reads: the client's own recent traffic. */
    @Bean
    @ConditionalOnMissingBean
    ClientActivity fluxSchnellClientActivity() {
        return new ClientActivity(Clock.systemUTC());
    }

    /** The models' schema check made at start ({@code flux-schnell.check-models-on-start}), for the health indicator. */
    @Bean
    @ConditionalOnMissingBean
    ModelSchemaStatus fluxSchnellModelSchemaStatus() {
        return new ModelSchemaStatus();
    }

    /** Starts the models' schema check once the context is refreshed, when flux-schnell.check-models-on-start. */
    @Bean
    org.springframework.context.ApplicationListener<org.springframework.context.event.ContextRefreshedEvent>
            fluxSchnellModelCheckOnStart(FluxSchnellProperties properties, ObjectProvider<FluxSchnellClient> client,
                                         ModelSchemaStatus status) {
        return event -> {
            if (properties.isCheckModelsOnStart()) {
                client.ifAvailable(status::checkInBackground);
            }
        };
    }

    /**
     * The client, built from the properties and the beans above, then the customizers; closed with the context. In the
     * sandbox the emulator sets base URL, token and download hosts.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    FluxSchnellClient fluxSchnellClient(FluxSchnellProperties properties, Environment environment,
                                        ObjectProvider<ImageStorage> storage, ObjectProvider<Quota> quota,
                                        ObjectProvider<CreateRateLimiter> rateLimiter,
                                        ObjectProvider<ResultCache> resultCache,
                                        ObjectProvider<ClientObserver> observers,
                                        ObjectProvider<FluxSchnellClientCustomizer> customizers,
                                        ObjectProvider<FluxSchnellSandbox> sandbox,
                                        ScheduledExecutorService fluxSchnellScheduler) {
        FluxSchnellClient.Builder b = properties.isSandbox() ? sandbox.getObject().clientBuilder()
                : FluxSchnellClient.builder().apiToken(token(properties, environment))
                        .baseUrl(baseUrl(properties, environment));
        b.scheduler(fluxSchnellScheduler);
        FluxSchnellProperties.Storage st = properties.getStorage();
        if (st.getPublicUrlKey() != null && st.getPublicBaseUrl() == null) {
            throw new IllegalStateException("flux-schnell.storage.public-url-key is set without "
                    + "flux-schnell.storage.public-base-url: set the base URL that serves the images, or remove the key");
        }
        PropertyMapper map = PropertyMapper.get();
        properties.getDeployments().forEach((model, deployment) ->
                forModel("deployments", model, m -> b.deployment(m, deployment)));
        map.from(properties::getRequestTimeout).to(b::requestTimeout);
        map.from(properties::getSyncWait).to(b::syncWait);
        map.from(properties::getPollInterval).to(b::pollInterval);
        map.from(properties::getPredictionTimeout).to(b::predictionTimeout);
        map.from(properties::getListLag).to(b::listLag);
        map.from(properties::getMaxRetries).to(b::maxRetries);
        map.from(properties::getMaxConcurrency).to(b::maxConcurrency);
        map.from(properties::getMaxPredictionsPerBatch).to(b::maxPredictionsPerBatch);
        if (!properties.isSandbox()) {
            map.from(properties::getDownloadHosts).to(b::downloadHosts);
        }
        b.pricing(pricing(properties));
        b.checkModels(properties.isCheckModels()).allowPlainHttp(properties.isAllowPlainHttp());
        if (properties.isPinTestedVersions()) {
            b.pinTestedVersions();
        }
        properties.getModelVersions().forEach((model, version) ->
                forModel("model-versions", model, m -> b.modelVersion(m, version)));
        CreateRateLimiter limiter = rateLimiter.getIfAvailable();
        if (limiter != null) {
            b.rateLimiter(limiter);
        } else {
            FluxSchnellProperties.RateLimit rl = properties.getRateLimit();
            map.from(rl::getPerMinute).to(b::rateLimitPerMinute);
            map.from(rl::getBurst).to(b::rateLimitBurst);
        }
        b.storage(storage.getIfAvailable(() -> {
            StorageType type = properties.getStorage().getType();
            throw new IllegalStateException("flux-schnell.storage.type=" + type.name().toLowerCase() + " needs "
                    + (type == StorageType.S3 ? "flux-schnell-sdk-storage-s3 and an S3Client bean"
                    : "flux-schnell-sdk-storage-firebase and a com.google.cloud.storage.Storage bean")
                    + ", and flux-schnell.storage.bucket");
        }));
        quota.ifAvailable(b::quota);
        resultCache.ifAvailable(b::resultCache);
        b.observer(ClientObserver.composite(observers.orderedStream().toList()));
        customizers.orderedStream().forEach(c -> c.customize(b));
        return b.build();
    }

    /** Request builders with the application's flux-schnell.defaults.*, checked at start-up. */
    @Bean
    @ConditionalOnMissingBean
    FluxSchnellRequests fluxSchnellRequests(FluxSchnellProperties properties) {
        return new FluxSchnellRequests(properties.getDefaults());
    }

    /**
     * Applies one entry of a map property keyed by model: the key is a short name ({@code flux-schnell},
     * {@code kontext-pro}, ...) or {@code owner/name}, as {@link Model#parse} reads it.
     *
     * @throws IllegalArgumentException naming the property and the key, for a key that names no model or a value the
     *     client refuses
     */
    static void forModel(String property, String key, java.util.function.Consumer<Model> use) {
        try {
            use.accept(Model.parse(key));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("flux-schnell." + property + "[" + key + "]: " + e.getMessage(), e);
        }
    }

    /**
     * The SDK's prices with flux-schnell.prices[model] over them, in the way each model is billed: per image, per GPU
     * second, or (FLUX.2) "first,extra" per megapixel.
     */
    static Pricing pricing(FluxSchnellProperties properties) {
        Pricing p = Pricing.DEFAULT;
        for (java.util.Map.Entry<String, String> e : properties.getPrices().entrySet()) {
            try {
                Model model = Model.parse(e.getKey());
                String[] usd = e.getValue().split(",", -1);
                ModelDescription.Billing billing = ModelDescription.of(model).map(ModelDescription::billing)
                        .orElse(ModelDescription.Billing.PER_IMAGE);
                if ((billing == ModelDescription.Billing.PER_MEGAPIXEL) != (usd.length == 2) || usd.length > 2) {
                    throw new IllegalArgumentException(billing == ModelDescription.Billing.PER_MEGAPIXEL
                            ? "a per-megapixel model takes 'first,extra': the output's first megapixel, then each "
                            + "further megapixel of output and reference images, was '" + e.getValue() + "'"
                            : "one price, was '" + e.getValue() + "'");
                }
                p = switch (billing) {
                    case PER_IMAGE -> p.withPerImage(model, usd[0]);
                    case PER_SECOND -> p.withPerSecond(model, usd[0]);
                    case PER_MEGAPIXEL -> p.withPerMegapixel(model, usd[0], usd[1]);
                };
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("flux-schnell.prices[" + e.getKey() + "]: " + ex.getMessage(), ex);
            }
        }
        return p;
    }

    private static String token(FluxSchnellProperties properties, Environment environment) {
        String token = firstSet(properties.getApiToken(),
                environment.getProperty(FluxSchnellClient.TOKEN_PROPERTY),
                environment.getProperty(FluxSchnellClient.TOKEN_ENV));
        if (token == null) {
            throw new IllegalStateException("No Replicate API token: set flux-schnell.api-token or the "
                    + FluxSchnellClient.TOKEN_ENV + " environment variable (or define your own FluxSchnellClient bean)");
        }
        return token;
    }

    /** flux-schnell.base-url, else REPLICATE_BASE_URL (system property replicate.baseUrl), else Replicate's. */
    private static java.net.URI baseUrl(FluxSchnellProperties properties, Environment environment) {
        if (properties.getBaseUrl() != null) {
            return properties.getBaseUrl();
        }
        String url = firstSet(environment.getProperty(FluxSchnellClient.BASE_URL_PROPERTY),
                environment.getProperty(FluxSchnellClient.BASE_URL_ENV));
        return java.net.URI.create(url != null ? url : "https://api.replicate.com");
    }

    private static String firstSet(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

    /** Observations and the SDK's meters, when Micrometer's meter registry is on the classpath. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    @ConditionalOnBooleanProperty(name = "flux-schnell.observations.enabled", matchIfMissing = true)
    static class MetricsAndObservations {
        @Bean
        @ConditionalOnMissingBean(MicrometerObserver.class)
        MicrometerObserver fluxSchnellMicrometerObserver(ObjectProvider<ObservationRegistry> observations,
                                                         ObjectProvider<MeterRegistry> meters,
                                                         FluxSchnellProperties properties, Environment environment,
                                                         ObjectProvider<FluxSchnellSandbox> sandbox) {
            MicrometerObserver.Builder b = observer(observations, properties, environment, sandbox);
            meters.ifAvailable(b::meterRegistry);
            return b.build();
        }
    }

    /** Observations only, when micrometer-core (meters) is absent. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("io.micrometer.core.instrument.MeterRegistry")
    @ConditionalOnBooleanProperty(name = "flux-schnell.observations.enabled", matchIfMissing = true)
    static class ObservationsOnly {
        @Bean
        @ConditionalOnMissingBean(MicrometerObserver.class)
        MicrometerObserver fluxSchnellMicrometerObserver(ObjectProvider<ObservationRegistry> observations,
                                                         FluxSchnellProperties properties, Environment environment,
                                                         ObjectProvider<FluxSchnellSandbox> sandbox) {
            return observer(observations, properties, environment, sandbox).build();
        }
    }

    static MicrometerObserver.Builder observer(ObjectProvider<ObservationRegistry> observations,
                                               FluxSchnellProperties properties, Environment environment,
                                               ObjectProvider<FluxSchnellSandbox> sandbox) {
        MicrometerObserver.Builder b = MicrometerObserver.builder(observations.getIfAvailable(() ->
                ObservationRegistry.NOOP)).serverAddress(properties.isSandbox() ? sandbox.getObject().baseUrl()
                : baseUrl(properties, environment));
        properties.getDeployments().forEach((model, deployment) -> forModel("deployments", model, m -> {
            if (m.equals(Model.FLUX_SCHNELL)) {
                b.model(deployment); // observations name flux-schnell's deployment; the other models their own name
            }
        }));
        return b;
    }
}
