package dev.fluxschnell.sdk.batch;

import dev.fluxschnell.sdk.result.GeneratedImage;
import dev.fluxschnell.sdk.request.ModelRequest;

/**
 * Hears a batch's progress, for progress bars and logs. Every method is optional. Calls for one batch never overlap
 * (they are serialized), each item gets {@code queued} once and exactly one of {@code succeeded}/{@code failed}, and an
 * exception thrown here is logged and otherwise ignored: it never breaks the batch.
 */
public interface BatchListener {
    /**
     * The item was accepted into the batch.
     *
     * @param index the item's position in the batch (0-based)
     * @param request the item's request
     * @param progress the batch's counts after this event
     */
    default void queued(int index, ModelRequest request, BatchProgress progress) {}

    /**
     * The item's prediction was created on the server.
     *
     * @param index the item's position in the batch (0-based)
     * @param predictionId the id of the created prediction
     * @param progress the batch's counts after this event
     */
    default void started(int index, String predictionId, BatchProgress progress) {}

    /**
     * One image of the item was downloaded and stored.
     *
     * @param index the item's position in the batch (0-based)
     * @param image the stored image
     * @param progress the batch's counts after this event
     */
    default void stored(int index, GeneratedImage image, BatchProgress progress) {}

    /**
     * The item succeeded: all its images are stored.
     *
     * @param item the succeeded item, with its result
     * @param progress the batch's counts after this event
     */
    default void succeeded(BatchItem item, BatchProgress progress) {}

    /**
     * A step of a pipeline item finished: every prediction it ran for the item succeeded (its predictions, images,
     * cost and time are in {@code step}). Step 0 is the pipeline's first request.
     *
     * @param index the item's index in the batch
     * @param step what the step did
     * @param progress the batch's progress now
     */
    default void stepFinished(int index, dev.fluxschnell.sdk.result.StepResult step, BatchProgress progress) {}

    /**
     * The item ended without success (failed, canceled or skipped for quota); {@code item.outcome()} says which.
     *
     * @param item the unsuccessful item, with its error
     * @param progress the batch's counts after this event
     */
    default void failed(BatchItem item, BatchProgress progress) {}

    /**
     * The whole batch ended.
     *
     * @param result every item's outcome
     */
    default void finished(BatchResult result) {}

    /** A listener that ignores everything. */
    BatchListener NONE = new BatchListener() {};
}
