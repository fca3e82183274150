package dev.fluxschnell.sdk.redis;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A queued batch as any instance reads it ({@link RedisBatchQueue#status}): its state, its counts and what it cost.
 *
 * @param id the batch's id
 * @param subject whose quota pays
 * @param tier the tier its items were queued in
 * @param state where it is
 * @param total its items
 * @param succeeded items stored
 * @param failed items that failed (the SDK's retries spent), dead letters included
 * @param canceled items canceled
 * @param skipped items skipped for the subject's quota
 * @param deadLettered items moved to the dead-letter stream after failing on every delivery
 * @param images images stored
 * @param cost what its items cost (USD)
 * @param createdAt when it was submitted
 * @param notBefore when it may start, for a scheduled batch
 */
public record QueuedBatch(String id, String subject, String tier, State state, int total, int succeeded, int failed,
                          int canceled, int skipped, int deadLettered, int images, BigDecimal cost, Instant createdAt,
                          Optional<Instant> notBefore) {
    /** Where a queued batch is. */
    public enum State {
        /** Waiting for its not-before time. */
        SCHEDULED,
        /** In the queue, no item finished yet. */
        QUEUED,
        /** Some items finished. */
        RUNNING,
        /** Every item has an outcome. */
        DONE,
        /** Canceled: no item starts any more; queued ones are recorded canceled, running ones are canceled. */
        CANCELED
    }

    /**
     * Checks the components.
     *
     * @param id the batch's id
     * @param subject whose quota pays
     * @param tier its tier
     * @param state where it is
     * @param total its items
     * @param succeeded items stored
     * @param failed items failed
     * @param canceled items canceled
     * @param skipped items skipped for quota
     * @param deadLettered items dead-lettered
     * @param images images stored
     * @param cost what it cost
     * @param createdAt when it was submitted
     * @param notBefore when it may start
     */
    public QueuedBatch {
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(state, "state must not be null");
        Objects.requireNonNull(cost, "cost must not be null");
        Objects.requireNonNull(notBefore, "notBefore must not be null");
    }

    /** {@return items with an outcome} */
    public int done() {
        return succeeded + failed + canceled + skipped;
    }

    /** {@return whether every item has an outcome, or the batch was canceled} */
    public boolean isFinished() {
        return state == State.DONE || state == State.CANCELED && done() >= total;
    }
}
