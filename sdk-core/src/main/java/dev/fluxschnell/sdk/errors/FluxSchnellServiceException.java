package dev.fluxschnell.sdk.errors;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Replicate API answered with an error status. Carries the status, the RFC 7807 problem's title and detail, the
 * answer's headers and request id, and the prediction id where known. Subclasses exist for each status that calls for
 * a different reaction.
 */
public class FluxSchnellServiceException extends FluxSchnellException {
    private static final long serialVersionUID = 1L;
    /** Headers that identify a request, in the order {@link #requestId()} looks for them. */
    private static final List<String> REQUEST_ID_HEADERS = List.of("x-request-id", "request-id", "cf-ray");

    /** The HTTP status code. */
    private final int statusCode;
    /** The problem's {@code title}, or null. */
    private final String title;
    /** The problem's {@code detail}, or null. */
    private final String detail;
    /** The answer's headers, names compared case-insensitively. */
    private final Map<String, List<String>> headers;

    /**
     * An API error with its status, the problem title/detail (either may be null) and the prediction id if known.
     *
     * @param statusCode the HTTP status code
     * @param title the problem's {@code title}, or null
     * @param detail the problem's {@code detail}, or null
     * @param predictionId the prediction's id, or null when none is known
     */
    public FluxSchnellServiceException(int statusCode, String title, String detail, String predictionId) {
        this(statusCode, title, detail, predictionId, Map.of(), false, predictionId != null);
    }

    /**
     * An API error with the answer's headers, saying whether sending the request again is safe and whether a
     * prediction may exist for it (see {@link FluxSchnellException}).
     *
     * @param statusCode the HTTP status code
     * @param title the problem's {@code title}, or null
     * @param detail the problem's {@code detail}, or null
     * @param predictionId the prediction's id, or null when none is known
     * @param headers the answer's headers
     * @param retryable whether sending the request again is safe and may succeed
     * @param predictionMayExist whether a prediction may exist for the request
     */
    public FluxSchnellServiceException(int statusCode, String title, String detail, String predictionId,
                                       Map<String, List<String>> headers, boolean retryable,
                                       boolean predictionMayExist) {
        super(message(statusCode, title, detail, predictionId), predictionId, null, retryable,
                predictionMayExist || predictionId != null);
        this.statusCode = statusCode;
        this.title = title;
        this.detail = detail;
        this.headers = copy(headers);
    }

    /** {@return the HTTP status code} */
    public int statusCode() {
        return statusCode;
    }

    /** {@return the problem's {@code title}, if the server sent one} */
    public Optional<String> title() {
        return Optional.ofNullable(title);
    }

    /** {@return the problem's {@code detail}, if the server sent one} */
    public Optional<String> detail() {
        return Optional.ofNullable(detail);
    }

    /**
     * {@return the answer's headers (names compared case-insensitively; {@code Set-Cookie} left out); empty if unknown}
     */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /**
     * {@return the id the server gave this request, to quote to Replicate's support: the {@code X-Request-Id} header,
     * else {@code Request-Id}, else Cloudflare's {@code CF-Ray}, if the answer carried one}
     */
    public Optional<String> requestId() {
        for (String name : REQUEST_ID_HEADERS) {
            List<String> values = headers.get(name);
            if (values != null && !values.isEmpty()) {
                return Optional.of(values.get(0));
            }
        }
        return Optional.empty();
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> headers) {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((name, values) -> {
                if (name != null && values != null && !name.toLowerCase(Locale.ROOT).equals("set-cookie")) {
                    copy.put(name, List.copyOf(new ArrayList<>(values)));
                }
            });
        }
        return Collections.unmodifiableMap(copy);
    }

    private static String message(int status, String title, String detail, String predictionId) {
        StringBuilder sb = new StringBuilder("HTTP ").append(status);
        if (title != null && !title.isBlank()) {
            sb.append(' ').append(title);
        }
        if (detail != null && !detail.isBlank()) {
            sb.append(": ").append(detail);
        }
        if (predictionId != null) {
            sb.append(" (prediction ").append(predictionId).append(')');
        }
        return sb.toString();
    }
}
