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
 * The Replicate HTTP calls the SDK makes (create, get, cancel), asynchronous, with Failsafe retries. Not API.
 *
 * <p>Retry policy: GET and cancel are retried on 408/409/429/5xx and I/O errors. Create is retried only where no
 * prediction can have been created: on 429, when the connection could not be established, and on a 5xx whose body is
 * a problem document without a prediction id (Replicate answered that the request failed). A create whose connection
 * dropped after sending, that timed out, or got a 5xx without a problem body (a gateway page) is not retried: a
 * prediction may exist, and a second one would be billed again.
 */
public final class ReplicateTransport {
    /** The largest API answer read, not counting images that arrive inline (each capped by maxImageBytes). */
    public static final int MAX_ANSWER_BYTES = 4 * 1024 * 1024;
    private static final int MAX_ERROR_BYTES = 64 * 1024;
    private static final Logger log = LoggerFactory.getLogger(ReplicateTransport.class);
    private static final String USER_AGENT = "flux-schnell-java/" + Version.VERSION;

    private final ClientConfig config;
    private final String base;
    private final Spool spool;
    private final Consumer<Throttle> onThrottled;

    /**
     * A transport for the given settings; large inline outputs go to {@code spool}; {@code onThrottled} hears of every
     * 429 answered to a create.
     */
    public ReplicateTransport(ClientConfig config, Spool spool, Consumer<Throttle> onThrottled) {
        this.config = config;
        this.base = config.baseUrl().toString().replaceAll("/+$", "");
        this.spool = spool;
        this.onThrottled = onThrottled;
    }

