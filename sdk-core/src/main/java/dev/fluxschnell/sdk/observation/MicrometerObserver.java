package dev.fluxschnell.sdk.observation;

import dev.fluxschnell.sdk.result.GenerationResult;
import dev.fluxschnell.sdk.request.Model;
import dev.fluxschnell.sdk.request.ModelRequest;
import dev.fluxschnell.sdk.batch.BatchOutcome;
import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.batch.BatchResult;
import dev.fluxschnell.sdk.ratelimit.Throttle;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * A {@link ClientObserver} on Micrometer: an {@link Observation} per prediction ({@value
 * DefaultGenerationObservationConvention#NAME}, OpenTelemetry's GenAI names; see
 * {@link DefaultGenerationObservationConvention}) and per batch ({@value #BATCH}), and — given a {@link MeterRegistry}
 * — the SDK's own meters:
 * <ul>
 *   <li>{@value #IMAGES} (counter): images by {@code outcome} (succeeded, failed, canceled) and {@code cause} (why
 *   none came: {@code none}, canceled, timeout, model_error, storage, quota, rate_limited, invalid_request, auth,
 *   server_error, network, other);</li>
 *   <li>{@value #COST} (counter, base unit usd): what was spent (a prediction whose images could not be stored
 *   too);</li>
 *   <li>{@value #THROTTLED} (counter): 429 answers drawn on create;</li>
 *   <li>{@value #RATE_LIMIT_WAIT} (timer): how long creates waited for the create limiter;</li>
 *   <li>{@value #QUEUE}{@code .*} (gauges, tag {@code queue}): a batch queue's latest {@link QueueSample}.</li>
 * </ul>
 * Images and cost are also tagged {@code gen_ai.request.model}, {@code style}, {@code aspect_ratio} (the request's,
 * {@code default} when unset, {@code other} for a value no SDK enum names) and {@code step} (the job: generate, edit,
 * inpaint, upscale, remove_background). Every tag value comes from a closed set — never a user, a prompt or an id —
 * so the number of series stays bounded. For latency percentiles add {@link #latencyHistograms()} to the registry.
 * Needs {@code io.micrometer:micrometer-observation} (and {@code micrometer-core} for the meters) on the classpath;
 * the rest of the SDK does not.
 *
 * <pre>{@code
 * FluxSchnellClient client = FluxSchnellClient.builder().apiToken(token)
 *     .observer(MicrometerObserver.builder(observationRegistry).meterRegistry(meterRegistry).build())
 *     .build();
 * }</pre>
 */
public final class MicrometerObserver implements ClientObserver {
    /** Counter of images, tagged outcome, cause, gen_ai.request.model, style, aspect_ratio and step. */
    public static final String IMAGES = "flux.schnell.images";
    /** Counter of USD spent, tagged gen_ai.request.model, style, aspect_ratio, step and gen_ai.provider.name. */
    public static final String COST = "flux.schnell.cost";
    /** Counter of 429 answers drawn on create. */
    public static final String THROTTLED = "flux.schnell.throttled";
    /** Timer of waits for the create limiter. */
    public static final String RATE_LIMIT_WAIT = "flux.schnell.rate.limit.wait";
    /** Gauges of a batch queue: {@code .depth}, {@code .oldest.age} (seconds), {@code .claims}, {@code .dead.letters}. */
    public static final String QUEUE = "flux.schnell.queue";
    /** The batch observation's name. */
    public static final String BATCH = "flux.schnell.batch";
    /** The model name observations carry when the client does not use a deployment. */
    public static final String MODEL = "black-forest-labs/flux-schnell";

    private final ObservationRegistry registry;
    private final GenerationObservationConvention convention;
    private final SdkMeters meters;
    private final String model;
    private final String serverAddress;

    private MicrometerObserver(Builder b) {
        this.registry = b.registry;
        this.convention = b.convention;
        this.meters = b.meterRegistry == null ? null : new SdkMeters(b.meterRegistry);
        this.model = b.model;
        this.serverAddress = b.serverAddress;
    }

    /**
     * Observations only (no SDK meters) on {@code registry}.
     *
     * @param registry where the observations go
     * @return an observer without SDK meters
     */
    public static MicrometerObserver of(ObservationRegistry registry) {
        return builder(registry).build();
    }

    /**
     * {@return a builder observing into {@code registry}}
     *
     * @param registry where the observations go
     */
    public static Builder builder(ObservationRegistry registry) {
        return new Builder(registry);
    }

    /**
     * {@return a filter publishing a percentile histogram for the generation timer (observation {@value
     * DefaultGenerationObservationConvention#NAME}, 1 ms to 5 min), so p50/p95 can be computed across instances}
     * Add it to the registry before the first generation: {@code registry.config().meterFilter(...)}.
     */
    public static MeterFilter latencyHistograms() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (id.getType() != Meter.Type.TIMER
                        || !id.getName().equals(DefaultGenerationObservationConvention.NAME)) {
                    return config;
                }
                return DistributionStatisticConfig.builder().percentilesHistogram(true)
                        .minimumExpectedValue((double) Duration.ofMillis(1).toNanos())
                        .maximumExpectedValue((double) Duration.ofMinutes(5).toNanos()).build().merge(config);
            }
        };
    }

    @Override
    public ClientObserver.Generation generationStarted(ModelRequest request) {
        // the deployment's name (when set) stands for flux-schnell; other models are named as themselves
        String requestModel = request.model().equals(Model.FLUX_SCHNELL) ? model : request.model().toString();
        GenerationContext context = new GenerationContext(request, requestModel, serverAddress);
        Observation observation = Observation.createNotStarted(convention, new DefaultGenerationObservationConvention(),
                () -> context, registry).start();
        return new ClientObserver.Generation() {
            @Override
            public void predictionCreated(String predictionId) {
                context.predictionId(predictionId);
            }

            @Override
            public void succeeded(GenerationResult result) {
                context.predictionId(result.predictionId());
                context.result(result);
                if (meters != null) {
                    meters.succeeded(requestModel, request, result);
                }
                observation.stop();
            }

            @Override
            public void failed(Throwable error) {
                if (meters != null) {
                    meters.failed(requestModel, request, error);
                }
                observation.error(error);
                observation.stop();
            }
        };
    }

    @Override
    public ClientObserver.Batch batchStarted(BatchRequest batch) {
        Observation observation = Observation.createNotStarted(BATCH, registry)
                .contextualName("image batch " + model)
                .lowCardinalityKeyValue("gen_ai.provider.name", DefaultGenerationObservationConvention.PROVIDER)
                .lowCardinalityKeyValue("gen_ai.request.model", model)
                .highCardinalityKeyValue("flux.schnell.batch.items", Integer.toString(batch.size()))
                .highCardinalityKeyValue("flux.schnell.batch.id", batch.id().orElse("none"))
                .start();
        return result -> {
            int failed = result.failed().size() + result.withOutcome(BatchOutcome.CANCELED).size()
                    + result.withOutcome(BatchOutcome.SKIPPED_QUOTA).size();
            observation.highCardinalityKeyValue("flux.schnell.batch.failed", Integer.toString(failed))
                    .highCardinalityKeyValue("flux.schnell.batch.cost_usd", result.totalCost().toPlainString())
                    .stop();
        };
    }

    @Override
    public void throttled(Throttle throttle) {
        if (meters != null) {
            meters.throttled();
        }
    }

    @Override
    public void rateLimitWaited(Duration wait) {
        if (meters != null) {
            meters.waited(wait);
        }
    }

    @Override
    public void queueSampled(QueueSample sample) {
        if (meters != null) {
            meters.queue(sample);
        }
    }

    @Override
    public String toString() {
        return "MicrometerObserver{model=" + model + ", meters=" + (meters != null) + "}";
    }

    /** Builds a {@link MicrometerObserver}. */
    public static final class Builder {
        private final ObservationRegistry registry;
        private GenerationObservationConvention convention;
        private MeterRegistry meterRegistry;
        private String model = MODEL;
        private String serverAddress = "api.replicate.com";

        private Builder(ObservationRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry must not be null");
        }

        /**
         * Also record the SDK's own meters (images, cost, 429s, rate-limit wait) in {@code meterRegistry}.
         *
         * @param meterRegistry where the SDK's meters are recorded
         * @return this builder
         */
        public Builder meterRegistry(MeterRegistry meterRegistry) {
            this.meterRegistry = Objects.requireNonNull(meterRegistry, "meterRegistry must not be null");
            return this;
        }

        /**
         * Names and tags of generation observations (default {@link DefaultGenerationObservationConvention}).
         *
         * @param convention names and tags of generation observations
         * @return this builder
         */
        public Builder convention(GenerationObservationConvention convention) {
            this.convention = Objects.requireNonNull(convention, "convention must not be null");
            return this;
        }

        /**
         * The {@code gen_ai.request.model} value: a deployment's {@code owner/name} when the client uses one.
         *
         * @param model the {@code gen_ai.request.model} value
         * @return this builder
         */
        public Builder model(String model) {
            this.model = Objects.requireNonNull(model, "model must not be null");
            return this;
        }

        /**
         * The {@code server.address} value: the host of the client's base URL (default api.replicate.com).
         *
         * @param baseUrl the client's base URL, whose host is the {@code server.address} value
         * @return this builder
         */
        public Builder serverAddress(URI baseUrl) {
            this.serverAddress = Objects.requireNonNull(baseUrl, "baseUrl must not be null").getHost();
            return this;
        }

        /**
         * Builds the observer.
         *
         * @return the new observer
         */
        public MicrometerObserver build() {
            return new MicrometerObserver(this);
        }
    }
}
