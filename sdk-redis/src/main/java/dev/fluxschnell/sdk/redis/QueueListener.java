package dev.fluxschnell.sdk.redis;

/**
 * Hears a queued batch's progress on any instance ({@link RedisBatchQueue#listen}), whichever instance's workers run
 * its items: one call per finished item, in the order they finish. Calls come on a Redis client thread: return quickly.
 */
@FunctionalInterface
public interface QueueListener {
    /**
     * An item finished.
     *
     * @param item how it ended
     * @param batch the batch's counts after it
     */
    void itemFinished(QueuedItem item, QueuedBatch batch);
}
