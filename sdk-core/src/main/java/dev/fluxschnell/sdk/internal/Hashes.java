package dev.fluxschnell.sdk.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 keys of request parameters. Not API. */
public final class Hashes {
    private Hashes() {}

    /**
     * The hex SHA-256 of the parts joined with a separator that cannot occur in them.
     *
     * @param parts the canonical values, in a fixed order
     * @return 64 hex digits
     */
    public static String of(String... parts) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(d.digest(String.join("\u0001", parts).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
