package dev.fluxschnell.sdk;

import java.time.Duration;
import java.util.Optional;

/** HTTP 429: too many requests. Surfaces only once the SDK's own retries are used up. */
public class RateLimitException extends ApiException {
    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    /** Creates the exception; {@code retryAfter} is the server's suggested wait, or null if it gave none. */
    public RateLimitException(int statusCode, String title, String detail, String predictionId, Duration retryAfter) {
        super(statusCode, title, detail, predictionId);
        this.retryAfter = retryAfter;
    }

    /** How long the server asked to wait (from {@code Retry-After} or the detail text), if it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
