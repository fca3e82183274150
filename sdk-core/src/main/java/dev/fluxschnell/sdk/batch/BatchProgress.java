package dev.fluxschnell.sdk.batch;

/**
 * A snapshot of a batch's progress.
 *
 * @param total items in the batch
 * @param running items with a prediction in flight
 * @param succeeded items succeeded
 * @param failed items failed
 * @param canceled items canceled
 * @param skipped items skipped for quota
 */
public record BatchProgress(int total, int running, int succeeded, int failed, int canceled, int skipped) {
    /** {@return the number of items that reached an outcome} */
    public int done() {
        return succeeded + failed + canceled + skipped;
    }

    /** {@return whether every item reached an outcome} */
    public boolean isComplete() {
        return done() == total;
    }

    @Override
    public String toString() {
        return done() + "/" + total + " done (" + succeeded + " ok, " + failed + " failed, " + canceled + " canceled, "
                + skipped + " skipped, " + running + " running)";
    }
}
