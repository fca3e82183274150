package dev.fluxschnell.sdk.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The emulator's HTTP helpers: JSON and problem answers, and the {@code Prefer}/{@code Cancel-After} headers. */
final class Http {
    private Http() {}

    static int parseWait(String prefer) {
        if (prefer == null) {
            return 0;
        }
        Matcher m = Pattern.compile("wait(?:=(\\d+))?").matcher(prefer);
        if (!m.find()) {
            return 0;
        }
        return m.group(1) == null ? 60 : Math.min(60, Math.max(1, Integer.parseInt(m.group(1))));
    }

    static Duration parseDuration(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        Matcher m = Pattern.compile("(\\d+)(ms|h|m|s)").matcher(text.trim());
        Duration d = Duration.ZERO;
        boolean any = false;
        while (m.find()) {
            any = true;
            long n = Long.parseLong(m.group(1));
            switch (m.group(2)) {
                case "h" -> d = d.plusHours(n);
                case "m" -> d = d.plusMinutes(n);
                case "ms" -> d = d.plusMillis(n);
                default -> d = d.plusSeconds(n);
            }
        }
        return any ? d : null;
    }

    static void json(HttpExchange ex, int status, JsonNode body) throws IOException {
        send(ex, status, body, "application/json");
    }

    static void send(HttpExchange ex, int status, JsonNode body, String contentType) throws IOException {
        byte[] bytes = FakeReplicateServer.JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    static void problem(HttpExchange ex, int status, String title, String detail, ArrayNode fields)
            throws IOException {
        ObjectNode n = FakeReplicateServer.JSON.createObjectNode().put("title", title).put("status", status).put("detail", detail);
        if (fields != null) {
            n.set("invalid_fields", fields);
        }
        send(ex, status, n, "application/problem+json");
    }
}
