package dev.fluxschnell.sdk.redis;

import java.time.Duration;
import java.util.List;

/**
 * {@link RedisBatchQueue#cancel} could not confirm within its deadline that no instance will send another create for
 * the batch: the batch is canceled all the same (no item starts any more), but the items named are still held by
 * workers that have not yet stopped them — they may still create a prediction, which their worker cancels as soon as
 * it learns of the cancel. {@link RedisBatchQueue#status} tells when they have ended.
 */
public final class CancelTimeoutException extends RuntimeException {
    /** The canceled batch's id. */
    private final String batchId;
    /** The indexes of its items still held by workers. */
    private final List<Integer> items;

    /**
     * Describes the items still running when the deadline passed.
     *
     * @param batchId the batch
     * @param items the indexes of its items still held by workers
     * @param deadline how long cancel waited
     */
    public CancelTimeoutException(String batchId, List<Integer> items, Duration deadline) {
        super("batch " + batchId + " is canceled, but within " + deadline + " the workers holding items " + items
                + " did not confirm that they stopped: those items may still create a prediction (which their worker "
                + "cancels)");
        this.batchId = batchId;
        this.items = List.copyOf(items);
    }

    /** {@return the canceled batch's id} */
    public String batchId() {
        return batchId;
    }

    /** {@return the indexes of the items still held by workers when the deadline passed} */
    public List<Integer> items() {
        return items;
    }
}
