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
 * The one way the SDK talks to Replicate's API: authorized requests on the client's base URL, each answer read within
 * its timeout and mapped to the SDK's exceptions, with Failsafe retries — the predictions, files and models APIs
 * ({@link PredictionsApi}, {@link FilesApi}, {@link ModelsApi}) are made of its calls. Not API.
 *
 * <p>Retry policy: GETs and cancels are retried on 408/409/429/5xx and I/O errors. A create is retried only where no
 * prediction can have been created: when the connection could not be established, and on a 5xx whose body is a
 * problem document without a prediction id (Replicate answered that the request failed). A create whose connection
 * dropped after sending, that timed out, or got a 5xx without a problem body (a gateway page) is not retried: a
 * prediction may exist, and a second one would be billed again. A 429 to a create is not retried here either: the
 * caller waits for the client-wide limiter.
 */
public final class ReplicateApi {
    /** The largest API answer read, not counting images that arrive inline (each capped by maxImageBytes). */
    public static final int MAX_ANSWER_BYTES = 4 * 1024 * 1024;
    private static final int MAX_ERROR_BYTES = 64 * 1024;
    private static final Logger log = LoggerFactory.getLogger(ReplicateApi.class);
    private static final String USER_AGENT = "flux-schnell-java/" + Version.VERSION;

    private final ClientConfig config;
    private final String base;
    private final Spool spool;
    private final Consumer<Throttle> onThrottled;

    /**
     * The sender for the given settings; large inline outputs go to {@code spool}; {@code onThrottled} hears of every
     * 429 answered to a create.
     */
    public ReplicateApi(ClientConfig config, Spool spool, Consumer<Throttle> onThrottled) {
        this.config = config;
        this.base = config.baseUrl().toString().replaceAll("/+$", "");
        this.spool = spool;
        this.onThrottled = onThrottled;
    }

    /** {@return the absolute URI of an API path on the client's base URL} */
    URI uri(String path) {
        return URI.create(base + path);
    }

    /** {@return the client's settings} */
    ClientConfig config() {
        return config;
    }

    /** {@return the spool of large inline outputs} */
    Spool spool() {
        return spool;
    }

    /** One GET (e.g. a page of a paginated list) with the retries of any GET, its body parsed. */
    CompletableFuture<JsonNode> getJson(URI uri, String what) {
        HttpRequest http = authorized(uri).timeout(config.requestTimeout()).GET().build();
        return withRetries(what, false, () -> exchange(http, null, false, false)).thenApply(b -> Json.tree(b.json()));
    }

    /** GETs an arbitrary API path (e.g. the webhook secret) and returns the parsed body. */
    public CompletableFuture<JsonNode> getJson(String path) {
        return getJson(uri(path), "get " + path);
    }

    static boolean hasNext(JsonNode page) {
        return page.hasNonNull("next") && !page.get("next").asText().isBlank();
    }

    /** The page's {@code next} link (there is one), on this client's server: its path and query on the base URL. */
    URI nextPage(JsonNode page) {
        URI nextUri = URI.create(page.get("next").asText());
        return sameOrigin(nextUri) ? nextUri : URI.create(base + nextUri.getRawPath()
                + (nextUri.getRawQuery() == null ? "" : "?" + nextUri.getRawQuery()));
    }

