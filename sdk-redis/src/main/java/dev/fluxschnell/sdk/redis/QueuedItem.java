package dev.fluxschnell.sdk.redis;

import dev.fluxschnell.sdk.batch.BatchOutcome;
import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One finished item of a queued batch, as any instance reads it ({@link RedisBatchQueue#items}).
 *
 * @param index its position in the batch
 * @param outcome how it ended
 * @param predictionIds the predictions it ran (a pipeline's every step)
 * @param images where its images are stored
 * @param cost what it cost (USD)
 * @param error the failure's message, when it failed
 * @param worker the worker that finished it
 * @param deliveries how many times it was delivered to a worker (more than 1: taken over)
 */
public record QueuedItem(int index, BatchOutcome outcome, List<String> predictionIds, List<URI> images,
                         BigDecimal cost, Optional<String> error, String worker, int deliveries) {
    /**
     * Checks and copies the components.
     *
     * @param index its position
     * @param outcome how it ended
     * @param predictionIds its predictions
     * @param images its images
     * @param cost what it cost
     * @param error the failure's message
     * @param worker the worker that finished it
     * @param deliveries times delivered
     */
    public QueuedItem {
        Objects.requireNonNull(outcome, "outcome must not be null");
        predictionIds = List.copyOf(predictionIds);
        images = List.copyOf(images);
        Objects.requireNonNull(cost, "cost must not be null");
        Objects.requireNonNull(error, "error must not be null");
    }
}
