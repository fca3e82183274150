package dev.fluxschnell.sdk.internal;

import dev.fluxschnell.sdk.result.GenerationResult;
import dev.fluxschnell.sdk.request.ModelRequest;
import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.batch.BatchResult;
import dev.fluxschnell.sdk.observation.ClientObserver;
import dev.fluxschnell.sdk.ratelimit.Throttle;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The user's {@link ClientObserver} with whatever it throws logged and ignored: metrics never fail work. Not API. */
final class SafeObserver implements ClientObserver {
    private static final Logger log = LoggerFactory.getLogger(SafeObserver.class);
    private final ClientObserver delegate;

    private SafeObserver(ClientObserver delegate) {
        this.delegate = delegate;
    }

    static ClientObserver of(ClientObserver observer) {
        return observer == ClientObserver.NONE || observer instanceof SafeObserver ? observer : new SafeObserver(observer);
    }

    private static void guard(Runnable call) {
        try {
            call.run();
        } catch (Throwable t) { // an observer's bug, even an Error, must not fail or hang a generation
            log.warn("the client observer threw; ignored: {}", t.toString());
        }
    }

    @Override
    public Generation generationStarted(ModelRequest request) {
        Generation[] g = {Generation.NONE};
        guard(() -> g[0] = delegate.generationStarted(request));
        Generation started = g[0];
        return new Generation() {
            @Override
            public void predictionCreated(String predictionId) {
                guard(() -> started.predictionCreated(predictionId));
            }

            @Override
            public void succeeded(GenerationResult result) {
                guard(() -> started.succeeded(result));
            }

            @Override
            public void failed(Throwable error) {
                guard(() -> started.failed(error));
            }
        };
    }

    @Override
    public Batch batchStarted(BatchRequest batch) {
        Batch[] b = {Batch.NONE};
        guard(() -> b[0] = delegate.batchStarted(batch));
        Batch started = b[0];
        return result -> guard(() -> started.finished(result));
    }

    @Override
    public void throttled(Throttle throttle) {
        guard(() -> delegate.throttled(throttle));
    }

    @Override
    public void rateLimitWaited(Duration wait) {
        guard(() -> delegate.rateLimitWaited(wait));
    }

    @Override
    public void queueSampled(dev.fluxschnell.sdk.observation.QueueSample sample) {
        guard(() -> delegate.queueSampled(sample));
    }
}
