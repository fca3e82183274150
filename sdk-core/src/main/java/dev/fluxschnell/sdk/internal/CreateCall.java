package dev.fluxschnell.sdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
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
 * the limiter, and reconciliation after an ambiguous failure (adopt what the lost call made, or re-create when the
 * list shows it made nothing).
 * Idempotent calls are retried by {@link ReplicateApi}; this is the only place a create is sent more than once.
 * Not API.
 */
final class CreateCall {
    private static final Logger log = LoggerFactory.getLogger(CreateCall.class);
    /** How far the server's clock may be behind ours when comparing {@code created_at} with a send time. */
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

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
    private final Prepared prepared;
    private final Duration syncWait;
    private final Owner owner;

    /** {@code syncWait}: how long the create waits for the prediction to finish, or null not to wait. */
    CreateCall(ClientContext ctx, Prepared prepared, Duration syncWait, Owner owner) {
        this.ctx = ctx;
        this.prepared = prepared;
        this.syncWait = syncWait;
        this.owner = owner;
    }

    /** Sends the create; completes with the prediction it made (or adopted). */
    CompletableFuture<Prediction> run() {
        return create(0, 0);
    }

    /**
     * For a create an earlier run sent at {@code sentAt} whose answer was lost (a crash): reconciles first — adopts the
     * prediction it made if the list shows it, else creates once.
     */
    CompletableFuture<Prediction> afterLostAnswer(Instant sentAt) {
        FluxSchnellIOException lost = new FluxSchnellIOException("an earlier run sent this create but its answer was "
                + "never recorded", null, null, true);
        return ctx.track(reconcile(lost, new Attempt(sentAt, ctx.config().nanoTime().getAsLong()
                - Duration.between(sentAt, ctx.config().clock().instant()).toNanos()), 0, 0));
    }

    /**
     * Creates the prediction through the client-wide limiter, within this generation's deadline.
     *
     * <p>A 429 never fails the item while the server says when to come back: the limiter pauses (and adopts a stated
     * limit) and the create waits for its next permit; only the deadline ends that. A 429 that says nothing counts
     * against {@code maxRetries}. After an ambiguous failure (the request may have reached the server) the SDK
     * reconciles: see {@link #reconcile}. {@code recreates}: how many times the create was sent again after one.
     */
    private CompletableFuture<Prediction> create(int unsaidThrottles, int recreates) {
        long askedNanos = System.nanoTime();
        CompletableFuture<Void> p = ctx.rateLimiter().acquire();
        owner.waitingFor(p);
        p.thenRun(() -> ctx.observer().rateLimitWaited(Duration.ofNanos(System.nanoTime() - askedNanos)));
        CompletableFuture<Attempt> sent = p.thenCompose(v -> {
            if (owner.stopped()) {
                return CompletableFuture.failedFuture(canceled(null));
            }
            Attempt attempt = new Attempt(ctx.config().clock().instant(), ctx.config().nanoTime().getAsLong());
            return ctx.track(ctx.predictions().create(prepared.path(), prepared.body(), syncWait, owner.remaining(),
                    ctx.rateLimiter()::createSent))
                    .handle((created, e) -> attempt.with(created, e));
        });
        return sent.handle((attempt, notSent) -> {
            if (notSent != null) { // the permit wait was given up, or the item stopped before its create went out
                Throwable cause = ReplicateApi.unwrap(notSent);
                return CompletableFuture.<Prediction>failedFuture(cause instanceof CancellationException
                        ? canceled(null) : cause);
            }
            if (attempt.error == null) {
                ctx.knownPredictions().add(attempt.created.id());
                return CompletableFuture.completedFuture(attempt.created);
            }
            Throwable cause = ReplicateApi.unwrap(attempt.error);
            if (!(cause instanceof CancellationException)) {
                owner.failedWith(cause);
            }
            boolean ambiguous = PredictionsApi.isAmbiguousCreateFailure(cause) && ctx.config().maxRetries() > 0;
            if (owner.stopped() && !ambiguous) {
                return CompletableFuture.<Prediction>failedFuture(cause instanceof CancellationException
                        ? canceled(null) : cause);
            }
            if (cause instanceof RateLimitException rle) {
                boolean said = rle.retryAfter().isPresent();
                if (said || unsaidThrottles < ctx.config().maxRetries()) {
                    log.debug("create throttled; waiting for the limiter ({})", rle.getMessage());
                    return create(unsaidThrottles + (said ? 0 : 1), recreates);
                }
            }
            if (!ambiguous) {
                return CompletableFuture.<Prediction>failedFuture(cause);
            }
            log.debug("create failed ambiguously ({}); looking for a prediction it may have created", cause.toString());
            return ctx.track(reconcile(cause, attempt, 0, recreates)); // close() waits for it, like a create
        }).thenCompose(f -> f);
    }

