package dev.fluxschnell.sdk.observation;

import dev.fluxschnell.sdk.errors.AuthenticationException;
import dev.fluxschnell.sdk.errors.FluxSchnellIOException;
import dev.fluxschnell.sdk.errors.InvalidRequestException;
import dev.fluxschnell.sdk.errors.ModelSchemaException;
import dev.fluxschnell.sdk.errors.NotFoundException;
import dev.fluxschnell.sdk.errors.PermissionDeniedException;
import dev.fluxschnell.sdk.errors.PredictionCanceledException;
import dev.fluxschnell.sdk.errors.PredictionException;
import dev.fluxschnell.sdk.errors.PredictionTimeoutException;
import dev.fluxschnell.sdk.errors.QuotaExceededException;
import dev.fluxschnell.sdk.errors.RateLimitException;
import dev.fluxschnell.sdk.errors.ServerException;
import dev.fluxschnell.sdk.errors.StepFailedException;
import dev.fluxschnell.sdk.errors.StorageException;
import dev.fluxschnell.sdk.request.AspectRatio;
import dev.fluxschnell.sdk.request.EditRequest;
import dev.fluxschnell.sdk.request.InpaintRequest;
import dev.fluxschnell.sdk.request.ModelDescription.Job;
import dev.fluxschnell.sdk.request.ModelRequest;
import dev.fluxschnell.sdk.request.RemoveBackgroundRequest;
import dev.fluxschnell.sdk.request.Style;
import dev.fluxschnell.sdk.request.UpscaleRequest;
import dev.fluxschnell.sdk.result.GenerationResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The SDK's own meters (a separate class, so micrometer-core is needed only when meters are asked for). Every tag value
 * comes from a closed set — the SDK's models and enums, {@code default}, {@code other} — never from a user, a prompt or
 * an id, so the number of series stays bounded.
 */
final class SdkMeters {
    private static final Set<String> STYLES = Arrays.stream(Style.values()).map(Style::value)
            .collect(Collectors.toUnmodifiableSet());
    private static final Set<String> RATIOS = Stream.concat(Arrays.stream(AspectRatio.values())
            .map(AspectRatio::value), Stream.of("custom")).collect(Collectors.toUnmodifiableSet());

    private final Counter throttled;
    private final Timer waited;
    private final MeterRegistry registry;
    private final Map<String, AtomicReference<QueueSample>> queues = new ConcurrentHashMap<>();

    SdkMeters(MeterRegistry registry) {
        this.registry = registry;
        this.throttled = Counter.builder(MicrometerObserver.THROTTLED).description("429 answers drawn on create")
                .register(registry);
        this.waited = Timer.builder(MicrometerObserver.RATE_LIMIT_WAIT)
                .description("time creates waited for the create limiter").register(registry);
    }

    void succeeded(String model, ModelRequest request, GenerationResult result) {
        Tags tags = tags(model, request);
        images(tags, "succeeded", "none").increment(result.images().size());
        cost(tags).increment(result.cost().doubleValue());
    }

    void failed(String model, ModelRequest request, Throwable error) {
        Tags tags = tags(model, request);
        String cause = cause(error);
        images(tags, cause.equals("canceled") ? "canceled" : "failed", cause).increment(request.numOutputs());
        if (error instanceof StorageException s) { // the prediction succeeded and was paid; its images were not stored
            cost(tags).increment(s.cost().doubleValue());
        }
    }

    private Counter images(Tags tags, String outcome, String cause) {
        return Counter.builder(MicrometerObserver.IMAGES).baseUnit("images").description("images by outcome")
                .tags(tags).tag("outcome", outcome).tag("cause", cause).register(registry);
    }

    private Counter cost(Tags tags) {
        return Counter.builder(MicrometerObserver.COST).baseUnit("usd").description("what the generations cost")
                .tags(tags).tag("gen_ai.provider.name", DefaultGenerationObservationConvention.PROVIDER)
                .register(registry);
    }

    /** Model, style, aspect ratio and step: the tags images and cost share. */
    static Tags tags(String model, ModelRequest request) {
        return Tags.of("gen_ai.request.model", model,
                "style", bounded(request.settings().get("style"), STYLES),
                "aspect_ratio", bounded(request.inputs().get("aspect_ratio"), RATIOS),
                "step", step(request));
    }

    private static String bounded(Object value, Set<String> known) {
        if (value == null) {
            return "default";
        }
        String v = value.toString();
        return known.contains(v) ? v : "other";
    }

    /** The job a prediction does (a pipeline's steps are jobs; a lone request is a one-step pipeline). */
    static String step(ModelRequest request) {
        Job job = request instanceof UpscaleRequest ? Job.UPSCALE
                : request instanceof RemoveBackgroundRequest ? Job.REMOVE_BACKGROUND
                : request instanceof InpaintRequest ? Job.INPAINT
                : request instanceof EditRequest ? Job.EDIT : Job.GENERATE;
        return job.name().toLowerCase(Locale.ROOT);
    }

    /** Why a generation ended without images, as one of a few categories. */
    static String cause(Throwable error) {
        Throwable e = error instanceof StepFailedException && error.getCause() != null ? error.getCause() : error;
        if (e instanceof PredictionCanceledException) {
            return "canceled";
        } else if (e instanceof PredictionTimeoutException) {
            return "timeout";
        } else if (e instanceof PredictionException) {
            return "model_error";
        } else if (e instanceof StorageException) {
            return "storage";
        } else if (e instanceof QuotaExceededException) {
            return "quota";
        } else if (e instanceof RateLimitException) {
            return "rate_limited";
        } else if (e instanceof InvalidRequestException || e instanceof ModelSchemaException
                || e instanceof NotFoundException || e instanceof IllegalArgumentException) {
            return "invalid_request";
        } else if (e instanceof AuthenticationException || e instanceof PermissionDeniedException) {
            return "auth";
        } else if (e instanceof ServerException) {
            return "server_error";
        } else if (e instanceof FluxSchnellIOException) {
            return "network";
        }
        return "other";
    }

    void throttled() {
        throttled.increment();
    }

    void waited(Duration wait) {
        waited.record(wait);
    }

    /** Keeps the queue's latest sample behind four gauges, registered on its first sample. */
    void queue(QueueSample sample) {
        queues.computeIfAbsent(sample.queue(), name -> {
            AtomicReference<QueueSample> ref = new AtomicReference<>(sample);
            gauge(".depth", name, ref, QueueSample::depth, "items waiting or being worked on");
            gauge(".oldest.age", name, ref, s -> s.oldestItemAge().toMillis() / 1000.0,
                    "seconds the oldest item has been queued");
            gauge(".claims", name, ref, QueueSample::claims, "items this instance took over from a stopped worker");
            gauge(".dead.letters", name, ref, QueueSample::deadLetters, "items dead-lettered");
            return ref;
        }).set(sample);
    }

    private void gauge(String suffix, String queue, AtomicReference<QueueSample> ref,
                       ToDoubleFunction<QueueSample> value, String description) {
        Gauge.builder(MicrometerObserver.QUEUE + suffix, ref, r -> value.applyAsDouble(r.get()))
                .tag("queue", queue).description(description).register(registry);
    }
}
