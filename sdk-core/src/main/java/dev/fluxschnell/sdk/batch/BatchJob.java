package dev.fluxschnell.sdk.batch;

import java.util.concurrent.CompletableFuture;

/** A running batch: its eventual result, a way to cancel it, and its progress so far. */
public interface BatchJob {
    /**
     * {@return the batch's result, completed when every item has an outcome} It never completes exceptionally because
     * of an item.
     */
    CompletableFuture<BatchResult> result();

    /**
     * Cancels the batch: items not yet started become CANCELED, in-flight predictions are canceled on the server.
     * Images of predictions that already succeeded are still stored (they were paid for).
     */
    void cancel();

    /** {@return a snapshot of the progress now} */
    BatchProgress progress();
}
