package dev.fluxschnell.sdk.batch;

/** How one item of a batch ended. */
public enum BatchOutcome {
    /** Generated and stored. */
    SUCCEEDED,
    /** Failed: the model failed, the server refused, or the image could not be stored; see the item's error. */
    FAILED,
    /** The batch was canceled before this item finished. */
    CANCELED,
    /** Not run: the quota had no room for it (only with {@link QuotaPolicy#SKIP_EXCESS}). */
    SKIPPED_QUOTA
}
