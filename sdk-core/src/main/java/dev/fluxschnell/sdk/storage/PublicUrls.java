package dev.fluxschnell.sdk.storage;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Public URLs for stored images: a base URL that serves a storage's objects to anyone — a CDN (CloudFront over an S3
 * bucket, a CDN over Firebase Storage) or a web server over a directory — and the unguessable names that go with it.
 *
 * <p>Public means anyone with the link can fetch the image. So, with public URLs on, an image the user did not name is
 * stored as {@code yyyy-MM-dd/<prediction id>-<index>-<token>.<ext>}, where the token is 16 hex digits of an
 * HMAC-SHA256 of the prediction id and index under this value's key: nobody can list or guess another image's URL
 * from one they were given. Names the user chose ({@code BatchRequest.Builder.add(request, name)}) are kept: they are
 * as guessable as the user made them. The name is the same for the same key, so a retried store writes the same
 * object; give every instance the same key ({@link #of(URI, byte[])}) so they name alike.
 */
public final class PublicUrls {
    private final URI base;
    private final byte[] key;

    private PublicUrls(URI base, byte[] key) {
        String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || base.getHost() == null) {
            throw new IllegalArgumentException("a public base URL is an absolute http(s) URL, was " + base);
        }
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s : s + "/");
        this.key = key.clone();
    }

    /**
     * {@return public URLs under {@code base}, with a random key for this process's names}
     *
     * @param base e.g. {@code https://d111111abcdef8.cloudfront.net/}
     */
    public static PublicUrls of(URI base) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new PublicUrls(Objects.requireNonNull(base, "base must not be null"), key);
    }

    /**
     * {@return public URLs under {@code base}, naming images with {@code key} (the same on every instance)}
     *
     * @param base e.g. {@code https://cdn.example.com/images/}
     * @param key at least 16 bytes, kept secret
     */
    public static PublicUrls of(URI base, byte[] key) {
        Objects.requireNonNull(key, "key must not be null");
        if (key.length < 16) {
            throw new IllegalArgumentException("the key must be at least 16 bytes, was " + key.length);
        }
        return new PublicUrls(Objects.requireNonNull(base, "base must not be null"), key);
    }

    /** {@return the base URL, ending with {@code /}} */
    public URI base() {
        return base;
    }

    /**
     * {@return the name to store an image under: the user's name, else an unguessable one (see the class comment)}
     *
     * @param metadata the image's metadata
     */
    public String objectName(ImageMetadata metadata) {
        String name = metadata.objectName();
        if (metadata.name().isPresent()) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        return name.substring(0, dot) + "-" + token(metadata.predictionId() + "/" + metadata.index())
                + name.substring(dot);
    }

    /**
     * {@return the public URL of the object at {@code path} (relative to what the base URL serves), each segment
     * percent-encoded}
     *
     * @param path e.g. {@code campaigns/2026-11-24/abc-0-1f2e3d4c5b6a7988.webp}
     */
    public URI urlFor(String path) {
        StringBuilder encoded = new StringBuilder();
        for (String segment : path.split("/", -1)) {
            if (encoded.length() > 0) {
                encoded.append('/');
            }
            encoded.append(java.net.URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return base.resolve(encoded.toString());
    }

    private String token(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "PublicUrls{" + base + "}";
    }
}
