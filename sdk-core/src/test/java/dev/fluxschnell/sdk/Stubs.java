package dev.fluxschnell.sdk;

import java.util.Arrays;
import java.util.stream.Collectors;

/** JSON bodies Replicate sends, for WireMock stubs. */
final class Stubs {
    static final String CREATE = "/v1/models/black-forest-labs/flux-schnell/predictions";
    static final String TOKEN = "r8_TestTokenSecret123";

    private Stubs() {}

    static String prediction(String baseUrl, String id, String status, String... outputs) {
        String output = outputs.length == 0 ? "null"
                : Arrays.stream(outputs).map(o -> "\"" + o + "\"").collect(Collectors.joining(",", "[", "]"));
        return "{\"id\":\"" + id + "\",\"model\":\"black-forest-labs/flux-schnell\",\"version\":\"v\","
                + "\"status\":\"" + status + "\",\"output\":" + output + ",\"error\":null,"
                + "\"metrics\":{\"predict_time\":0.61},"
                + "\"urls\":{\"get\":\"" + baseUrl + "/v1/predictions/" + id + "\",\"cancel\":\"" + baseUrl
                + "/v1/predictions/" + id + "/cancel\"}}";
    }

    static String failed(String id, String error) {
        return "{\"id\":\"" + id + "\",\"status\":\"failed\",\"output\":null,\"error\":\"" + error + "\"}";
    }

    static String problem(int status, String title, String detail) {
        return "{\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}";
    }

    /** Bytes that start with the PNG signature and end with the IEND chunk (enough for the SDK's format check). */
    static byte[] png(int size) {
        byte[] b = new byte[Math.max(size, 20)];
        byte[] sig = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        byte[] iend = {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xae, 0x42, 0x60, (byte) 0x82};
        System.arraycopy(sig, 0, b, 0, sig.length);
        System.arraycopy(iend, 0, b, b.length - iend.length, iend.length);
        return b;
    }

    /** A well-formed WebP container of {@code size} bytes (RIFF length consistent), with filler content. */
    static byte[] webp(int size) {
        byte[] b = new byte[Math.max(size, 12)];
        int riff = b.length - 8;
        byte[] head = {'R', 'I', 'F', 'F', (byte) riff, (byte) (riff >> 8), (byte) (riff >> 16), (byte) (riff >> 24),
            'W', 'E', 'B', 'P'};
        System.arraycopy(head, 0, b, 0, head.length);
        for (int i = head.length; i < b.length; i++) {
            b[i] = (byte) (i * 31);
        }
        return b;
    }
}
