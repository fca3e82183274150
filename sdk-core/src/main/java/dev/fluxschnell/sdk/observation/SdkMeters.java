package dev.fluxschnell.sdk.observation;

import dev.fluxschnell.sdk.result.GenerationResult;
import dev.fluxschnell.sdk.request.ModelRequest;
import dev.fluxschnell.sdk.errors.PredictionCanceledException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** The SDK's own meters (a separate class, so micrometer-core is needed only when meters are asked for). */
final class SdkMeters {
    private static final String IMAGES = MicrometerObserver.IMAGES;
    private static final String COST = MicrometerObserver.COST;
    private static final String THROTTLED = MicrometerObserver.THROTTLED;
    private static final String RATE_LIMIT_WAIT = MicrometerObserver.RATE_LIMIT_WAIT;

    private final Counter succeeded;
    private final Counter failed;
    private final Counter canceled;
    private final Counter cost;
    private final Counter throttled;
    private final Timer waited;
    private final MeterRegistry registry;
    private final java.util.Map<String, java.util.concurrent.atomic.AtomicReference<QueueSample>> queues =
            new java.util.concurrent.ConcurrentHashMap<>();

    SdkMeters(MeterRegistry registry) {
        this.registry = registry;
        this.succeeded = images(registry, "succeeded");
        this.failed = images(registry, "failed");
        this.canceled = images(registry, "canceled");
        this.cost = Counter.builder(COST).baseUnit("usd").description("what the generations cost")
                .tag("gen_ai.provider.name", "replicate").register(registry);
        this.throttled = Counter.builder(THROTTLED).description("429 answers drawn on create")
                .register(registry);
        this.waited = Timer.builder(RATE_LIMIT_WAIT).description("time creates waited for the create limiter")
                .register(registry);
    }

    private static Counter images(MeterRegistry registry, String outcome) {
        return Counter.builder(IMAGES).baseUnit("images").description("images by outcome").tag("outcome", outcome)
                .register(registry);
    }

    void succeeded(GenerationResult result) {
        succeeded.increment(result.images().size());
        cost.increment(result.cost().doubleValue());
    }

    void failed(ModelRequest request, Throwable error) {
        (error instanceof PredictionCanceledException ? canceled : failed).increment(request.numOutputs());
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
            java.util.concurrent.atomic.AtomicReference<QueueSample> ref =
                    new java.util.concurrent.atomic.AtomicReference<>(sample);
            gauge(MicrometerObserver.QUEUE + ".depth", name, ref, s -> s.depth(), "items waiting or being worked on");
            gauge(MicrometerObserver.QUEUE + ".oldest.age", name, ref, s -> s.oldestItemAge().toMillis() / 1000.0,
                    "seconds the oldest item has been queued");
            gauge(MicrometerObserver.QUEUE + ".claims", name, ref, s -> s.claims(),
                    "items this instance took over from a stopped worker");
            gauge(MicrometerObserver.QUEUE + ".dead.letters", name, ref, s -> s.deadLetters(),
                    "items dead-lettered");
            return ref;
        }).set(sample);
    }

    private void gauge(String meter, String queue, java.util.concurrent.atomic.AtomicReference<QueueSample> ref,
                       java.util.function.ToDoubleFunction<QueueSample> value, String description) {
        io.micrometer.core.instrument.Gauge.builder(meter, ref, r -> value.applyAsDouble(r.get()))
                .tag("queue", queue).description(description).register(registry);
    }
}
