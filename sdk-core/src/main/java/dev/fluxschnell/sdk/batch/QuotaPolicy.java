package dev.fluxschnell.sdk.batch;

/** What a batch does when its subject's quota cannot hold all of it. */
public enum QuotaPolicy {
    /**
     * Refuse the whole batch with {@link dev.fluxschnell.sdk.errors.QuotaExceededException} before any network call
     * (the default).
     */
    FAIL_BATCH,
    /** Run the items that fit, in order, and mark the rest {@link BatchOutcome#SKIPPED_QUOTA}. */
    SKIP_EXCESS
}
