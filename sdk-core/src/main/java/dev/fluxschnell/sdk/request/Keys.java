package dev.fluxschnell.sdk.request;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 keys of requests (their cache keys) and of image bytes (an input image's identity). Not API. */
final class Keys {
    private Keys() {}

    /** {@return the hex SHA-256 of the parts joined with a separator that cannot occur in them} */
    static String of(String... parts) {
        return sha256(String.join("\u0001", parts).getBytes(StandardCharsets.UTF_8));
    }

    /** {@return the hex SHA-256 of the bytes} */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
