package dev.fluxschnell.sdk.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A small {@code multipart/form-data} parser (RFC 7578) for the emulator's {@code POST /v1/files}. */
final class Multipart {
    private static final Pattern NAME = Pattern.compile("(?i)[; ]name=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("(?i)filename=\"([^\"]*)\"");

    /**
     * One part.
     *
     * @param name its form field name
     * @param filename its file name, or null for a plain field
     * @param contentType its content type, or null
     * @param body its bytes
     */
    record Part(String name, String filename, String contentType, byte[] body) {}

    private Multipart() {}

    /** {@return the parts of {@code body}; malformed parts are skipped} */
    static List<Part> parse(byte[] body, String boundary) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        List<Part> parts = new ArrayList<>();
        int at = indexOf(body, delimiter, 0);
        while (at >= 0) {
            int start = at + delimiter.length;
            if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
                break; // the closing delimiter
            }
            int headersStart = start + 2; // CRLF after the delimiter
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), headersStart);
            int next = indexOf(body, ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII), headersStart);
            if (headersEnd < 0 || next < 0 || headersEnd > next) {
                break;
            }
            String headers = new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8);
            String disposition = null;
            String type = null;
            for (String line : headers.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String key = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                if (key.equalsIgnoreCase("Content-Disposition")) {
                    disposition = value;
                } else if (key.equalsIgnoreCase("Content-Type")) {
                    type = value;
                }
            }
            if (disposition != null) {
                Matcher name = NAME.matcher(disposition);
                Matcher filename = FILENAME.matcher(disposition);
                parts.add(new Part(name.find() ? name.group(1) : null, filename.find() ? filename.group(1) : null, type,
                        Arrays.copyOfRange(body, headersEnd + 4, next)));
            }
            at = next + 2;
        }
        return parts;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
