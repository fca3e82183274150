package dev.fluxschnell.sdk.batch;

import dev.fluxschnell.sdk.result.GenerationResult;
import dev.fluxschnell.sdk.storage.StoredImage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where a batch records its progress, so that a batch submitted with an
 * {@link BatchRequest.Builder#journal(String, BatchJournal) id} can be resumed after a crash or a deploy — by any
 * instance that shares the journal: items already stored are skipped, predictions already created are adopted by id
 * (polled and stored), nothing is paid twice (SPI).
 *
 * <p>Items are identified by a key stable across runs of the same batch (the request's parameters and its occurrence).
 * Implementations must be thread-safe and durable enough for their use: {@link FileBatchJournal} for one machine,
 * the Redis journal of {@code flux-schnell-sdk-redis} for several instances.
 */
public interface BatchJournal {
    /**
     * What the journal knows of one item.
     *
     * @param predictionId the prediction its create made; empty when a create was sent but its answer never recorded
     * @param sentAt when the item's create was (about to be) sent
     * @param stored the images stored for it; empty until it was stored
     * @param seed the seed the model used, when the item was stored and the model reported one
     */
    record Entry(String predictionId, Instant sentAt, List<StoredImage> stored, OptionalLong seed) {
        /**
         * Checks the components.
         *
         * @param predictionId the prediction its create made, or empty
         * @param sentAt when the item's create was (about to be) sent
         * @param stored the images stored for it, or empty
         * @param seed the seed the model used, if known
         */
        public Entry {
            Objects.requireNonNull(predictionId, "predictionId must not be null");
            Objects.requireNonNull(sentAt, "sentAt must not be null");
            stored = List.copyOf(stored);
            Objects.requireNonNull(seed, "seed must not be null");
        }

        /**
         * An entry without a recorded seed.
         *
         * @param predictionId the prediction its create made, or empty
         * @param sentAt when the item's create was (about to be) sent
         * @param stored the images stored for it, or empty
         */
        public Entry(String predictionId, Instant sentAt, List<StoredImage> stored) {
            this(predictionId, sentAt, stored, OptionalLong.empty());
        }

        /** {@return whether the id of the prediction the item's create made is known} */
        public boolean isCreated() {
            return !predictionId.isEmpty();
        }

        /** {@return whether the item's images were stored (then it is skipped on resume)} */
        public boolean isStored() {
            return !stored.isEmpty();
        }
    }

    /**
     * {@return every item of {@code batchId} the journal knows, by item key}
     *
     * @param batchId the batch's id
     */
    Map<String, Entry> load(String batchId);

    /**
     * Records that the item's create is about to be sent, at {@code sentAt}: if the answer is never recorded (a crash
     * during the sync wait), a resumed run looks for the prediction it made instead of paying again.
     *
     * @param batchId the batch's id
     * @param itemKey the item's key, from {@link BatchRequest#itemKeys()}
     * @param sentAt when the create is sent
     */
    void creating(String batchId, String itemKey, Instant sentAt);

    /**
     * Records that the item's create made {@code predictionId} (before its images are stored).
     *
     * @param batchId the batch's id
     * @param itemKey the item's key, from {@link BatchRequest#itemKeys()}
     * @param predictionId the id of the prediction the create made
     */
    void created(String batchId, String itemKey, String predictionId);

    /**
     * Records that the item's images were stored.
     *
     * @param batchId the batch's id
     * @param itemKey the item's key, from {@link BatchRequest#itemKeys()}
     * @param result the stored result
     */
    void stored(String batchId, String itemKey, GenerationResult result);

    /**
     * {@return the entry recorded for {@code itemKey}, if any}
     *
     * @param batchId the batch's id
     * @param itemKey the item's key
     */
    default Optional<Entry> entry(String batchId, String itemKey) {
        return Optional.ofNullable(load(batchId).get(itemKey));
    }
}
