package dev.fluxschnell.sdk.redis;

import java.util.Objects;

/**
 * The Redis keys and channels of a {@link RedisBatchQueue}, all under its prefix ({@code flux-schnell:queue} by
 * default): instances sharing the prefix share the queue.
 */
final class QueueKeys {
    /** The consumer group of every tier's stream. */
    static final String GROUP = "workers";

    private final String prefix;

    QueueKeys(String prefix) {
        this.prefix = Objects.requireNonNull(prefix, "prefix must not be null");
    }

    /** {@return the prefix} */
    String prefix() {
        return prefix;
    }

    /** {@return the stream of a tier's waiting and running items} */
    String stream(String tier) {
        return prefix + ":stream:" + tier;
    }

    /** {@return the hash of a batch's state and counts} */
    String batch(String id) {
        return prefix + ":batch:" + id;
    }

    /** {@return the hash of a batch's requests, by item index} */
    String items(String id) {
        return prefix + ":batch:" + id + ":items";
    }

    /** {@return the hash of a batch's items a worker runs now (past the fence), by item index: stream entry, worker} */
    String running(String id) {
        return prefix + ":batch:" + id + ":running";
    }

    /** {@return the hash of a batch's outcomes (JSON), by item index} */
    String outcomes(String id) {
        return prefix + ":batch:" + id + ":outcomes";
    }

    /** {@return the channel a batch's finished items are published on} */
    String events(String id) {
        return eventsPrefix() + id;
    }

    /** {@return the batch id of an events channel, or null for another channel} */
    String batchOfEvents(String channel) {
        return channel.startsWith(eventsPrefix()) ? channel.substring(eventsPrefix().length()) : null;
    }

    private String eventsPrefix() {
        return prefix + ":events:";
    }

    /** {@return the channel cancels are published on (message: the batch id)} */
    String cancel() {
        return prefix + ":cancel";
    }

    /** {@return the sorted set of batches waiting for their not-before time (score: epoch millis)} */
    String scheduled() {
        return prefix + ":scheduled";
    }

    /** {@return the dead-letter stream} */
    String dead() {
        return prefix + ":dead";
    }

    /** {@return the hash of the last error of items that could not run, by stream entry id} */
    String errors() {
        return prefix + ":errors";
    }

    /** {@return the key prefix of the items' batch journal} */
    String journal() {
        return prefix + ":journal";
    }
}