    HttpRequest.Builder authorized(URI uri) {
        return HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + config.apiToken())
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT);
    }

    CompletableFuture<Prediction> send(HttpRequest http, String predictionId, boolean spooling,
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
    CompletableFuture<AnswerBody.Answer> exchange(HttpRequest http, String predictionId, boolean spooling,
                                                          boolean create) {
        long start = System.nanoTime();
        Duration limit = http.timeout().orElse(config.requestTimeout());
        // the answer's body, or EXPIRED once the deadline has passed: a body whose headers come later is aborted at once
        AtomicReference<AnswerBody> body = new AtomicReference<>();
        HttpResponse.BodyHandler<AnswerBody.Answer> handler = info -> {
            AnswerBody b = info.statusCode() / 100 == 2
                    ? new AnswerBody(spooling ? spool : null, MAX_ANSWER_BYTES, config.maxImageBytes())
                    : new AnswerBody(null, MAX_ERROR_BYTES, 0);
            if (body.getAndUpdate(current -> current == EXPIRED ? EXPIRED : b) == EXPIRED) {
                b.abort(new HttpTimeoutException("no complete answer within " + limit));
            }
            return b;
        };
        CompletableFuture<Reply> guarded = new CompletableFuture<>();
        ScheduledFuture<?> deadline = config.scheduler().schedule(() -> {
            java.io.IOException timeout = config.closed() // ended early by the closing client
                    ? new java.io.InterruptedIOException(ClientConfig.CLOSED)
                    : new HttpTimeoutException("no complete answer within " + limit);
            AnswerBody b = body.getAndSet(EXPIRED);
            // on an I/O thread: aborting deletes spooled files, and what depends on the call runs where it completes
            config.runOnIo(() -> {
                if (b != null) {
                    b.abort(timeout); // ends the exchange; before the headers, the request's own timeout does
                }
                guarded.completeExceptionally(timeout);
            });
        }, limit.toNanos(), TimeUnit.NANOSECONDS);
        config.send(http, handler).whenComplete((response, error) -> {
            deadline.cancel(false);
            if (error != null) {
                guarded.completeExceptionally(error);
            } else if (!guarded.complete(new Reply(response.statusCode(), response.headers(), response.body()))) {
                spool.releaseAll(response.body().spooled()); // it came after its deadline: nobody will use it
            }
        });
        return guarded
                .handle((response, error) -> {
                    if (error != null) {
                        Throwable cause = unwrap(error);
                        boolean notSent = cause instanceof ConnectException
                                || cause instanceof HttpConnectTimeoutException
                                || cause instanceof javax.net.ssl.SSLHandshakeException; // nothing goes out before it
                        throw new FluxSchnellIOException(http.method() + " " + http.uri().getPath() + " failed: "
                                + redact(String.valueOf(cause)), predictionId, cause, create && !notSent);
                    }
                    if (log.isDebugEnabled()) {
                        log.debug("{} {} -> {} in {} ms", http.method(), http.uri().getPath(), response.status(),
                                (System.nanoTime() - start) / 1_000_000);
                    }
                    if (response.status() / 100 != 2) {
                        throw toException(response.status(), response.headers(), response.body().json(),
                                predictionId, create);
                    }
                    return response.body();
                });
    }

    /** Stands for "the deadline has passed" where an exchange keeps its body. */
    private static final AnswerBody EXPIRED = new AnswerBody(null, 0, 0);

    /** An answer read to its end: its status, headers and body. */
    private record Reply(int status, HttpHeaders headers, AnswerBody.Answer body) {}

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

    <T> CompletableFuture<T> withRetries(String what, boolean isCreate, Supplier<CompletableFuture<T>> call) {
        RetryPolicy<T> policy = RetryPolicy.<T>builder()
                .handleIf((T result, Throwable e) -> e != null && isRetryable(unwrap(e), isCreate)
                        && !(isCreate && unwrap(e) instanceof RateLimitException))
                .withMaxRetries(config.maxRetries())
                .withDelayFn(ctx -> delay(unwrap(ctx.getLastException()), ctx.getAttemptCount()))
                .onRetry(e -> log.debug("retrying {} (attempt {}) after: {}", what, e.getAttemptCount() + 1,
                        String.valueOf(unwrap(e.getLastException()).getMessage())))
                .build();
        return Failsafe.with(policy).with(config.attempts()).getStageAsync(() -> call.get()
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

    boolean sameOrigin(URI uri) {
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

    /**
     * {@return {@code s} encoded for a path segment}
     *
     * @param s e.g. a prediction id
     */
    public static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
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
