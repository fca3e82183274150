package dev.fluxschnell.sdk.internal;

/**
 * Removes the API token from text a server or the JDK produced (problem details, HTML snippets, exception messages):
 * the whole token, and any run of 8 or more of its leading characters (a snippet cut off mid-token). Not API.
 */
public final class Redaction {
    /** What replaces a token or a fragment of it. */
    public static final String MASK = "***";
    private static final int MIN_FRAGMENT = 8;

    private Redaction() {}

    /** {@code text} with every occurrence of {@code token} or a leading fragment of it masked; null stays null. */
    public static String redact(String text, String token) {
        if (text == null || token == null || token.isEmpty()) {
            return text;
        }
        String head = token.substring(0, Math.min(token.length(), MIN_FRAGMENT));
        int at = text.indexOf(head);
        if (at < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        while (at >= 0) {
            int end = at + head.length();
            while (end < text.length() && end - at < token.length() && text.charAt(end) == token.charAt(end - at)) {
                end++;
            }
            out.append(text, from, at).append(MASK);
            from = end;
            at = text.indexOf(head, end);
        }
        return out.append(text, from, text.length()).toString();
    }
}
