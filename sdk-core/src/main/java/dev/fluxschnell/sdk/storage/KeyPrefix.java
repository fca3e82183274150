package dev.fluxschnell.sdk.storage;

/** Validation of object-store key prefixes, for {@link ImageStorage} implementations. */
public final class KeyPrefix {
    private KeyPrefix() {}

    /**
     * Checks a key prefix such as {@code campaigns/2026/} and returns it with a trailing '/' (or "" for ""). Rejected:
     * a leading '/', '.' or '..' segments, empty segments, backslashes and control characters.
     *
     * @param prefix the key prefix, or ""
     * @return the prefix with a trailing '/', or "" for ""
     * @throws IllegalArgumentException naming the problem
     */
    public static String normalize(String prefix) {
        if (prefix == null) {
            throw new NullPointerException("prefix must not be null");
        }
        if (prefix.isEmpty()) {
            return "";
        }
        String p = prefix.endsWith("/") ? prefix : prefix + "/";
        if (p.startsWith("/") || p.contains("\\") || p.contains("//") || p.chars().anyMatch(c -> c < 0x20 || c == 0x7f)
                || ("/" + p).contains("/../") || ("/" + p).contains("/./")) {
            throw new IllegalArgumentException("prefix must be a relative key prefix without '..', '.', empty "
                    + "segments, backslashes, a leading '/' or control characters, was '" + prefix + "'");
        }
        return p;
    }
}
