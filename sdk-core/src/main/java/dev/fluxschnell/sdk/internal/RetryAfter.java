package dev.fluxschnell.sdk.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads how long a 429 asks the client to wait: {@code Retry-After} (seconds or HTTP-date), else the detail text. */
public final class RetryAfter {
    private static final Pattern RESETS_IN = Pattern.compile("resets in ~?\\s*(\\d+(?:\\.\\d+)?)\\s*s");

    private RetryAfter() {}

    /** The wait the server asked for, if it said; never negative. */
    public static Optional<Duration> parse(String header, String detail, Clock clock) {
        if (header != null && !header.isBlank()) {
            String h = header.trim();
            try {
                return Optional.of(nonNegative(Duration.ofMillis((long) (Double.parseDouble(h) * 1000))));
            } catch (NumberFormatException ignored) {
                try {
                    ZonedDateTime at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME);
                    return Optional.of(nonNegative(Duration.between(clock.instant(), at.toInstant())));
                } catch (DateTimeParseException ignoredToo) {
                    // fall through to the detail text
                }
            }
        }
        if (detail != null) {
            Matcher m = RESETS_IN.matcher(detail);
            if (m.find()) {
                return Optional.of(Duration.ofMillis((long) (Double.parseDouble(m.group(1)) * 1000)));
            }
        }
        return Optional.empty();
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
