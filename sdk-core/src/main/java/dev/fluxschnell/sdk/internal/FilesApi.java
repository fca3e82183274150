package dev.fluxschnell.sdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import dev.fluxschnell.sdk.errors.FluxSchnellException;
import dev.fluxschnell.sdk.errors.FluxSchnellServiceException;
import dev.fluxschnell.sdk.errors.AuthenticationException;
import dev.fluxschnell.sdk.errors.FluxSchnellIOException;
import dev.fluxschnell.sdk.errors.InvalidRequestException;
import dev.fluxschnell.sdk.errors.NotFoundException;
import dev.fluxschnell.sdk.errors.PermissionDeniedException;
import dev.fluxschnell.sdk.errors.RateLimitException;
import dev.fluxschnell.sdk.errors.ServerException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import dev.fluxschnell.sdk.ratelimit.Throttle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Files API: uploads ({@code POST /v1/files}, as the official clients send them) and the account's file list. Not
 * API.
 */
public final class FilesApi {
    private final ReplicateApi api;
    private final ClientConfig config;

    /** The Files API over {@code api}. */
    public FilesApi(ReplicateApi api) {
        this.api = api;
        this.config = api.config();
    }

    /**
     * An uploaded file of the Files API.
     *
     * @param id the file's id
     * @param url {@code urls.get}: what to pass as a model input
     * @param sha256 the content's SHA-256 (hex), when the answer gave it
     * @param expiresAt when the file expires, when the answer said
     */
    public record FileUpload(String id, String url, String sha256, java.time.Instant expiresAt) {}

    /**
     * Uploads a file ({@code POST /v1/files}, multipart part {@code content} with the file name and content type, as
     * the official clients send it).
     *
     * @param content the bytes, re-readable for a retry
     * @param length the number of bytes
     * @param filename the file name sent
     * @param contentType the content type sent
     * @return the uploaded file
     */
    public CompletableFuture<FileUpload> upload(Supplier<java.io.InputStream> content, long length, String filename,
                                                String contentType) {
        String boundary = "flux-schnell-java-" + java.util.UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"content\"; filename=\""
                + filename.replaceAll("[\"\\r\\n]", "_") + "\"\r\nContent-Type: " + contentType + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest http = api.authorized(api.uri("/v1/files"))
                .timeout(config.requestTimeout().plusSeconds(Math.max(0, length / (1024 * 1024))))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                        HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(content),
                                length),
                        HttpRequest.BodyPublishers.ofByteArray(tail)))
                .build();
        return api.withRetries("upload", false, () -> api.exchange(http, null, false, false)
                .thenApply(a -> fileUpload(Json.tree(a.json()))));
    }

    /**
     * Lists the account's uploaded files, newest first ({@code GET /v1/files}, following {@code next} for at most
     * {@code pages} pages).
     *
     * @param pages the most pages to read
     * @return the files read
     */
    public CompletableFuture<List<FileUpload>> files(int pages) {
        return filePage(api.uri("/v1/files"), new ArrayList<>(), pages);
    }

    private CompletableFuture<List<FileUpload>> filePage(URI uri, List<FileUpload> read, int pagesLeft) {
        return api.getJson(uri, "list files").thenCompose(page -> {
            for (JsonNode f : page.path("results")) {
                read.add(fileUpload(f));
            }
            if (!ReplicateApi.hasNext(page) || pagesLeft <= 1) {
                return CompletableFuture.completedFuture(List.copyOf(read));
            }
            return filePage(api.nextPage(page), read, pagesLeft - 1);
        });
    }

    private static FileUpload fileUpload(JsonNode f) {
        String id = f.path("id").asText(null);
        String url = f.path("urls").path("get").asText(null);
        if (id == null || url == null) {
            throw new FluxSchnellIOException("the Files API answered without an id or urls.get", null, null, false);
        }
        java.time.Instant expires = null;
        try {
            expires = f.hasNonNull("expires_at") ? java.time.Instant.parse(f.get("expires_at").asText()) : null;
        } catch (java.time.format.DateTimeParseException ignored) {
            // unknown expiry: treated as expiring soon
        }
        return new FileUpload(id, url, f.path("checksums").path("sha256").asText(null), expires);
    }

}
