package dev.fluxschnell.sdk.testing;

import static dev.fluxschnell.sdk.testing.Http.json;
import static dev.fluxschnell.sdk.testing.Http.problem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The emulator's Files API, as replicate-python's recorded answers show it: {@code POST /v1/files} (multipart, part
 * {@code content} with its file name and content type, optional part {@code metadata}) answers 201 with the file
 * object; {@code GET /v1/files/{id}} the same object; {@code GET /v1/files} a cursor page, newest first;
 * {@code DELETE /v1/files/{id}} 204 with an empty body. Files expire after the server's file lifetime (24 h by
 * default), after which they are gone (404) like deleted ones. Over 100 MiB is answered 413 with an HTML page, as
 * Replicate's front end does.
 */
final class FileStore {
    /** The Files API's upload limit. */
    static final long MAX_BYTES = 100L * 1024 * 1024;
    private static final int PAGE = 100;

    /** One uploaded file. */
    record StoredFile(String id, String name, String contentType, byte[] bytes, String sha256, String md5,
                      JsonNode metadata, Instant createdAt, Instant expiresAt, long order) {}

    private final FakeReplicateServer server;
    private final Map<String, StoredFile> files = new ConcurrentHashMap<>();
    private final AtomicLong order = new AtomicLong();
    final AtomicLong uploads = new AtomicLong();

    FileStore(FakeReplicateServer server) {
        this.server = server;
    }

    /** {@return the live file with this id, or null when it never existed, was deleted or expired} */
    StoredFile get(String id) {
        StoredFile f = files.get(id);
        if (f != null && !f.expiresAt().isAfter(Instant.now())) {
            files.remove(id, f);
            return null;
        }
        return f;
    }

    /** {@return whether {@code url} is this server's {@code urls.get} of a file (live or not)} */
    boolean isFileUrl(String url) {
        return url.startsWith(server.baseUrl() + "/v1/files/");
    }

    /** {@return the id in a file URL of this server} */
    String idOf(String url) {
        return url.substring((server.baseUrl() + "/v1/files/").length());
    }

    /** Routes {@code /v1/files...}; answers 404 for what it does not serve. */
    void handle(HttpExchange ex, String method, String path) throws IOException {
        String rest = path.substring("/v1/files".length());
        if (rest.isEmpty() || rest.equals("/")) {
            if (method.equals("POST")) {
                create(ex);
            } else if (method.equals("GET")) {
                list(ex);
            } else {
                problem(ex, 405, "Method not allowed", method + " " + path, null);
            }
            return;
        }
        String id = rest.substring(1);
        StoredFile f = id.contains("/") ? null : get(id);
        if (f == null) {
            problem(ex, 404, "Not found", "Not found.", null);
        } else if (method.equals("GET")) {
            json(ex, 200, toJson(f));
        } else if (method.equals("DELETE")) {
            files.remove(id);
            ex.getResponseHeaders().set("Content-Type", "text/plain; charset=UTF-8");
            ex.sendResponseHeaders(204, -1);
        } else {
            problem(ex, 405, "Method not allowed", method + " " + path, null);
        }
    }

    private void create(HttpExchange ex) throws IOException {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        if (length != null && Long.parseLong(length.trim()) > MAX_BYTES + 64 * 1024) {
            tooLarge(ex);
            return;
        }
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        String boundary = type == null ? null : param(type, "boundary");
        if (type == null || !type.startsWith("multipart/form-data") || boundary == null) {
            problem(ex, 400, "Bad request", "Expected a multipart/form-data body", null);
            return;
        }
        byte[] body = ex.getRequestBody().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, MAX_BYTES + 64 * 1024 + 1));
        List<Multipart.Part> parts = Multipart.parse(body, boundary);
        Multipart.Part content = parts.stream().filter(p -> "content".equals(p.name())).findFirst().orElse(null);
        if (content == null || content.filename() == null) {
            problem(ex, 400, "Bad request", "The request must include a 'content' file part with a filename", null);
            return;
        }
        if (content.body().length > MAX_BYTES) {
            tooLarge(ex);
            return;
        }
        JsonNode metadata = FakeReplicateServer.JSON.createObjectNode();
        for (Multipart.Part p : parts) {
            if ("metadata".equals(p.name())) {
                try {
                    metadata = FakeReplicateServer.JSON.readTree(p.body());
                } catch (IOException e) {
                    problem(ex, 400, "Bad request", "metadata must be valid JSON", null);
                    return;
                }
            }
        }
        Instant now = Instant.now();
        String id = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                java.util.UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII));
        StoredFile f = new StoredFile(id, content.filename(), content.contentType() != null ? content.contentType()
                : "application/octet-stream", content.body(), digest("SHA-256", content.body()),
                digest("MD5", content.body()), metadata, now, now.plus(server.config.fileLifetime),
                order.incrementAndGet());
        files.put(id, f);
        uploads.incrementAndGet();
        json(ex, 201, toJson(f));
    }

    private void list(HttpExchange ex) throws IOException {
        String query = ex.getRequestURI().getRawQuery();
        int from = 0;
        if (query != null && query.startsWith("cursor=")) {
            try {
                from = Math.max(0, Integer.parseInt(query.substring("cursor=".length())));
            } catch (NumberFormatException e) {
                problem(ex, 400, "Bad request", "invalid cursor", null);
                return;
            }
        }
        List<StoredFile> live = files.keySet().stream().map(this::get).filter(java.util.Objects::nonNull)
                .sorted(Comparator.comparingLong(StoredFile::order).reversed()).toList();
        ObjectNode page = FakeReplicateServer.JSON.createObjectNode();
        int to = Math.min(live.size(), from + PAGE);
        if (to < live.size()) {
            page.put("next", server.baseUrl() + "/v1/files?cursor=" + to);
        } else {
            page.putNull("next");
        }
        page.putNull("previous");
        ArrayNode results = page.putArray("results");
        live.subList(Math.min(from, to), to).forEach(f -> results.add(toJson(f)));
        json(ex, 200, page);
    }

    private ObjectNode toJson(StoredFile f) {
        ObjectNode n = FakeReplicateServer.JSON.createObjectNode();
        n.put("id", f.id()).put("name", f.name()).put("content_type", f.contentType()).put("size", f.bytes().length)
                .put("etag", f.md5());
        n.putObject("checksums").put("sha256", f.sha256()).put("md5", f.md5());
        n.set("metadata", f.metadata());
        n.put("created_at", f.createdAt().toString()).put("expires_at", f.expiresAt().toString());
        n.putObject("urls").put("get", server.baseUrl() + "/v1/files/" + f.id());
        return n;
    }

    private static void tooLarge(HttpExchange ex) throws IOException {
        byte[] html = ("<html>\r\n<head><title>413 Request Entity Too Large</title></head>\r\n<body>\r\n<center><h1>413 "
                + "Request Entity Too Large</h1></center>\r\n</body>\r\n</html>\r\n").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/html");
        ex.getResponseHeaders().set("Connection", "close");
        ex.sendResponseHeaders(413, html.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(html);
        }
    }

    private static String param(String header, String name) {
        for (String part : header.split(";")) {
            String p = part.trim();
            if (p.regionMatches(true, 0, name + "=", 0, name.length() + 1)) {
                String v = p.substring(name.length() + 1);
                return v.startsWith("\"") && v.endsWith("\"") && v.length() >= 2 ? v.substring(1, v.length() - 1) : v;
            }
        }
        return null;
    }

    /** The hex digest of the bytes. */
    static String digest(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
