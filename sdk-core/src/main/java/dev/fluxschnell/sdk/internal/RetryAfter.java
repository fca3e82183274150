package dev.fluxschnell.sdk.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.fluxschnell.sdk.ratelimit.Throttle;

/**
 * Reads what a 429 says: how long to wait ({@code Retry-After} in seconds or as an HTTP-date, else the body's
 * {@code retry_after} field, else Replicate's "resets in ~Ns" text), capped at {@link #MAX}, and the limit itself when
 * the text states it ("6 requests per minute with a burst of 1 requests", as Replicate tells low-credit accounts).
 */
public final class RetryAfter {
    /** The longest wait a server can impose in one answer; longer values are read as this. */
    public static final Duration MAX = Duration.ofSeconds(60);
    private static final Pattern RESETS_IN = Pattern.compile("resets in ~?\\s*(\\d+(?:\\.\\d+)?)\\s*s");
    private static final Pattern LIMIT = Pattern.compile(
            "(\\d{1,6}) requests? per minute with a burst of (\\d{1,6})", Pattern.CASE_INSENSITIVE);

    private RetryAfter() {}

    /** Reads a 429's header, body field ({@code retry_after}, or null) and detail text. */
    public static Throttle read(String header, String bodyField, String detail, Clock clock) {
        Optional<Duration> wait = parse(header, clock).or(() -> seconds(bodyField)).or(() -> resetsIn(detail));
        Throttle t = wait.map(Throttle::after).orElse(Throttle.unstated());
        Matcher m = detail == null ? null : LIMIT.matcher(detail);
        if (m != null && m.find()) {
            int pm = Integer.parseInt(m.group(1));
            int b = Integer.parseInt(m.group(2));
            if (pm > 0 && b > 0) {
                t = t.withLimit(pm, b);
            }
        }
        return t;
    }

    /** The wait a {@code Retry-After} header asks for (seconds or HTTP-date), capped; never negative. */
    public static Optional<Duration> parse(String header, Clock clock) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String h = header.trim();
        Optional<Duration> s = seconds(h);
        if (s.isPresent()) {
            return s;
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME);
            return Optional.of(capped(Duration.between(clock.instant(), at.toInstant()).toMillis() / 1000.0));
        } catch (DateTimeParseException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> resetsIn(String detail) {
        if (detail == null) {
            return Optional.empty();
        }
        Matcher m = RESETS_IN.matcher(detail);
        return m.find() ? seconds(m.group(1)) : Optional.empty();
    }

    private static Optional<Duration> seconds(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            double s = Double.parseDouble(text.trim());
            return Double.isNaN(s) ? Optional.empty() : Optional.of(capped(s));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Duration capped(double seconds) {
        if (!(seconds > 0)) {
            return Duration.ZERO;
        }
        return seconds >= MAX.toSeconds() ? MAX : Duration.ofMillis((long) Math.ceil(seconds * 1000));
    }
}