    /** One create attempt: when it was sent, and what came of it. */
    private static final class Attempt {
        final Instant sentAt;
        final long sentNanos;
        Prediction created;
        Throwable error;

        Attempt(Instant sentAt, long sentNanos) {
            this.sentAt = sentAt;
            this.sentNanos = sentNanos;
        }

        Attempt with(Prediction created, Throwable error) {
            this.created = created;
            this.error = error;
            return this;
        }
    }

    /**
     * Looks for the prediction an ambiguous create may have made, in {@code GET /v1/predictions}: one with exactly this
     * input, created since the attempt, that no other item owns. The rule:
     * <ul>
     *   <li>found: adopt it (or cancel it, when the item stopped meanwhile);</li>
     *   <li>the list cannot be read: fail — nobody can tell whether the prediction exists, and failing is cheaper
     *       than paying twice;</li>
     *   <li>not found, but less than {@code listLag} has passed since the attempt (the list may still be lagging):
     *       look again;</li>
     *   <li>not found after {@code listLag}, but the list's first pages do not reach back to the attempt (a very busy
     *       account): fail, as when it cannot be read;</li>
     *   <li>not found in a list read after {@code listLag} that reaches back to the attempt: conclusively nothing was
     *       created, so creating again cannot pay twice — create again, up to {@code maxRetries} times.</li>
     * </ul>
     * Even when the item was stopped meanwhile it keeps looking until the list is conclusive, so that a prediction the
     * lost call did create is found and canceled rather than left running.
     */
    private CompletableFuture<Prediction> reconcile(Throwable cause, Attempt attempt, int look, int recreates) {
        JsonNode input = prepared.input();
        Instant since = attempt.sentAt.minus(CLOCK_SKEW);
        Duration lag = ctx.config().options().listLag();
        Duration waited = Duration.ofNanos(ctx.config().nanoTime().getAsLong() - attempt.sentNanos);
        Duration pause = ctx.config().pollInterval().multipliedBy(1L << Math.min(look, 6));
        Duration untilWindowEnds = lag.minus(waited);
        if (!untilWindowEnds.isNegative() && untilWindowEnds.compareTo(pause) < 0) {
            pause = untilWindowEnds; // the conclusive look comes as soon as the window ends
        }
        return ctx.after(pause)
                .thenCompose(v -> ctx.predictions().recent(since))
                .handle((listing, listError) -> {
                    if (listError != null) {
                        cause.addSuppressed(ReplicateApi.unwrap(listError));
                        return CompletableFuture.<Prediction>failedFuture(cause);
                    }
                    Prediction found = adoptable(listing.predictions(), input, since);
                    if (found != null && owner.stopped()) {
                        log.debug("canceling prediction {}, created by a lost call after the item stopped", found.id());
                        owner.cancelRemote(found.id());
                        return CompletableFuture.<Prediction>failedFuture(canceled(found.id()));
                    }
                    if (found != null) {
                        log.debug("adopting prediction {} created by the failed call", found.id());
                        return CompletableFuture.completedFuture(found);
                    }
                    if (ctx.config().nanoTime().getAsLong() - attempt.sentNanos < lag.toNanos()) {
                        return reconcile(cause, attempt, look + 1, recreates); // the list may still be lagging
                    }
                    if (!listing.complete()) { // its pages do not reach back to the attempt: it cannot tell
                        return CompletableFuture.<Prediction>failedFuture(cause);
                    }
                    if (owner.stopped()) {
                        return CompletableFuture.<Prediction>failedFuture(canceled(null));
                    }
                    if (recreates >= ctx.config().maxRetries()
                            && cause instanceof dev.fluxschnell.sdk.errors.FluxSchnellServiceException) {
                        // the server answered (a 500 with its detail, say): that answer is the error, not "lost"
                        return CompletableFuture.<Prediction>failedFuture(cause);
                    }
                    if (recreates >= ctx.config().maxRetries()) {
                        return CompletableFuture.<Prediction>failedFuture(new FluxSchnellIOException("the create was "
                                + "sent " + (recreates + 1) + " times and every answer was lost; the prediction list "
                                + "shows that none of them created a prediction (nothing was billed), and maxRetries ("
                                + ctx.config().maxRetries() + ") is used up: " + cause.getMessage(), null, cause,
                                false));
                    }
                    log.debug("no prediction with this input appeared within {}; creating again", lag);
                    return create(0, recreates + 1);
                })
                .thenCompose(f -> f);
    }

    private Prediction adoptable(List<Prediction> recent, JsonNode input, Instant since) {
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
