package dev.fluxschnell.sdk.internal;

import dev.fluxschnell.sdk.result.GeneratedImage;
import dev.fluxschnell.sdk.result.GenerationResult;
import dev.fluxschnell.sdk.request.ModelDescription;
import dev.fluxschnell.sdk.request.ModelRequest;
import dev.fluxschnell.sdk.errors.FluxSchnellClientException;
import dev.fluxschnell.sdk.result.PredictionStatus;
import dev.fluxschnell.sdk.errors.FluxSchnellException;
import dev.fluxschnell.sdk.errors.FluxSchnellIOException;
import dev.fluxschnell.sdk.errors.PredictionCanceledException;
import dev.fluxschnell.sdk.errors.PredictionFailedException;
import dev.fluxschnell.sdk.errors.PredictionTimeoutException;
import dev.fluxschnell.sdk.observation.ClientObserver;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One prediction's way through the SDK: create (sync wait) → poll until terminal → download and store every output
 * ({@link Outputs}). Cancel and timeout send a remote cancel so nobody pays for an orphan. Not API.
 */
public final class Generation {
    private static final Logger log = LoggerFactory.getLogger(Generation.class);

    /**
     * Where a call's prediction reports its changes.
     *
     * @param url the webhook, or null for none
     * @param events the events sent to it (empty: Replicate's default)
     */
    public record Hook(java.net.URI url, java.util.Set<dev.fluxschnell.sdk.webhook.WebhookEventType> events) {
        /** No webhook. */
        public static final Hook NONE = new Hook(null, java.util.Set.of());
    }

    /** Callbacks for the batch engine. */
    public interface Events {
        /** The prediction was created. */
        default void started(String predictionId) {}

        /** One image was stored. */
        default void stored(GeneratedImage image) {}

        /** How long the create waits for the prediction to finish, when not the client's sync wait. */
        default java.util.Optional<Duration> syncWait() {
            return java.util.Optional.empty();
        }

        /**
         * {@return the name image {@code image} is stored under, or null for the storage's own name}
         *
         * @param image the image's index in the prediction's output
         */
        default String outputName(int image) {
            return null;
        }

        /** {@return where the images go: null for the client's storage (a pipeline's scratch space otherwise)} */
        default dev.fluxschnell.sdk.storage.ImageStorage storage() {
            return null;
        }

        /** {@return the webhook the prediction reports to} */
        default Hook hook() {
            return Hook.NONE;
        }
    }

    private final ClientContext ctx;
    private final ModelRequest request;
    private final Events events;
    private final CompletableFuture<GenerationResult> result = new CompletableFuture<>();
    private volatile CompletableFuture<GenerationResult> visibleResult = result;
    private final long startNanos = System.nanoTime();
    private volatile String predictionId;
    private volatile boolean stopRequested;
    private volatile boolean terminalSeen;
    private volatile ScheduledFuture<?> timer;
    private volatile CompletableFuture<Void> permit;
    private volatile Throwable lastCreateError;
    private volatile boolean abandoned;
    private final Outputs outputs;
    private volatile ClientObserver.Generation observation = ClientObserver.Generation.NONE;

    private Generation(ClientContext ctx, ModelRequest request, Events events) {
        this.ctx = ctx;
        this.request = request;
        this.events = events;
        // a store that starts after the generation ended (timed out before its outputs were reached) or was abandoned
        this.outputs = new Outputs(ctx, request, events, () -> result.isDone() && !terminalSeen || abandoned);
    }

    /** Starts the pipeline for {@code request}; the returned generation's {@link #result()} completes at the end. */
    public static Generation start(ClientContext ctx, ModelRequest request, Events events) {
        Generation g = new Generation(ctx, request, events).observed();
        g.run(null);
        return g;
    }

    /**
     * Starts the pipeline for an item whose create an earlier run sent at {@code sentAt} without recording the answer:
     * the prediction it made is looked for and adopted, and only if none shows up is it created (once).
     */
    public static Generation startAfterLostAnswer(ClientContext ctx, ModelRequest request, Instant sentAt,
                                                  Events events) {
        Generation g = new Generation(ctx, request, events).observed();
        g.run(sentAt);
        return g;
    }

    /**
     * Reports this generation to the client's observer, from now until its result completes; {@link #result()} then
     * completes only after the observer heard the end, so a caller that sees the result sees it observed.
     */
    private Generation observed() {
        ClientObserver.Generation o = ctx.observer().generationStarted(request);
        observation = o;
        CompletableFuture<GenerationResult> afterObserver = new CompletableFuture<>();
        result.whenComplete((r, e) -> {
            if (e == null) {
                o.succeeded(r);
                afterObserver.complete(r);
            } else {
                o.failed(ReplicateApi.unwrap(e));
                afterObserver.completeExceptionally(e);
            }
        });
        visibleResult = afterObserver;
        return this;
    }

