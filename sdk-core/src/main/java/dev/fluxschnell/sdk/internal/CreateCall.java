package dev.fluxschnell.sdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fluxschnell.sdk.ImageRequest;
import dev.fluxschnell.sdk.errors.FluxSchnellIOException;
import dev.fluxschnell.sdk.errors.PredictionCanceledException;
import dev.fluxschnell.sdk.errors.RateLimitException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One item's create, and everything that may send it again: the client-wide limiter's permit, 429s waited out through
 * the limiter, and reconciliation after an ambiguous failure (adopt what the lost call made, or re-create once).
 * Idempotent calls are retried by {@link ReplicateTransport}; this is the only place a create is sent more than once.
 * Not API.
 */
final class CreateCall {
    private static final Logger log = LoggerFactory.getLogger(CreateCall.class);
    private static final int LIST_LOOKS = 3;

    /** What the create needs from the item it belongs to. */
    interface Owner {
        /** Whether the item was canceled or reached its deadline. */
        boolean stopped();

        /** Time left until the item's deadline (sent as {@code Cancel-After}). */
        Duration remaining();

        /** The permit being waited for (the owner cancels it when it stops). */
        void waitingFor(CompletableFuture<Void> permit);

        /** The last create attempt failed with {@code cause} (for the deadline's message). */
        void failedWith(Throwable cause);

        /** Cancels a prediction remotely. */
        void cancelRemote(String predictionId);
    }

    private final ClientContext ctx;
    private final ImageRequest request;
    private final boolean syncWait;
    private final Owner owner;

    CreateCall(ClientContext ctx, ImageRequest request, boolean syncWait, Owner owner) {
        this.ctx = ctx;
        this.request = request;
        this.syncWait = syncWait;
        this.owner = owner;
    }

    /** Sends the create; completes with the prediction it made (or adopted). */
    CompletableFuture<Prediction> run() {
        return create(0, false);
    }

    /**
     * For a create an earlier run sent at {@code sentAt} whose answer was lost (a crash): reconciles first — adopts the
     * prediction it made if the list shows it, else creates once.
     */
    CompletableFuture<Prediction> afterLostAnswer(Instant sentAt) {
        FluxSchnellIOException lost = new FluxSchnellIOException("an earlier run sent this create but its answer was "
                + "never recorded", null, null);
        return tracked(reconcile(lost, sentAt, 0, false));
    }

    /**
     * Creates the prediction through the client-wide limiter, within this generation's deadline.
     *
     * <p>A 429 never fails the item while the server says when to come back: the limiter pauses (and adopts a stated
     * limit) and the create waits for its next permit; only the deadline ends that. A 429 that says nothing counts
     * against {@code maxRetries}. After an ambiguous failure (the request may have reached the server) the SDK lists
     * the newest predictions and adopts one with exactly this input created since the attempt, looking again while
     * the list may lag behind; only when none shows up is the create sent again, and at most once.
     */
    private CompletableFuture<Prediction> create(int unsaidThrottles, boolean recreated) {
        long askedNanos = System.nanoTime();
        CompletableFuture<Void> p = ctx.rateLimiter().acquire();
        owner.waitingFor(p);
        p.thenRun(() -> ctx.observer().rateLimitWaited(Duration.ofNanos(System.nanoTime() - askedNanos)));
        Instant sentAt = ctx.config().clock().instant();
        return p.thenCompose(v -> owner.stopped() ? CompletableFuture.<Prediction>failedFuture(canceled(null))
                        : tracked(ctx.transport().create(request, syncWait, owner.remaining(),
                                ctx.rateLimiter()::createSent)))
                .thenApply(created -> {
                    ctx.knownPredictions().add(created.id());
                    return created;
                })
                .exceptionallyCompose(e -> {
                    Throwable cause = ReplicateTransport.unwrap(e);
                    if (!(cause instanceof CancellationException)) {
                        owner.failedWith(cause);
                    }
                    boolean ambiguous = ReplicateTransport.isAmbiguousCreateFailure(cause)
                            && ctx.config().maxRetries() > 0;
                    if (owner.stopped() && !ambiguous) {
                        return CompletableFuture.failedFuture(cause instanceof CancellationException
                                ? canceled(null) : cause);
                    }
                    if (cause instanceof RateLimitException rle) {
                        boolean said = rle.retryAfter().isPresent();
                        if (said || unsaidThrottles < ctx.config().maxRetries()) {
                            log.debug("create throttled; waiting for the limiter ({})", rle.getMessage());
                            return create(unsaidThrottles + (said ? 0 : 1), recreated);
                        }
                    }
                    if (!ambiguous) {
                        return CompletableFuture.failedFuture(cause);
                    }
                    log.debug("create failed ambiguously ({}); looking for a prediction it may have created",
                            cause.toString());
                    return tracked(reconcile(cause, sentAt, 0, recreated)); // close() waits for it, like a create
                });
    }

