package dev.fluxschnell.examples.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signed part of a share link, {@code /s/ID~EXPIRES~SIGNATURE}: the share's id, when the link expires (epoch
 * seconds) and an HMAC-SHA256 of both under {@code web.share.key}. A link is opened only when its signature is right
 * (compared in constant time), so nobody makes one by guessing, nor extends one by changing its expiry; revoking is
 * the store's part (the id leaves it). Unset, the key is drawn at start: links then end with the process.
 */
final class ShareLinks {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final String TOKEN = "([A-Za-z0-9_-]{22})~([0-9]{1,12})~([A-Za-z0-9_-]{43})";

    /**
     * What a link with a right signature says.
     *
     * @param id the share's id
     * @param expires when the link stops working
     */
    record Signed(String id, Instant expires) {}

    private final SecretKeySpec key;
    private final Duration ttl;
    private final boolean generatedKey;

    /** Links signed with {@code key} (base64 of at least 16 bytes; null or blank: a random key), valid for {@code ttl}. */
    ShareLinks(String key, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalStateException("web.share.ttl must be positive");
        }
        this.generatedKey = key == null || key.isBlank();
        byte[] bytes;
        if (generatedKey) {
            bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
        } else {
            try {
                bytes = Base64.getDecoder().decode(key.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("web.share.key must be base64 (openssl rand -base64 32)", e);
            }
            if (bytes.length < 16) {
                throw new IllegalStateException("web.share.key must be base64 of at least 16 bytes, was "
                        + bytes.length + " (openssl rand -base64 32)");
            }
        }
        this.key = new SecretKeySpec(bytes, "HmacSHA256");
        this.ttl = ttl;
    }

    /** {@return how long a new link works} */
    Duration ttl() {
        return ttl;
    }

    /** {@return whether the key was drawn at start (links end with the process)} */
    boolean generatedKey() {
        return generatedKey;
    }

    /** {@return a new share id: 16 random bytes, URL-safe} */
    static String newId() {
        byte[] id = new byte[16];
        new SecureRandom().nextBytes(id);
        return B64.encodeToString(id);
    }

    /** {@return the link's last path segment for share {@code id}, expiring at {@code expires}} */
    String token(String id, Instant expires) {
        return id + "~" + expires.getEpochSecond() + "~" + B64.encodeToString(mac(id, expires.getEpochSecond()));
    }

    /** {@return what the token says when its signature is right; empty for any other text} */
    Optional<Signed> verify(String token) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(TOKEN).matcher(token);
        if (!m.matches()) {
            return Optional.empty();
        }
        long expires = Long.parseLong(m.group(2));
        byte[] given = Base64.getUrlDecoder().decode(m.group(3));
        return MessageDigest.isEqual(given, mac(m.group(1), expires))
                ? Optional.of(new Signed(m.group(1), Instant.ofEpochSecond(expires))) : Optional.empty();
    }

    private byte[] mac(String id, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(("flux-web-share:v1:" + id + ":" + expires).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
