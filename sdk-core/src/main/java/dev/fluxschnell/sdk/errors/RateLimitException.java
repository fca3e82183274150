package dev.fluxschnell.sdk.errors;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * HTTP 429: too many requests. A throttled create never surfaces while the server says when to come back (the SDK
 * waits, within the prediction's deadline); other calls surface it once their retries are used up.
 */
public class RateLimitException extends FluxSchnellServiceException {
    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;
    private final Integer limitPerMinute;
    private final Integer limitBurst;

    /** Creates the exception; {@code retryAfter} is the server's suggested wait, or null if it gave none. */
    public RateLimitException(int statusCode, String title, String detail, String predictionId, Duration retryAfter) {
        this(statusCode, title, detail, predictionId, retryAfter, null, null);
    }

    /**
     * Creates the exception with the limit the server stated, if it did ({@code limitPerMinute} and
     * {@code limitBurst} may be null).
     */
    public RateLimitException(int statusCode, String title, String detail, String predictionId, Duration retryAfter,
                              Integer limitPerMinute, Integer limitBurst) {
        super(statusCode, title, detail, predictionId);
        this.retryAfter = retryAfter;
        this.limitPerMinute = limitPerMinute;
        this.limitBurst = limitBurst;
    }

    /**
     * How long the server asked to wait ({@code Retry-After}, the body's {@code retry_after}, or the detail text's
     * "resets in ~Ns"), capped at 60 s, if it said.
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** The create limit per minute the server stated in its answer (low-credit accounts: 6), if it did. */
    public OptionalInt limitPerMinute() {
        return limitPerMinute == null ? OptionalInt.empty() : OptionalInt.of(limitPerMinute);
    }

    /** The burst the server stated with its limit (low-credit accounts: 1), if it did. */
    public OptionalInt limitBurst() {
        return limitBurst == null ? OptionalInt.empty() : OptionalInt.of(limitBurst);
    }
}
