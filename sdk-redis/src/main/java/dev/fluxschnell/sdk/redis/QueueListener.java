package dev.fluxschnell.sdk.redis;

import java.util.Optional;

/**
 * Hears a queued batch's progress on any instance ({@link RedisBatchQueue#listen}), whichever instance's workers run
 * its items: one call per finished item, in the order they finish, on one thread of the queue's — return quickly.
 *
 * <p>Events travel by Redis pub/sub, which keeps nothing for a subscriber that is not connected: while this instance
 * cannot reach Redis, items that finish are not told to {@link #itemFinished} — then or later. The queue notices the
 * gap and calls {@link #mayHaveMissedEvents} once it is subscribed again; {@link RedisBatchQueue#status} and
 * {@link RedisBatchQueue#items}, not the events heard, are the truth after a disconnect.
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

    /**
     * The connection to Redis was lost and is back: items that finished meanwhile were not (and will not be) told to
     * {@link #itemFinished}. The default does nothing (the queue logs a WARN either way).
     *
     * @param now the batch's status read after the reconnect — read {@link RedisBatchQueue#items} for what finished;
     *     empty when the batch is gone (expired, or Redis restarted without persistence)
     */
    default void mayHaveMissedEvents(Optional<QueuedBatch> now) {}
}
