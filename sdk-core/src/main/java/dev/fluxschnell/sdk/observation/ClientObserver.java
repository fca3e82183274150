package dev.fluxschnell.sdk.observation;

import dev.fluxschnell.sdk.result.GenerationResult;
import dev.fluxschnell.sdk.request.ModelRequest;
import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.batch.BatchResult;
import dev.fluxschnell.sdk.ratelimit.Throttle;
import java.time.Duration;
import java.util.List;

/**
 * What a client tells about its work, for metrics and tracing (SPI): each generation and batch from start to end,
 * every 429 drawn, every wait for the create limiter. {@link MicrometerObserver} turns these into Micrometer
 * observations and meters; plug one in with {@code FluxSchnellClient.builder().observer(...)}.
 *
 * <p>Methods are called on the SDK's threads and must return quickly and not throw (what they throw is logged and
 * ignored). Every started generation or batch is ended exactly once.
 */
public interface ClientObserver {
    /** Observes nothing (the default). */
    ClientObserver NONE = new ClientObserver() {};

    /**
     * {@return an observer telling each of {@code observers}, in order (e.g. metrics and a health indicator)}
     *
     * @param observers the observers to tell, in order
     */
    static ClientObserver composite(List<ClientObserver> observers) {
        List<ClientObserver> all = List.copyOf(observers);
        if (all.size() == 1) {
            return all.get(0);
        }
        return new ClientObserver() {
            @Override
            public Generation generationStarted(ModelRequest request) {
                List<Generation> gs = all.stream().map(o -> o.generationStarted(request)).toList();
                return new Generation() {
                    @Override
                    public void predictionCreated(String predictionId) {
                        gs.forEach(g -> g.predictionCreated(predictionId));
                    }

                    @Override
                    public void succeeded(GenerationResult result) {
                        gs.forEach(g -> g.succeeded(result));
                    }

                    @Override
                    public void failed(Throwable error) {
                        gs.forEach(g -> g.failed(error));
                    }
                };
            }

            @Override
            public Batch batchStarted(BatchRequest batch) {
                List<Batch> bs = all.stream().map(o -> o.batchStarted(batch)).toList();
                return result -> bs.forEach(b -> b.finished(result));
            }

            @Override
            public void throttled(Throttle throttle) {
                all.forEach(o -> o.throttled(throttle));
            }

            @Override
            public void rateLimitWaited(Duration wait) {
                all.forEach(o -> o.rateLimitWaited(wait));
            }

            @Override
            public void queueSampled(QueueSample sample) {
                all.forEach(o -> o.queueSampled(sample));
            }
        };
    }

    /**
     * One prediction is about to be created for {@code request} (or adopted on resume); hears how it ends.
     *
     * @param request the request the prediction is for
     * @return what hears how the generation ends
     */
    default Generation generationStarted(ModelRequest request) {
        return Generation.NONE;
    }

    /**
     * A batch submitted with {@code submitBatch}/{@code generateBatch} starts; hears how it ends.
     *
     * @param batch the batch that starts
     * @return what hears how the batch ends
     */
    default Batch batchStarted(BatchRequest batch) {
        return Batch.NONE;
    }

    /**
     * The server answered a create with 429 ("throttled"): the limiter pauses as it says.
     *
     * @param throttle what the 429 said about waiting and the limit
     */
    default void throttled(Throttle throttle) {}

    /**
     * A create waited {@code wait} for the create limiter before it was sent.
     *
     * @param wait how long the create waited
     */
    default void rateLimitWaited(Duration wait) {}

    /**
     * A batch queue was sampled (every few seconds, by each instance running its workers): depth, oldest item's age,
     * claims and dead letters.
     *
     * @param sample the queue's state
     */
    default void queueSampled(QueueSample sample) {}

    /** One generation under observation. */
    interface Generation {
        /** Observes nothing. */
        Generation NONE = new Generation() {};

        /**
         * The prediction was created (or adopted) with this id.
         *
         * @param predictionId the prediction's id
         */
        default void predictionCreated(String predictionId) {}

        /**
         * It ended with its images stored.
         *
         * @param result the stored images, with what they cost
         */
        default void succeeded(GenerationResult result) {}

        /**
         * It ended without images: failed, canceled or timed out ({@code error} is an SDK exception).
         *
         * @param error why it ended without images
         */
        default void failed(Throwable error) {}
    }

    /** One batch under observation. */
    @FunctionalInterface
    interface Batch {
        /** Observes nothing. */
        Batch NONE = result -> {};

        /**
         * Every item of the batch has its outcome.
         *
         * @param result every item's outcome
         */
        void finished(BatchResult result);
    }
}
