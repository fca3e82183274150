package dev.fluxschnell.sdk.batch;

import dev.fluxschnell.sdk.GeneratedImage;
import dev.fluxschnell.sdk.ImageRequest;

/**
 * Hears a batch's progress, for progress bars and logs. Every method is optional. Calls for one batch never overlap
 * (they are serialized), each item gets {@code queued} once and exactly one of {@code succeeded}/{@code failed}, and an
 * exception thrown here is logged and otherwise ignored: it never breaks the batch.
 */
public interface BatchListener {
    /** The item was accepted into the batch. */
    default void queued(int index, ImageRequest request, BatchProgress progress) {}

    /** The item's prediction was created on the server. */
    default void started(int index, String predictionId, BatchProgress progress) {}

    /** One image of the item was downloaded and stored. */
    default void stored(int index, GeneratedImage image, BatchProgress progress) {}

    /** The item succeeded: all its images are stored. */
    default void succeeded(BatchItem item, BatchProgress progress) {}

    /** The item ended without success (failed, canceled or skipped for quota); {@code item.outcome()} says which. */
    default void failed(BatchItem item, BatchProgress progress) {}

    /** The whole batch ended. */
    default void finished(BatchResult result) {}

    /** A listener that ignores everything. */
    BatchListener NONE = new BatchListener() {};
}