    /** Completes with the stored result, or exceptionally with a {@link FluxSchnellException}. */
    public CompletableFuture<GenerationResult> result() {
        return visibleResult;
    }

    /**
     * Cancels: the remote prediction is canceled (now, or as soon as its id is known) unless it already finished.
     * A prediction that already succeeded still has its images stored: they were paid for.
     */
    public void cancel() {
        if (stopRequested || result.isDone()) {
            return;
        }
        stopRequested = true;
        CompletableFuture<Void> p = permit;
        if (p != null) {
            p.cancel(false);
        }
        String id = predictionId;
        if (id != null && !terminalSeen) {
            cancelRemote(id);
        }
    }

    /**
     * Continues a prediction an earlier run created (a batch journal recorded its id): polls it until it finishes and
     * stores its images, within {@code predictionTimeout}; nothing is created.
     */
    public static Generation resume(ClientContext ctx, ModelRequest request, String predictionId, Events events) {
        Generation g = new Generation(ctx, request, events).observed();
        Duration timeout = ctx.config().predictionTimeout();
        g.timer = ctx.config().scheduler().schedule(g::onTimeout, timeout.toNanos(), TimeUnit.NANOSECONDS);
        g.predictionId = predictionId;
        g.observation.predictionCreated(predictionId);
        g.awaitTerminal(Prediction.reported(predictionId, PredictionStatus.UNKNOWN, "resumed", List.of(), null,
                        null))
                .thenCompose(g::finish)
                .whenComplete((r, e) -> {
                    g.timer.cancel(false);
                    if (e != null) {
                        g.result.completeExceptionally(g.toSdkException(ReplicateApi.unwrap(e)));
                    } else {
                        g.result.complete(r);
                    }
                });
        return g;
    }

    /**
     * Creates a prediction without waiting for it (webhook flows): through the limiter, with the same 429 handling and
     * reconciliation as a generation, within {@code predictionTimeout}; completes with the prediction id.
     */
    public static CompletableFuture<String> createOnly(ClientContext ctx, ModelRequest request, Hook hook) {
        Generation g = new Generation(ctx, request, new Events() {
            @Override
            public Hook hook() {
                return hook;
            }
        });
        Duration timeout = ctx.config().predictionTimeout();
        g.timer = ctx.config().scheduler().schedule(g::onTimeout, timeout.toNanos(), TimeUnit.NANOSECONDS);
        g.prepare().thenCompose(prepared -> new CreateCall(ctx, prepared, null, g.owner()).run()).whenComplete((p, e) -> {
            g.timer.cancel(false);
            if (e != null) {
                g.result.completeExceptionally(g.toSdkException(ReplicateApi.unwrap(e)));
            } else {
                g.predictionId = p.id();
                ctx.rateLimiter().accepted();
                ctx.spool().releaseAll(p.output());
                g.result.complete(null);
            }
        });
        return g.result.thenApply(r -> g.predictionId);
    }

    /**
     * Downloads and stores the outputs of a prediction that finished elsewhere (e.g. reported by a webhook); fails
     * like a generation would when it did not succeed.
     */
    public static CompletableFuture<GenerationResult> storeOutputs(ClientContext ctx, ModelRequest request,
                                                                   Prediction prediction) {
        return new Generation(ctx, request, new Events() {}).finish(prediction);
    }

    private void run(Instant lostAnswerSentAt) {
        Duration timeout = ctx.config().predictionTimeout();
        timer = ctx.config().scheduler().schedule(this::onTimeout, timeout.toNanos(), TimeUnit.NANOSECONDS);
        // Pending (for close()) until the answer was handled: a prediction created after the client closed is canceled
        // before close()'s drain can see nothing left to wait for.
        CompletableFuture<Prediction> created = prepare().thenCompose(prepared -> {
                    CreateCall call = new CreateCall(ctx, prepared, events.syncWait().orElse(ctx.config()
                            .syncWait()), owner());
                    return lostAnswerSentAt == null ? call.run() : call.afterLostAnswer(lostAnswerSentAt);
                }).thenApply(p -> {
                    predictionId = p.id();
                    ctx.rateLimiter().accepted();
                    events.started(p.id());
                    observation.predictionCreated(p.id());
                    if (abandoned) { // the client closed while the create was out: cancel what it created
                        ctx.spool().releaseAll(p.output());
                        if (!p.status().isTerminal()) {
                            cancelRemote(p.id());
                        }
                        throw CreateCall.canceled(p.id());
                    }
                    return p;
                });
        ctx.track(created);
        created.thenCompose(p -> {
                    if (p.isFinishedSyncAnswer()) {
                        return CompletableFuture.completedFuture(p.asSucceeded()); // no poll: the output is here
                    }
                    if (stopRequested && !p.status().isTerminal()) {
                        cancelRemote(p.id());
                    }
                    return awaitTerminal(p);
                })
                .thenCompose(this::finish)
                .whenComplete((r, e) -> {
                    ScheduledFuture<?> t = timer;
                    if (t != null) {
                        t.cancel(false);
                    }
                    if (e != null) {
                        result.completeExceptionally(namingTheModel(toSdkException(ReplicateApi.unwrap(e))));
                    } else {
                        result.complete(r);
                    }
                });
    }

