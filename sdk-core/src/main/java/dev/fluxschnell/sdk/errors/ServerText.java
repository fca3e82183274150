package dev.fluxschnell.sdk.errors;

import java.util.regex.Pattern;

/**
 * Text a server sent (prediction ids, statuses, model errors, problem details), made safe to show: no control
 * characters, terminal escapes or bidirectional overrides can reach a message, a log line, a terminal or an event
 * stream through it. The SDK cleans such text where it parses it; the text is never refused for it (a paid
 * prediction is kept whatever its id looks like).
 */
public final class ServerText {
    /** The most characters kept of one server text; longer text is cut with {@code …}. */
    public static final int MAX_LENGTH = 4000;
    /** ANSI escape sequences: CSI (ESC [ ... final byte) and OSC (ESC ] ... BEL or ST). */
    private static final Pattern ESCAPES = Pattern.compile("\u001B\\[[0-?]*[ -/]*[@-~]|\u001B\\][^\u0007\u001B]*"
            + "(\u0007|\u001B\\\\)?|\u009B[0-?]*[ -/]*[@-~]");

    private ServerText() {}

    /**
     * {@return {@code text} safe to show: escape sequences removed, line breaks and tabs as spaces, any other control
     * character (C0, DEL, C1) or bidirectional override as {@code ?}, cut to {@link #MAX_LENGTH}; null stays null}
     *
     * @param text text a server sent, or null
     */
    public static String clean(String text) {
        if (text == null) {
            return null;
        }
        String s = text.indexOf('\u001B') >= 0 || text.indexOf('\u009B') >= 0 ? ESCAPES.matcher(text).replaceAll("")
                : text;
        StringBuilder out = null;
        int n = Math.min(s.length(), MAX_LENGTH);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            char r = c == '\r' || c == '\n' || c == '\t' ? ' ' : unsafe(c) ? '?' : c;
            if (r != c && out == null) {
                out = new StringBuilder(n + 1).append(s, 0, i);
            }
            if (out != null) {
                out.append(r);
            }
        }
        String cleaned = out != null ? out.toString() : s.substring(0, n);
        return s.length() > MAX_LENGTH ? cleaned + "…" : cleaned;
    }

    private static boolean unsafe(char c) {
        return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2066' && c <= '\u2069') || c == '\u200E' || c == '\u200F' || c == '\u061C';
    }
}
