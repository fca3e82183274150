package dev.fluxschnell.sdk.errors;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import dev.fluxschnell.sdk.ratelimit.Throttle;

/**
 * HTTP 429: too many requests; retryable (after {@link #retryAfter()}). A throttled create never surfaces while the
 * server says when to come back (the SDK waits, within the prediction's deadline); other calls surface it once their
 * retries are used up.
 */
public class RateLimitException extends FluxSchnellServiceException {
    private static final long serialVersionUID = 1L;

    /** What the 429 said about waiting and the limit. */
    private final Throttle throttle;

    /**
     * Creates the exception with what the 429 said about waiting and the limit.
     *
     * @param statusCode the HTTP status code
     * @param title the problem's {@code title}, or null
     * @param detail the problem's {@code detail}, or null
     * @param predictionId the prediction's id, or null when none is known
     * @param throttle what the 429 said about waiting and the limit
     */
    public RateLimitException(int statusCode, String title, String detail, String predictionId, Throttle throttle) {
        this(statusCode, title, detail, predictionId, throttle, java.util.Map.of());
    }

    /**
     * Creates the exception with what the 429 said and the answer's headers; retryable unless it concerns a known
     * prediction (a throttled poll: the prediction exists).
     *
     * @param statusCode the HTTP status code
     * @param title the problem's {@code title}, or null
     * @param detail the problem's {@code detail}, or null
     * @param predictionId the prediction's id, or null when none is known
     * @param throttle what the 429 said about waiting and the limit
     * @param headers the answer's headers
     */
    public RateLimitException(int statusCode, String title, String detail, String predictionId, Throttle throttle,
                              java.util.Map<String, java.util.List<String>> headers) {
        super(statusCode, title, detail, predictionId, headers, predictionId == null, predictionId != null);
        this.throttle = java.util.Objects.requireNonNull(throttle, "throttle must not be null");
    }

    /** {@return what the 429 said: how long to wait and the limit, where it said} */
    public Throttle throttle() {
        return throttle;
    }

    /**
     * {@return how long the server asked to wait ({@code Retry-After}, the body's {@code retry_after}, or the detail
     * text's "resets in ~Ns"), capped at 60 s, if it said}
     */
    public Optional<Duration> retryAfter() {
        return throttle.retryAfter();
    }

    /** {@return the create limit per minute the server stated in its answer (low-credit accounts: 6), if it did} */
    public OptionalInt limitPerMinute() {
        return throttle.limitPerMinute();
    }

    /** {@return the burst the server stated with its limit (low-credit accounts: 1), if it did} */
    public OptionalInt limitBurst() {
        return throttle.limitBurst();
    }
}