    private boolean stopped() {
        return stopRequested || result.isDone();
    }

    /**
     * Prepares the create once (its images inline, uploaded or passed on; a community model's version), inside the
     * item's deadline. A failure here sent nothing: it is reported as not creating a prediction.
     */
    private CompletableFuture<Prepared> prepare() {
        return Prepared.of(ctx, request, events.hook()).exceptionallyCompose(e -> {
            Throwable cause = ReplicateApi.unwrap(e);
            if (cause instanceof FluxSchnellException f && !f.predictionMayExist()) {
                return CompletableFuture.failedFuture(f);
            }
            return CompletableFuture.failedFuture(new FluxSchnellClientException("the request's input could not be "
                    + "prepared (nothing was sent): " + Redaction.redact(String.valueOf(cause.getMessage()),
                    ctx.config().apiToken()), null, cause, false, false));
        });
    }

    /** What the create call needs from this generation: its stop state, deadline, permits and remote cancels. */
    private CreateCall.Owner owner() {
        return new CreateCall.Owner() {
            @Override
            public boolean stopped() {
                return Generation.this.stopped();
            }

            @Override
            public Duration remaining() {
                return Generation.this.remaining();
            }

            @Override
            public void waitingFor(CompletableFuture<Void> p) {
                permit = p;
                if (result.isDone()) {
                    p.cancel(false);
                }
            }

            @Override
            public void failedWith(Throwable cause) {
                lastCreateError = cause;
            }

            @Override
            public void cancelRemote(String id) {
                Generation.this.cancelRemote(id);
            }
        };
    }

    /**
     * The client is closing: completes this generation now (canceled) and cancels the remote prediction, now or when
     * its create call answers; streams being stored are closed.
     */
    public void abandon() {
        if (result.isDone()) {
            return;
        }
        abandoned = true;
        String id = predictionId;
        cancel(); // first: it does nothing once the result is complete
        result.completeExceptionally(new PredictionCanceledException(ClientConfig.CLOSED + "; " + (id == null
                ? "a prediction its create call made is canceled as soon as the call answers"
                : "prediction " + id + " was canceled"), id));
        outputs.closeOpen();
    }

    /** Time left until this generation's deadline, in whole seconds rounded up (sent as {@code Cancel-After}). */
    private Duration remaining() {
        long left = ctx.config().predictionTimeout().toNanos() - (System.nanoTime() - startNanos);
        return Duration.ofSeconds(Math.max(0, (left + 999_999_999L) / 1_000_000_000L));
    }

    private CompletableFuture<Prediction> awaitTerminal(Prediction p) {
        if (p.status().isTerminal()) {
            terminalSeen = true;
            return CompletableFuture.completedFuture(p);
        }
        ctx.spool().releaseAll(p.output()); // partial output of an unfinished prediction is not used
        if (stopped()) {
            return CompletableFuture.failedFuture(CreateCall.canceled(p.id()));
        }
        if (p.status() == PredictionStatus.UNKNOWN) {
            log.debug("prediction {} has status '{}', unknown to this SDK version; polling on", p.id(), p.rawStatus());
        }
        return ctx.after(ctx.config().pollInterval())
                .thenCompose(v -> stopped()
                        ? CompletableFuture.failedFuture(CreateCall.canceled(p.id()))
                        : ctx.predictions().get(p))
                .thenCompose(this::awaitTerminal);
    }

    private CompletableFuture<GenerationResult> finish(Prediction p) {
        terminalSeen = true;
        if (p.status() != PredictionStatus.SUCCEEDED) {
            ctx.spool().releaseAll(p.output());
        }
        switch (p.status()) {
            case SUCCEEDED:
                if (p.output().isEmpty() || p.dataRemoved()) {
                    return CompletableFuture.failedFuture(new FluxSchnellIOException("prediction " + p.id()
                            + " succeeded but " + (p.dataRemoved() ? "its outputs were already removed"
                            : "returned no output"), p.id(), null));
                }
                if (p.output().size() > request.numOutputs()) {
                    ctx.spool().releaseAll(p.output());
                    return CompletableFuture.failedFuture(new FluxSchnellIOException("protocol error: prediction "
                            + p.id() + " returned " + p.output().size() + " outputs for num_outputs="
                            + request.numOutputs() + "; none were stored", p.id(), null));
                }
                CompletableFuture<GenerationResult> stored = outputs.storeAll(p, startNanos);
                if (ModelDescription.of(request.model()).map(d -> d.billing() == ModelDescription.Billing.PER_SECOND)
                        .orElse(false) && p.predictTime() == null) {
                    return stored.thenCompose(r -> runTime(p).thenApply(t -> withRunTime(r, t)));
                }
                return stored;
            case FAILED:
                return CompletableFuture.failedFuture(new PredictionFailedException(p.id(), p.error()));
            default:
                return CompletableFuture.failedFuture(new PredictionCanceledException(
                        "Prediction " + p.id() + " ended with status " + p.rawStatus(), p.id()));
        }
    }

