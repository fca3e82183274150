package dev.fluxschnell.sdk.observation;

import java.time.Duration;
import java.util.Objects;

/**
 * What a batch queue looks like now ({@link ClientObserver#queueSampled}), sampled by each instance's workers: how many
 * items wait, how long the oldest has waited, and this instance's counts of items it took over and dead-lettered.
 *
 * @param queue the queue's name (its Redis key prefix)
 * @param depth items waiting or being worked on, across tiers
 * @param oldestItemAge how long the oldest of them has been queued (zero when none)
 * @param claims items this instance took over from a worker that stopped, since it started
 * @param deadLetters items in the dead-letter stream
 */
public record QueueSample(String queue, long depth, Duration oldestItemAge, long claims, long deadLetters) {
    /**
     * Checks the components.
     *
     * @param queue the queue's name
     * @param depth items waiting or being worked on
     * @param oldestItemAge the oldest item's wait
     * @param claims items taken over by this instance
     * @param deadLetters items dead-lettered
     */
    public QueueSample {
        Objects.requireNonNull(queue, "queue must not be null");
        Objects.requireNonNull(oldestItemAge, "oldestItemAge must not be null");
    }
}
