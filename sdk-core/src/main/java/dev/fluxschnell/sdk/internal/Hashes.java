package dev.fluxschnell.sdk.internal;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of image bytes, as the Files API reports them (uploads are reused by it). Not API. */
public final class Hashes {
    private Hashes() {}

    /**
     * {@return the hex SHA-256 of the bytes}
     *
     * @param bytes the bytes
     */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    /**
     * {@return the hex SHA-256 of what the stream has left} The stream is read to its end, not closed.
     *
     * @param in the stream
     * @throws IOException if reading fails
     */
    public static String sha256(InputStream in) throws IOException {
        MessageDigest d = digest();
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            d.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