    /** Registers a create call in flight until it answers (close() waits for its answer to cancel what it made). */
    private CompletableFuture<Prediction> tracked(CompletableFuture<Prediction> call) {
        ctx.pendingCreates().add(call);
        call.whenComplete((r, e) -> ctx.pendingCreates().remove(call));
        return call;
    }

    /**
     * Looks for the prediction an ambiguous create may have made. Even when this generation was stopped meanwhile it
     * keeps looking, so that a prediction the lost call did create is found and canceled rather than left running.
     */
    private CompletableFuture<Prediction> reconcile(Throwable cause, Instant sentAt, int look, boolean recreated) {
        JsonNode input = Json.input(request);
        return ctx.after(ctx.config().pollInterval().multipliedBy(1L << look))
                .thenCompose(v -> ctx.transport().recent())
                .handle((recent, listError) -> {
                    if (listError != null) {
                        // cannot tell whether it exists: failing is cheaper than paying twice
                        cause.addSuppressed(ReplicateTransport.unwrap(listError));
                        return CompletableFuture.<Prediction>failedFuture(cause);
                    }
                    Prediction found = adoptable(recent, input, sentAt);
                    if (found != null && owner.stopped()) {
                        log.debug("canceling prediction {}, created by a lost call after the item stopped", found.id());
                        owner.cancelRemote(found.id());
                        return CompletableFuture.<Prediction>failedFuture(canceled(found.id()));
                    }
                    if (found != null) {
                        log.debug("adopting prediction {} created by the failed call", found.id());
                        return CompletableFuture.completedFuture(found);
                    }
                    if (look + 1 < LIST_LOOKS) {
                        return reconcile(cause, sentAt, look + 1, recreated); // the list may lag behind the create
                    }
                    if (owner.stopped()) {
                        return CompletableFuture.<Prediction>failedFuture(cause);
                    }
                    if (recreated && cause instanceof FluxSchnellIOException) { // a 5xx answer speaks for itself
                        return CompletableFuture.<Prediction>failedFuture(new FluxSchnellIOException("the create "
                                + "was sent twice and both answers were lost, and no prediction with this input "
                                + "showed up in the list; not sending a third, to avoid paying twice: "
                                + cause.getMessage(), null, cause));
                    }
                    if (recreated) {
                        return CompletableFuture.<Prediction>failedFuture(cause);
                    }
                    return create(0, true);
                })
                .thenCompose(f -> f);
    }

    private Prediction adoptable(List<Prediction> recent, JsonNode input, Instant sentAt) {
        Instant since = sentAt.minusSeconds(30); // tolerate clock skew between us and the server
        for (Prediction p : recent) {
            boolean fresh = p.createdAt() == null || !p.createdAt().isBefore(since);
            if (fresh && Json.sameInput(p.input(), input) && ctx.knownPredictions().add(p.id())) {
                return p;
            }
        }
        return null;
    }

    /** The exception for an item canceled with prediction {@code id} (null: before one was created). */
    static PredictionCanceledException canceled(String id) {
        return new PredictionCanceledException(id == null ? "the item was canceled before its prediction was created"
                : "Prediction " + id + " was canceled", id);
    }
}
