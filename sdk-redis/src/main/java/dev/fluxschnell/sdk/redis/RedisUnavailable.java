package dev.fluxschnell.sdk.redis;

/** What the Redis-backed limiter and quota do when Redis cannot be reached: a decision the user makes explicitly. */
public enum RedisUnavailable {
    /** Fail the call (the item fails with a clear error; nothing is sent to Replicate). The default. */
    FAIL_FAST,
    /**
     * Fall back to this instance's own in-memory limiter or quota, logging a WARN, until Redis answers again: work goes
     * on, but instances no longer share the limit (expect some 429s) and quotas hold per instance only.
     */
    FALL_BACK_TO_LOCAL
}
