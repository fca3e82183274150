package dev.fluxschnell.sdk.webhook;

import dev.fluxschnell.sdk.errors.WebhookVerificationException;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies Replicate webhook deliveries: the HMAC-SHA256 signature over
 * {@code "<webhook-id>.<webhook-timestamp>.<body>"} keyed with the account's signing secret ({@code whsec_...}, from
 * {@code FluxSchnellClient.webhookSecret()}), compared in constant time against every {@code v1,} entry of
 * {@code webhook-signature}, and a timestamp within the tolerance (default 5 minutes, either way) against replays.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * WebhookVerifier verifier = WebhookVerifier.of(client.webhookSecret());
 * PredictionUpdate update = verifier.verify(exchange.getRequestHeaders(), body);  // throws if not authentic
 * }</pre>
 *
 * <p>Deliveries are retried by Replicate, so act on them idempotently (e.g. by prediction id).
 */
@SuppressWarnings("removal") // throws the deprecated subclass until it is removed: old catch sites keep working
public final class WebhookVerifier {
    private final byte[] key;
    private final Duration tolerance;
    private final Clock clock;

    private WebhookVerifier(byte[] key, Duration tolerance, Clock clock) {
        this.key = key;
        this.tolerance = tolerance;
        this.clock = clock;
    }

    /**
     * A verifier for the signing secret {@code whsec_<base64>}.
     *
     * @param secret the account's signing secret, {@code whsec_<base64>}
     * @return a verifier with a tolerance of 5 minutes
     * @throws IllegalArgumentException when the secret is not of that form
     */
    public static WebhookVerifier of(String secret) {
        Objects.requireNonNull(secret, "webhook secret must not be null");
        if (secret.isBlank()) {
            throw new IllegalArgumentException("webhook secret must not be blank");
        }
        String b64 = secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret;
        try {
            byte[] key = Base64.getDecoder().decode(b64.trim());
            if (key.length == 0) {
                throw new IllegalArgumentException("webhook secret is empty");
            }
            return new WebhookVerifier(key, Duration.ofMinutes(5), Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("webhook secret must be 'whsec_' followed by base64");
        }
    }

    /**
     * {@return the same verifier accepting timestamps up to {@code tolerance} away from now (default 5 minutes)}
     *
     * @param tolerance how far a delivery's timestamp may be from now, either way
     */
    public WebhookVerifier withTolerance(Duration tolerance) {
        Objects.requireNonNull(tolerance, "tolerance must not be null");
        if (tolerance.isNegative()) {
            throw new IllegalArgumentException("tolerance must not be negative, was " + tolerance);
        }
        return new WebhookVerifier(key, tolerance, clock);
    }

    /**
     * {@return the same verifier with another clock (for tests)}
     *
     * @param clock the clock timestamps are compared against
     */
    public WebhookVerifier withClock(Clock clock) {
        return new WebhookVerifier(key, tolerance, Objects.requireNonNull(clock, "clock must not be null"));
    }

    /**
     * Verifies a delivery given its headers (looked up case-insensitively) and raw body.
     *
     * @param headers the delivery's HTTP headers
     * @param body the delivery's raw body
     * @return the prediction the delivery carries
     * @throws WebhookVerificationException saying why it is not authentic
     */
    public PredictionUpdate verify(Map<String, List<String>> headers, byte[] body) {
        return verify(header(headers, "webhook-id"), header(headers, "webhook-timestamp"),
                header(headers, "webhook-signature"), body);
    }

    /**
     * Verifies a delivery given its three headers and raw body, and returns the prediction it carries.
     *
     * @param id the {@code webhook-id} header
     * @param timestamp the {@code webhook-timestamp} header
     * @param signatures the {@code webhook-signature} header
     * @param body the delivery's raw body
     * @return the prediction the delivery carries
     * @throws WebhookVerificationException saying why it is not authentic
     */
    public PredictionUpdate verify(String id, String timestamp, String signatures, byte[] body) {
        if (id == null || id.isBlank() || timestamp == null || signatures == null || body == null) {
            throw new WebhookVerificationException("missing webhook-id, webhook-timestamp or webhook-signature");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw new WebhookVerificationException("webhook-timestamp is not a number of seconds");
        }
        long age; // seconds, compared as numbers: any long is a timestamp to refuse, never an exception to throw
        try {
            age = Math.subtractExact(clock.instant().getEpochSecond(), seconds);
        } catch (ArithmeticException e) {
            age = seconds > 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        if (age > tolerance.toSeconds() || age < -tolerance.toSeconds()) {
            throw new WebhookVerificationException("webhook-timestamp is " + (age < 0 ? "in the future" : "too old")
                    + " (tolerance " + tolerance.toSeconds() + " s)");
        }
        byte[] expected = sign(id.trim(), timestamp.trim(), body);
        boolean anyV1 = false;
        for (String entry : signatures.trim().split("\\s+")) {
            int comma = entry.indexOf(',');
            if (comma < 0 || !entry.substring(0, comma).equals("v1")) {
                continue;
            }
            anyV1 = true;
            byte[] given;
            try {
                given = Base64.getDecoder().decode(entry.substring(comma + 1));
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (MessageDigest.isEqual(expected, given)) {
                return parse(body);
            }
        }
        throw new WebhookVerificationException(anyV1 ? "no webhook-signature matches"
                : "webhook-signature has no v1 signature");
    }

    private byte[] sign(String id, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static PredictionUpdate parse(byte[] body) {
        try {
            return PredictionUpdate.fromJson(new String(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new WebhookVerificationException("authentic delivery, but " + e.getMessage());
        }
    }

    private static String header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().toLowerCase(Locale.ROOT).equals(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "WebhookVerifier{secret=***, tolerance=" + tolerance + "}";
    }
}