    /**
     * Creates a prediction at {@code path} (a model's, a deployment's, or {@code /v1/predictions} for a version) with
     * {@code body}, {@code Cancel-After: cancelAfter}, holding the call open for the result when {@code wait}
     * ({@code Prefer: wait=N}); {@code onSent} hears when the request has been written, with the nanoseconds it took
     * from sending to that point (connection set-up included). A 429 is not retried here: it fails with
     * {@link RateLimitException} (after {@code onThrottled} heard of it) so that the caller waits for the client-wide
     * limiter, not in lockstep with every other throttled call.
     *
     * @param path the create path
     * @param body the JSON body
     * @param wait whether to wait for the result
     * @param cancelAfter the prediction's deadline, from its creation
     * @param onSent hears when the request went out
     * @return the prediction
     */
    public CompletableFuture<Prediction> create(String path, byte[] body, boolean wait, Duration cancelAfter,
                                                java.util.function.Consumer<Duration> onSent) {
        HttpRequest.Builder b = authorized(URI.create(base + path))
                .timeout(wait ? config.syncWait().plus(config.requestTimeout()) : config.requestTimeout())
                .header("Content-Type", "application/json")
                .header("Cancel-After", Math.max(5, cancelAfter.toSeconds()) + "s")
                .POST(new SentSignal(HttpRequest.BodyPublishers.ofByteArray(body), onSent));
        if (wait) {
            b.header("Prefer", "wait=" + config.syncWait().toSeconds());
        }
        HttpRequest http = b.build();
        return withRetries("create", true, () -> send(http, null, true, true));
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
        HttpRequest http = authorized(URI.create(base + "/v1/files"))
                .timeout(config.requestTimeout().plusSeconds(Math.max(0, length / (1024 * 1024))))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                        HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(content),
                                length),
                        HttpRequest.BodyPublishers.ofByteArray(tail)))
                .build();
        return withRetries("upload", false, () -> exchange(http, null, false, false)
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
        return filePage(URI.create(base + "/v1/files"), new ArrayList<>(), pages);
    }

    private CompletableFuture<List<FileUpload>> filePage(URI uri, List<FileUpload> read, int pagesLeft) {
        return getJson(uri, "list files").thenCompose(page -> {
            for (JsonNode f : page.path("results")) {
                read.add(fileUpload(f));
            }
            if (!hasNext(page) || pagesLeft <= 1) {
                return CompletableFuture.completedFuture(List.copyOf(read));
            }
            return filePage(nextPage(page), read, pagesLeft - 1);
        });
    }

    /** One GET (e.g. a page of a paginated list) with the retries of any GET, its body parsed. */
    private CompletableFuture<JsonNode> getJson(URI uri, String what) {
        HttpRequest http = authorized(uri).timeout(config.requestTimeout()).GET().build();
        return withRetries(what, false, () -> exchange(http, null, false, false)).thenApply(b -> Json.tree(b.json()));
    }

    private static boolean hasNext(JsonNode page) {
        return page.hasNonNull("next") && !page.get("next").asText().isBlank();
    }

    /** The page's {@code next} link (there is one), on this client's server: its path and query on the base URL. */
    private URI nextPage(JsonNode page) {
        URI nextUri = URI.create(page.get("next").asText());
        return sameOrigin(nextUri) ? nextUri : URI.create(base + nextUri.getRawPath()
                + (nextUri.getRawQuery() == null ? "" : "?" + nextUri.getRawQuery()));
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

    /**
     * {@return the id of a model's latest version ({@code GET /v1/models/{owner}/{name}}, {@code latest_version.id})}
     *
     * @param model the model
     */
    public CompletableFuture<String> latestVersion(dev.fluxschnell.sdk.request.Model model) {
        return getJson("/v1/models/" + encode(model.owner()) + "/" + encode(model.name())).thenApply(n -> {
            String v = n.path("latest_version").path("id").asText(null);
            if (v == null || v.isBlank()) {
                throw new FluxSchnellIOException(model + " has no published version to run", null, null, false);
            }
            return v;
        });
    }

    /** Reads a prediction's current state. */
    public CompletableFuture<Prediction> get(Prediction p) {
        URI uri = sameOrigin(p.getUrl()) ? p.getUrl() : URI.create(base + "/v1/predictions/" + encode(p.id()));
        HttpRequest http = authorized(uri).timeout(config.requestTimeout()).GET().build();
        return withRetries("get", false, () -> send(http, p.id(), true, false));
    }

    /** Cancels a prediction (Replicate answers with its state; canceling a finished one is harmless). */
    public CompletableFuture<Prediction> cancel(String predictionId) {
        URI uri = URI.create(base + "/v1/predictions/" + encode(predictionId) + "/cancel");
        HttpRequest http = authorized(uri).timeout(config.requestTimeout())
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        return withRetries("cancel", false, () -> send(http, predictionId, false, false));
    }

    /**
     * What the prediction list showed: the predictions read, newest first, and whether they reach back to the time
     * asked for (the list is paginated; a busy account may need several pages).
     *
     * @param predictions the predictions read
     * @param complete whether every prediction created since the time asked for is among them
     */
    public record Listing(List<Prediction> predictions, boolean complete) {}

    /**
     * Lists the account's predictions created since {@code since}, newest first ({@code GET /v1/predictions}, following
     * {@code next} for at most {@value #MAX_LIST_PAGES} pages).
     */
    public CompletableFuture<Listing> recent(java.time.Instant since) {
        return page(URI.create(base + "/v1/predictions"), since, new ArrayList<>(), 1);
    }

    private static final int MAX_LIST_PAGES = 5;

    private CompletableFuture<Listing> page(URI uri, java.time.Instant since, List<Prediction> read, int pageNo) {
        return getJson(uri, "list").thenCompose(page -> {
            java.time.Instant oldest = null;
            for (JsonNode n : page.path("results")) {
                try {
                    Prediction p = Json.prediction(n);
                    read.add(p);
                    if (p.createdAt() != null && (oldest == null || p.createdAt().isBefore(oldest))) {
                        oldest = p.createdAt();
                    }
                } catch (Json.MalformedJsonException skipped) {
                    // an entry we cannot read is not one we can adopt
                }
            }
            boolean reachesBack = oldest != null && oldest.isBefore(since);
            if (!hasNext(page) || reachesBack) {
                return CompletableFuture.completedFuture(new Listing(List.copyOf(read), true));
            }
            if (pageNo >= MAX_LIST_PAGES) {
                return CompletableFuture.completedFuture(new Listing(List.copyOf(read), false));
            }
            return page(nextPage(page), since, read, pageNo + 1);
        });
    }

    /**
     * Whether a failed create leaves open whether the prediction exists: the request may have reached the server (the
     * connection dropped after sending, a timeout, an unreadable answer, a 5xx without a problem document).
     */
    public static boolean isAmbiguousCreateFailure(Throwable e) {
        return e instanceof FluxSchnellException f && f.predictionMayExist() && f.predictionId().isEmpty();
    }

    /** GETs an arbitrary API path (e.g. the webhook secret) and returns the parsed body. */
    public CompletableFuture<JsonNode> getJson(String path) {
        return getJson(URI.create(base + path), "get " + path);
    }

    private HttpRequest.Builder authorized(URI uri) {
        return HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + config.apiToken())
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT);
    }

    private CompletableFuture<Prediction> send(HttpRequest http, String predictionId, boolean spooling,
                                               boolean create) {
        return exchange(http, predictionId, spooling, create).thenApply(answer -> {
            try {
                return Json.prediction(Json.tree(answer.json()));
            } catch (Json.MalformedJsonException e) {
                spool.releaseAll(answer.spooled());
                throw new FluxSchnellIOException("Replicate returned an unreadable answer to " + http.method() + " "
                        + http.uri().getPath() + ": " + e.getMessage(), predictionId, e, create);
            }
        });
    }

    /**
     * Sends {@code http} and reads its answer, all within the request's timeout: the JDK applies that timeout to the
     * response headers only, so a body that drips or stalls would otherwise hold the call open indefinitely.
     * {@code create}: the call creates a prediction (its failures may leave one behind).
     */
    private CompletableFuture<AnswerBody.Answer> exchange(HttpRequest http, String predictionId, boolean spooling,
                                                          boolean create) {
        long start = System.nanoTime();
        AtomicReference<AnswerBody> body = new AtomicReference<>();
        HttpResponse.BodyHandler<AnswerBody.Answer> handler = info -> {
            AnswerBody b = info.statusCode() / 100 == 2
                    ? new AnswerBody(spooling ? spool : null, MAX_ANSWER_BYTES, config.maxImageBytes())
                    : new AnswerBody(null, MAX_ERROR_BYTES, 0);
            body.set(b);
            return b;
        };
        Duration limit = http.timeout().orElse(config.requestTimeout());
        CompletableFuture<HttpResponse<AnswerBody.Answer>> sent = config.httpClient().sendAsync(http, handler);
        CompletableFuture<HttpResponse<AnswerBody.Answer>> guarded = new CompletableFuture<>();
        ScheduledFuture<?> deadline = config.scheduler().schedule(() -> {
            HttpTimeoutException timeout = new HttpTimeoutException("no complete answer within " + limit);
            AnswerBody b = body.get();
            if (b != null) {
                b.abort(timeout);
            }
            guarded.completeExceptionally(timeout);
            sent.cancel(true);
        }, limit.toNanos(), TimeUnit.NANOSECONDS);
        sent.whenComplete((response, error) -> {
            deadline.cancel(false);
            boolean taken = error != null ? guarded.completeExceptionally(error) : guarded.complete(response);
            if (!taken && response != null) {
                spool.releaseAll(response.body().spooled()); // it came after its deadline: nobody will use it
            }
        });
        return guarded
                .handle((response, error) -> {
                    if (error != null) {
                        Throwable cause = unwrap(error);
                        boolean notSent = cause instanceof ConnectException
                                || cause instanceof HttpConnectTimeoutException;
                        throw new FluxSchnellIOException(http.method() + " " + http.uri().getPath() + " failed: "
                                + redact(String.valueOf(cause)), predictionId, cause, create && !notSent);
                    }
                    if (log.isDebugEnabled()) {
                        log.debug("{} {} -> {} in {} ms", http.method(), http.uri().getPath(), response.statusCode(),
                                (System.nanoTime() - start) / 1_000_000);
                    }
                    if (response.statusCode() / 100 != 2) {
                        throw toException(response.statusCode(), response.headers(), response.body().json(),
                                predictionId, create);
                    }
                    return response.body();
                });
    }

    /**
     * Maps an error response to the exception for its status, with the problem's fields and the answer's headers;
     * never includes the token. {@code create}: the call was a create, so a 5xx without Replicate's problem document
     * (a gateway page, a 504) may have left a prediction behind.
     */
    FluxSchnellServiceException toException(int status, HttpHeaders headers, byte[] body, String predictionId,
                                            boolean create) {
        Json.Problem p = Json.problem(body);
        String title = redact(p.title());
        String detail = redact(p.isProblem() ? p.detail() : snippet(body));
        String id = predictionId != null ? predictionId : p.predictionId();
        java.util.Map<String, List<String>> h = headers.map();
        switch (status) {
            case 401:
                return new AuthenticationException(status, title, detail, id, h);
            case 402:
            case 403:
                return new PermissionDeniedException(status, title, detail, id, h);
            case 404:
                return new NotFoundException(status, title, detail, id, h);
            case 422:
                return new InvalidRequestException(status, title, detail, id, p.invalidFields(), h);
            case 429:
                Throttle t = RetryAfter.read(headers.firstValue("Retry-After").orElse(null),
                        p.retryAfter(), detail, config.clock());
                return new RateLimitException(status, title, detail, id, t, h);
            default:
                if (status >= 500) {
                    // A problem document (it always has a title) is Replicate saying the request failed; anything
                    // else (a gateway page, an empty body, a 504) leaves open whether a create made a prediction.
                    boolean said = title != null && status != 504 && id == null;
                    return new ServerException(status, title, detail, id, h, create && !said);
                }
                if (status >= 300 && status < 400) {
                    return new FluxSchnellServiceException(status, title, "unexpected redirect"
                            + headers.firstValue("Location").map(l -> " to " + redact(l)).orElse("")
                            + " (redirects are not followed)", id, h, false, id != null);
                }
                return new FluxSchnellServiceException(status, title, detail, id, h, false, id != null);
        }
    }

    private <T> CompletableFuture<T> withRetries(String what, boolean isCreate, Supplier<CompletableFuture<T>> call) {
        RetryPolicy<T> policy = RetryPolicy.<T>builder()
                .handleIf((T result, Throwable e) -> e != null && isRetryable(unwrap(e), isCreate)
                        && !(isCreate && unwrap(e) instanceof RateLimitException))
                .withMaxRetries(config.maxRetries())
                .withDelayFn(ctx -> delay(unwrap(ctx.getLastException()), ctx.getAttemptCount()))
                .onRetry(e -> log.debug("retrying {} (attempt {}) after: {}", what, e.getAttemptCount() + 1,
                        String.valueOf(unwrap(e.getLastException()).getMessage())))
                .build();
        return Failsafe.with(policy).with(config.scheduler()).getStageAsync(() -> call.get()
                .whenComplete((r, e) -> {
                    if (isCreate && e != null && unwrap(e) instanceof RateLimitException rle) {
                        onThrottled.accept(rle.throttle());
                    }
                }));
    }

    /**
     * Whether a failed call may be sent again: a create only when no prediction can exist for it (the exception says
     * so), other calls (idempotent) on 408/409/429/5xx and I/O errors.
     */
    static boolean isRetryable(Throwable e, boolean isCreate) {
        if (isCreate) {
            return e instanceof FluxSchnellException f && f.isRetryable();
        }
        if (e instanceof RateLimitException || e instanceof ServerException || e instanceof FluxSchnellIOException) {
            return true;
        }
        return e instanceof FluxSchnellServiceException a && (a.statusCode() == 408 || a.statusCode() == 409);
    }

    private Duration delay(Throwable e, int attempt) {
        if (e instanceof RateLimitException rle && rle.retryAfter().isPresent()) {
            return rle.retryAfter().get();
        }
        return backoff(config.retryBaseDelay(), config.retryMaxDelay(), attempt);
    }

    /** Exponential backoff with "equal jitter": between half and all of {@code min(max, base * 2^(attempt-1))}. */
    static Duration backoff(Duration base, Duration max, int attempt) {
        long cap = max.toMillis();
        long exp = base.toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
        long full = Math.min(cap, exp < 0 ? cap : exp);
        long half = full / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }

    private boolean sameOrigin(URI uri) {
        URI b = config.baseUrl();
        return uri != null && Objects.equals(uri.getScheme(), b.getScheme()) && Objects.equals(uri.getHost(), b.getHost())
                && uri.getPort() == b.getPort();
    }

    private String redact(String text) {
        return Redaction.redact(text, config.apiToken());
    }

    private static String snippet(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        String s = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8).strip();
        return s.replaceAll("\\p{Cntrl}", " ");
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A body publisher that reports when the client has taken the whole body (the request went out). */
    private static final class SentSignal implements HttpRequest.BodyPublisher {
        private final HttpRequest.BodyPublisher inner;
        private final java.util.function.Consumer<Duration> onSent;
        private final long created = System.nanoTime();

        SentSignal(HttpRequest.BodyPublisher inner, java.util.function.Consumer<Duration> onSent) {
            this.inner = inner;
            this.onSent = onSent;
        }

        @Override
        public long contentLength() {
            return inner.contentLength();
        }

        @Override
        public void subscribe(java.util.concurrent.Flow.Subscriber<? super java.nio.ByteBuffer> s) {
            inner.subscribe(new java.util.concurrent.Flow.Subscriber<java.nio.ByteBuffer>() {
                @Override
                public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
                    s.onSubscribe(subscription);
                }

                @Override
                public void onNext(java.nio.ByteBuffer item) {
                    s.onNext(item);
                }

                @Override
                public void onError(Throwable t) {
                    s.onError(t);
                }

                @Override
                public void onComplete() {
                    s.onComplete();
                    onSent.accept(Duration.ofNanos(System.nanoTime() - created));
                }
            });
        }
    }

    /** Strips {@link CompletionException} and similar wrappers. */
    public static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
