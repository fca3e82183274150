package dev.fluxschnell.sdk.observation;

import dev.fluxschnell.sdk.GenerationResult;
import dev.fluxschnell.sdk.ModelRequest;
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

    SdkMeters(MeterRegistry registry) {
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
}
