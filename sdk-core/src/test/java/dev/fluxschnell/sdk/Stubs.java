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

    static byte[] webp(int size) {
        return TestImages.webp(size);
    }

    static byte[] png(int size) {
        return TestImages.png(size);
    }
}
