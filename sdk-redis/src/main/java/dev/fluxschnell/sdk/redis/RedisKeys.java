package dev.fluxschnell.sdk.redis;

import dev.fluxschnell.sdk.RequestOptions;
import java.nio.charset.StandardCharsets;

/**
 * Turns a caller's text (a quota subject, a batch id) into one segment of a Redis key that cannot reach into another
 * key: letters, digits and {@code - . _ ~ / @ +} are kept, every other byte of its UTF-8 form becomes {@code %XX} —
 * so a segment holds no {@code :} (the separator), no {@code { }} (Redis Cluster hash tags), no glob characters, no
 * spaces or control characters, and two different texts never give the same segment.
 */
final class RedisKeys {
    private static final String KEPT = "-._~/@+";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private RedisKeys() {}

    /** {@return {@code text} as a key segment, escaped where needed} */
    static String segment(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || KEPT.indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    /**
     * {@return a quota subject as a key segment, after the core's rule for subjects}
     *
     * @throws IllegalArgumentException for a subject {@link RequestOptions#checkSubject} refuses (blank, over 128
     *     characters, or with a control character), with its message
     */
    static String subject(String subject) {
        return segment(RequestOptions.checkSubject(subject));
    }
}
