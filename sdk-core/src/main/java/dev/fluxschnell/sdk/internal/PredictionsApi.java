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
 * The predictions API: create (with {@code Prefer: wait} and {@code Cancel-After}), get, cancel, and the recent list
 * reconciliation reads. Not API.
 */
public final class PredictionsApi {
    private final ReplicateApi api;
    private final ClientConfig config;

    /** The predictions API over {@code api}. */
    public PredictionsApi(ReplicateApi api) {
        this.api = api;
        this.config = api.config();
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
     * @param wait how long to wait for the result ({@code Prefer: wait}), or null not to
     * @param cancelAfter the prediction's deadline, from its creation
     * @param onSent hears when the request went out
     * @return the prediction
     */
    public CompletableFuture<Prediction> create(String path, byte[] body, Duration wait, Duration cancelAfter,
                                                java.util.function.Consumer<Duration> onSent) {
        HttpRequest.Builder b = api.authorized(api.uri(path))
                .timeout(wait != null ? wait.plus(config.requestTimeout()) : config.requestTimeout())
                .header("Content-Type", "application/json")
                .header("Cancel-After", Math.max(5, cancelAfter.toSeconds()) + "s")
                .POST(new SentSignal(HttpRequest.BodyPublishers.ofByteArray(body), onSent));
        if (wait != null) {
            b.header("Prefer", "wait=" + wait.toSeconds());
        }
        HttpRequest http = b.build();
        return api.withRetries("create", true, () -> api.send(http, null, true, true));
    }

    /** Reads a prediction's current state. */
    public CompletableFuture<Prediction> get(Prediction p) {
        URI uri = api.sameOrigin(p.getUrl()) ? p.getUrl() : api.uri("/v1/predictions/" + ReplicateApi.encode(p.id()));
        HttpRequest http = api.authorized(uri).timeout(config.requestTimeout()).GET().build();
        return api.withRetries("get", false, () -> api.send(http, p.id(), true, false));
    }

    /** Cancels a prediction (Replicate answers with its state; canceling a finished one is harmless). */
    public CompletableFuture<Prediction> cancel(String predictionId) {
        URI uri = api.uri("/v1/predictions/" + ReplicateApi.encode(predictionId) + "/cancel");
        HttpRequest http = api.authorized(uri).timeout(config.requestTimeout())
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        return api.withRetries("cancel", false, () -> api.send(http, predictionId, false, false));
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
        return page(api.uri("/v1/predictions"), since, new ArrayList<>(), 1);
    }

    private static final int MAX_LIST_PAGES = 5;

    private CompletableFuture<Listing> page(URI uri, java.time.Instant since, List<Prediction> read, int pageNo) {
        return api.getJson(uri, "list").thenCompose(page -> {
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
            if (!ReplicateApi.hasNext(page) || reachesBack) {
                return CompletableFuture.completedFuture(new Listing(List.copyOf(read), true));
            }
            if (pageNo >= MAX_LIST_PAGES) {
                return CompletableFuture.completedFuture(new Listing(List.copyOf(read), false));
            }
            return page(api.nextPage(page), since, read, pageNo + 1);
        });
    }

    /**
     * Whether a failed create leaves open whether the prediction exists: the request may have reached the server (the
     * connection dropped after sending, a timeout, an unreadable answer, a 5xx without a problem document).
     */
    public static boolean isAmbiguousCreateFailure(Throwable e) {
        return e instanceof FluxSchnellException f && f.predictionMayExist() && f.predictionId().isEmpty();
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

}