    /**
     * The run time of a GPU-time model's prediction whose answer had none (a sync answer, or a list entry): read from
     * the finished prediction — polled while it is still finishing, within the item's deadline; null when it cannot
     * be read (the cost is then the estimate's upper bound, flagged as not exact).
     */
    private CompletableFuture<Duration> runTime(Prediction p) {
        return ctx.predictions().get(p).thenCompose(latest -> {
            if (latest.predictTime() != null || latest.status().isTerminal() || remaining().isZero() || stopped()) {
                return CompletableFuture.completedFuture(latest.predictTime());
            }
            return ctx.after(ctx.config().pollInterval()).thenCompose(v -> runTime(latest));
        }).exceptionally(e -> {
            log.warn("could not read the run time of prediction {} (its cost is the estimate's upper bound): {}",
                    p.id(), ReplicateApi.unwrap(e).toString());
            return null;
        });
    }

    private GenerationResult withRunTime(GenerationResult r, Duration runTime) {
        if (runTime == null) {
            return r;
        }
        return outputs.result(r.predictionId(), r.status(), r.images(), runTime, r.elapsed(),
                r.seed().isPresent() ? r.seed().getAsLong() : null);
    }

    private void onTimeout() {
        if (result.isDone()) {
            return;
        }
        if (ctx.config().closed()) { // ended early by the closing client: not a timeout
            abandon();
            return;
        }
        String id = predictionId;
        if (terminalSeen) { // finished, but storing its images outlived the deadline
            result.completeExceptionally(new PredictionTimeoutException(id, ctx.config().predictionTimeout(),
                    "it finished, but its images were not stored in time"));
            outputs.closeOpen();
            return;
        }
        // Complete first, so the pipeline noticing the stop cannot report a plain cancel instead of the timeout.
        Throwable last = lastCreateError;
        result.completeExceptionally(new PredictionTimeoutException(id, ctx.config().predictionTimeout(),
                id == null && last != null ? "the last create attempt: " + last.getMessage() : null));
        stopRequested = true;
        CompletableFuture<Void> p = permit;
        if (p != null) {
            p.cancel(false); // a wait for the limiter never outlives the deadline
        }
        if (id != null) {
            cancelRemote(id);
        }
    }

    private void cancelRemote(String id) {
        log.debug("canceling prediction {}", id);
        ctx.track(ctx.predictions().cancel(id)).whenComplete((p, e) -> {
            if (e != null) {
                log.warn("could not cancel prediction {}: {}", id, ReplicateApi.unwrap(e).getMessage());
            }
        });
    }

    /**
     * A 404 or 422 to a create names the model (and a community model's version): the usual cause is a schema or a
     * version that changed, and the server's own message does not say which model it was about.
     */
    private FluxSchnellException namingTheModel(FluxSchnellException e) {
        if (predictionId != null) {
            return e;
        }
        String version = ctx.versions().known(request.model());
        String which = request.model() + (version != null ? " version " + version : "");
        if (e instanceof dev.fluxschnell.sdk.errors.InvalidRequestException ire) {
            return new dev.fluxschnell.sdk.errors.InvalidRequestException(ire.statusCode(), ire.title().orElse(null),
                    which + " refused the input: " + ire.detail().orElse(ire.getMessage())
                            + (version != null ? " (did the version's schema change? pin one with modelVersion)" : ""),
                    null, ire.invalidFields(), ire.headers());
        }
        if (e instanceof dev.fluxschnell.sdk.errors.NotFoundException nf) {
            return new dev.fluxschnell.sdk.errors.NotFoundException(nf.statusCode(), nf.title().orElse(null),
                    which + " was not found: " + nf.detail().orElse(nf.getMessage()) + (version != null
                    ? " (is the version still published, and visible to this token?)" : ""), null, nf.headers());
        }
        return e;
    }

    private FluxSchnellException toSdkException(Throwable e) {
        return Errors.translate(e, predictionId, ctx.config().apiToken());
    }
}
