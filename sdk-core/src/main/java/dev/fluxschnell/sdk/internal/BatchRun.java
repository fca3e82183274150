package dev.fluxschnell.sdk.internal;

import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.result.GeneratedImage;
import dev.fluxschnell.sdk.result.GenerationResult;
import dev.fluxschnell.sdk.request.ModelRequest;
import dev.fluxschnell.sdk.request.PipelineRequest;
import dev.fluxschnell.sdk.errors.StepFailedException;
import dev.fluxschnell.sdk.request.OutputFormat;
import dev.fluxschnell.sdk.batch.BatchItem;
import dev.fluxschnell.sdk.batch.BatchJob;
import dev.fluxschnell.sdk.batch.BatchJournal;
import dev.fluxschnell.sdk.batch.BatchListener;
import dev.fluxschnell.sdk.batch.BatchOutcome;
import dev.fluxschnell.sdk.batch.BatchProgress;
import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.batch.BatchResult;
import dev.fluxschnell.sdk.batch.QuotaPolicy;
import dev.fluxschnell.sdk.cache.ResultCache;
import dev.fluxschnell.sdk.errors.FluxSchnellException;
import dev.fluxschnell.sdk.errors.PredictionCanceledException;
import dev.fluxschnell.sdk.errors.QuotaExceededException;
import dev.fluxschnell.sdk.observation.ClientObserver;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a batch: quota reservation up front, at most {@code maxConcurrency} predictions in flight, each create through
 * the client's rate limiter, per-item outcomes in request order, serialized listener events. Not API.
 */
public final class BatchRun implements BatchJob {
    private static final Logger log = LoggerFactory.getLogger(BatchRun.class);

    private final ClientContext ctx;
    private final BatchRequest batch;
    private final List<ModelRequest> requests;
    private final BatchListener listener;
    private final QuotaLedger quota;
    private final int concurrency;
    private final BatchItem[] items;
    private final boolean[] reserved;
    private final GenerationResult[] cachedHits;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger remaining;
    private final java.util.Set<Generation> inFlight = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<BatchResult> result = new CompletableFuture<>();
    private final long startNanos = System.nanoTime();
    private final Consumer<BatchRun> onDone;
    /** What the journal knew of the items when the batch started (empty without one). */
    private volatile Map<String, BatchJournal.Entry> journaled = Map.of();
    private volatile boolean canceled;
    private volatile ClientObserver.Batch observation = ClientObserver.Batch.NONE;
    private int running;
    private int succeeded;
    private int failed;
    private int canceledCount;
    private int skipped;

    private BatchRun(ClientContext ctx, BatchRequest batch, Consumer<BatchRun> onDone) {
        this.ctx = ctx;
        this.batch = batch;
        this.requests = batch.items();
        this.listener = batch.listener();
        this.quota = ctx.quota();
        this.concurrency = Math.min(batch.maxConcurrency().orElse(ctx.config().maxConcurrency()), requests.size());
        this.items = new BatchItem[requests.size()];
        this.reserved = new boolean[requests.size()];
        this.cachedHits = new GenerationResult[requests.size()];
        this.remaining = new AtomicInteger(requests.size());
        this.onDone = onDone;
    }

    /**
     * Validates the batch against the client's limits and starts it, returning at once: the journal, the result cache
     * and the quota (any of which may be remote) are read on the client's I/O executor, never on the caller's thread,
     * and their failures — a quota refusal with {@link QuotaExceededException} included — complete
     * {@link #result()} exceptionally, before any network call to Replicate.
     *
     * @param ctx what the client's generations share
     * @param batch the batch
     * @param observed whether the observer hears of it as a batch
     * @param onStart told of the run before any of its work is scheduled (so {@code onDone} always comes after it)
     * @param onDone told once when the run has finished, or failed to start
     * @return the run
     * @throws IllegalArgumentException when the batch would create more than {@code maxPredictionsPerBatch}
     *     predictions
     */
    public static BatchRun start(ClientContext ctx, BatchRequest batch, boolean observed, Consumer<BatchRun> onStart,
                                 Consumer<BatchRun> onDone) {
        int max = ctx.config().maxPredictionsPerBatch();
        long predictions = batch.predictionCount();
        if (predictions > max) {
            throw new IllegalArgumentException("the batch would create " + predictions + " predictions ("
                    + batch.size() + " items); maxPredictionsPerBatch is " + max + " (raise it with FluxSchnellClient"
                    + ".builder().maxPredictionsPerBatch(n), at most " + BatchRequest.MAX_PREDICTIONS + ")");
        }
        BatchRun run = new BatchRun(ctx, batch, onDone);
        onStart.accept(run);
        try {
            ctx.config().ioExecutor().execute(() -> run.prepareAndLaunch(observed));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            run.failBeforeStart(new IllegalStateException("the client is closing", e));
        }
        return run;
    }

    /** Reads the journal, the cache and the quota, then starts the items (on the I/O executor). */
    private void prepareAndLaunch(boolean observed) {
        try {
            CompletableFuture<Void> models = verifyModels(); // read meanwhile: the storage, the journal, the cache
            ctx.preflight(ctx.config().storage());
            journaled = journaled(batch);
            resumeFromJournal();
            lookUpCache();
            models.join();
            reserveQuota();
        } catch (RuntimeException e) {
            failBeforeStart(e instanceof java.util.concurrent.CompletionException && e.getCause()
                    instanceof RuntimeException cause ? cause : e);
            return;
        }
        if (observed) { // after the quota check: a batch that never starts is not observed
            observation = ctx.observer().batchStarted(batch);
        }
        launch();
    }

    /**
     * Checks, once per client, that every model the batch calls (its steps' too) still takes what the SDK sends: a
     * model whose schema drifted fails the batch before its first create ({@code ModelSchemaException}).
     */
    private CompletableFuture<Void> verifyModels() {
        if (!ctx.config().options().checkModels()) {
            return CompletableFuture.completedFuture(null);
        }
        java.util.Set<dev.fluxschnell.sdk.request.Model> models = new java.util.LinkedHashSet<>();
        for (ModelRequest r : batch.items()) {
            models.add(r.model());
            if (r instanceof PipelineRequest p) {
                p.steps().forEach(s -> models.add(s.model()));
            }
        }
        return CompletableFuture.allOf(models.stream().map(m -> ctx.models().verified(m, ctx.versions().pinned(m)))
                .toArray(CompletableFuture[]::new));
    }

    /** The batch could not start (nothing was sent): its result fails with the reason. */
    private void failBeforeStart(RuntimeException e) {
        onDone.accept(this);
        result.completeExceptionally(e instanceof FluxSchnellException || e instanceof IllegalStateException
                || e instanceof IllegalArgumentException ? e : Errors.translate(e, null, ctx.config().apiToken()));
    }

    @Override
    public CompletableFuture<BatchResult> result() {
        return result;
    }

    @Override
    public void cancel() {
        canceled = true;
        inFlight.forEach(Generation::cancel);
    }

    /**
     * The client is closing: completes every in-flight item now (canceled); predictions still inside their create
     * call are canceled remotely when their id arrives.
     */
    public void abandon() {
        canceled = true;
        inFlight.forEach(Generation::abandon);
    }

    @Override
    public synchronized BatchProgress progress() {
        return new BatchProgress(items.length, running, succeeded, failed, canceledCount, skipped);
    }

    /** Items the journal says were stored in an earlier run are done: they cost nothing now and need no quota. */
    private void resumeFromJournal() {
        for (int i = 0; i < requests.size(); i++) {
            var entry = journaled.get(itemKey(i));
            if (entry != null && entry.isStored()) {
                cachedHits[i] = resumed(entry, requests.get(i));
            }
        }
    }

    /**
     * {@return what the batch's journal holds, by item key (empty without a journal)}
     *
     * @param batch the batch
     */
    public static Map<String, BatchJournal.Entry> journaled(BatchRequest batch) {
        return batch.journal().map(j -> j.load(batch.id().orElseThrow())).orElse(Map.of());
    }

    /** What an earlier run stored for {@code request}, as a result that cost nothing now. */
    static GenerationResult resumed(BatchJournal.Entry entry, ModelRequest request) {
        List<GeneratedImage> images = new ArrayList<>();
        for (var s : entry.stored()) {
            images.add(GeneratedImage.builder().index(images.size()).remoteUrl(s.location())
                    .format(OutputFormat.ofMimeType(s.contentType())).stored(s).build());
        }
        GenerationResult.Builder resumed = GenerationResult.builder().predictionId(entry.predictionId())
                .request(request).images(images).cost(BigDecimal.ZERO);
        entry.seed().ifPresent(resumed::seed);
        return resumed.build().asCachedFor(request);
    }

    private void journal(Consumer<BatchJournal> write) {
        batch.journal().ifPresent(j -> {
            try {
                write.accept(j);
            } catch (RuntimeException e) {
                log.warn("batch journal {} could not record progress: {}", j, e.toString());
            }
        });
    }

    /** Answers deterministic requests from the result cache up front: hits cost nothing and need no quota. */
    private void lookUpCache() {
        ResultCache cache = ctx.config().resultCache();
        if (cache == null) {
            return;
        }
        for (int i = 0; i < requests.size(); i++) {
            ModelRequest r = requests.get(i);
            if (r.isDeterministic() && cachedHits[i] == null) {
                try {
                    int index = i;
                    cache.get(r).ifPresent(hit -> cachedHits[index] = hit.asCachedFor(r));
                } catch (RuntimeException e) {
                    log.warn("result cache lookup failed; generating instead: {}", e.toString());
                }
            }
        }
    }

    private void reserveQuota() {
        if (!quota.enabled()) {
            Arrays.fill(reserved, true);
            return;
        }
        String subject = batch.subject();
        if (batch.quotaPolicy() == QuotaPolicy.FAIL_BATCH) {
            int images = 0;
            for (int i = 0; i < requests.size(); i++) {
                images += cachedHits[i] == null ? quotaImages(requests.get(i)) : 0;
            }
            quota.reserve(subject, images);
            Arrays.fill(reserved, true);
        } else {
            for (int i = 0; i < requests.size(); i++) {
                reserved[i] = cachedHits[i] != null || quota.tryReserve(subject, quotaImages(requests.get(i)));
            }
        }
    }

    private void launch() {
        for (int i = 0; i < requests.size(); i++) {
            int index = i;
            emit(l -> l.queued(index, requests.get(index), progress()));
        }
        for (int i = 0; i < requests.size(); i++) {
            if (cachedHits[i] != null) {
                finishItem(BatchItem.succeeded(i, requests.get(i), cachedHits[i]));
            } else if (!reserved[i]) {
                QuotaExceededException e = quota.exceeded(batch.subject(), quotaImages(requests.get(i)));
                finishItem(BatchItem.unsuccessful(i, requests.get(i), BatchOutcome.SKIPPED_QUOTA, e));
            }
        }
        for (int w = 0; w < concurrency; w++) {
            runNext();
        }
    }

    private void runNext() {
        int index;
        while ((index = next.getAndIncrement()) < requests.size()) {
            if (!reserved[index] || cachedHits[index] != null) {
                continue;
            }
            if (canceled && !paidBefore(index)) {
                finishItem(BatchItem.unsuccessful(index, requests.get(index), BatchOutcome.CANCELED,
                        new PredictionCanceledException("the batch was canceled before this item started", null)));
                continue;
            }
            startItem(index); // an item an earlier run created is adopted even now, so its prediction is canceled // the create limiter is waited for inside the generation, within its deadline
            return;
        }
    }

    /** Whether an earlier run of this batch sent a create for item {@code index} (its journal says so). */
    private boolean paidBefore(int index) {
        String key = itemKey(index);
        return journaled.keySet().stream().anyMatch(k -> k.equals(key) || k.startsWith(key + "|"));
    }

    private void startItem(int index) {
        ModelRequest request = requests.get(index);
        if (canceled && !paidBefore(index)) {
            finishItem(BatchItem.unsuccessful(index, request, BatchOutcome.CANCELED,
                    new PredictionCanceledException("the batch was canceled before this item started", null)));
            runNext();
            return;
        }
        synchronized (this) {
            running++;
        }
        CompletableFuture<GenerationResult> done;
        if (request instanceof PipelineRequest p) {
            done = new PipelineRun(this, index, p).run().thenApply(r -> {
                journal(j -> j.stored(batch.id().orElseThrow(), itemKey(index), r));
                return r;
            });
        } else {
            done = runOne(index, itemKey(index), request, null, image -> outputName(index, image));
        }
        done.whenComplete((r, e) -> {
            synchronized (this) {
                running--;
            }
            finishItem(toItem(index, request, r, e));
            runNext();
        });
    }

    /**
     * One prediction of item {@code index} under journal key {@code key}: answered from the journal when an earlier run
     * stored it; adopted when it created it; reconciled when its answer was lost; else created. Stored in
     * {@code storage} (null: the client's), journaled as stored when that storage lasts.
     */
    CompletableFuture<GenerationResult> runOne(int index, String key, ModelRequest request,
                                               dev.fluxschnell.sdk.storage.ImageStorage storage,
                                               java.util.function.IntFunction<String> finalNames) {
        return runOne(index, key, request, storage, finalNames, image -> { });
    }

    /**
     * Like the other {@code runOne}; {@code onStored} hears of each image
     * as soon as it is stored — before the result, which may still wait for the prediction's run time (its cost) — so
     * a pipeline's next step starts at once.
     */
    CompletableFuture<GenerationResult> runOne(int index, String key, ModelRequest request,
                                               dev.fluxschnell.sdk.storage.ImageStorage storage,
                                               java.util.function.IntFunction<String> finalNames,
                                               Consumer<GeneratedImage> onStored) {
        boolean finalImages = finalNames != null;
        var entry = journaled.get(key);
        if (entry != null && entry.isStored()) { // a pipeline step an earlier run stored
            return CompletableFuture.completedFuture(resumed(entry, request));
        }
        if (canceled && entry == null) { // a later step of a canceled batch, never sent: it is not sent now
            return CompletableFuture.failedFuture(new PredictionCanceledException(
                    "the batch was canceled before this step started", null));
        }
        Generation.Events events = new Generation.Events() {
            @Override
            public void started(String predictionId) {
                journal(j -> j.created(batch.id().orElseThrow(), key, predictionId));
                emit(l -> l.started(index, predictionId, progress()));
            }

            @Override
            public void stored(GeneratedImage image) {
                onStored.accept(image);
                if (finalImages) {
                    emit(l -> l.stored(index, image, progress()));
                }
            }

            @Override
            public dev.fluxschnell.sdk.storage.ImageStorage storage() {
                return storage;
            }

            @Override
            public String outputName(int image) {
                return finalImages ? finalNames.apply(image) : null;
            }

            @Override
            public java.util.Optional<Duration> syncWait() {
                return batch.syncWait();
            }

            @Override
            public Generation.Hook hook() {
                return batch.webhook().map(w -> new Generation.Hook(w, batch.webhookEvents()))
                        .orElse(Generation.Hook.NONE);
            }
        };
        Generation g;
        if (entry != null && entry.isCreated()) { // created in an earlier run: adopt it instead of paying again
            g = Generation.resume(ctx, request, entry.predictionId(), events);
        } else if (entry != null) { // sent in an earlier run, answer lost: look for what it made first
            g = Generation.startAfterLostAnswer(ctx, request, entry.sentAt(), events);
        } else {
            journal(j -> j.creating(batch.id().orElseThrow(), key, ctx.config().clock().instant()));
            g = Generation.start(ctx, request, events);
        }
        inFlight.add(g);
        if (canceled) {
            g.cancel();
        }
        CompletableFuture<GenerationResult> result = g.result();
        if (entry != null && entry.isCreated()) {
            result = result.exceptionallyCompose(e -> CompletableFuture.failedFuture(unknownToServer(
                    ReplicateApi.unwrap(e), entry.predictionId())));
        }
        return result.whenComplete((r, e) -> inFlight.remove(g)).thenApply(r -> {
            if (storage == null) { // a scratch space does not outlive the run: nothing to resume from
                journal(j -> j.stored(batch.id().orElseThrow(), key, r));
            }
            return r;
        });
    }

    /**
     * A journaled prediction the server does not know (404): the journal was written against another server or
     * account — the sandbox emulator, say — so resuming cannot find what it paid for; the message says how to start
     * fresh. Other failures pass as they are.
     */
    private Throwable unknownToServer(Throwable e, String predictionId) {
        if (!(e instanceof dev.fluxschnell.sdk.errors.NotFoundException)) {
            return e;
        }
        return new dev.fluxschnell.sdk.errors.FluxSchnellClientException("prediction " + predictionId + ", recorded in "
                + "the journal of batch '" + batch.id().orElse("") + "', is unknown to " + ctx.config().baseUrl()
                + ": the journal was written against another server or account (the sandbox emulator?). Start "
                + "fresh with a new batch id or another output folder, or delete the journal (" + batch.journal()
                .map(Object::toString).orElse("") + ")", predictionId, e, false, true);
    }

    /** The batch's journal, when it has one (pipelines keep their intermediates in the client's storage then). */
    boolean journaled() {
        return batch.journal().isPresent();
    }

    /**
     * {@return the name image {@code image} of item {@code index} is stored under, or null}
     *
     * @param index the item
     * @param image the image's index within the item
     */
    String outputName(int index, int image) {
        return batch.outputName(index, image).orElse(null);
    }

    /** The item's journal key ("" without a journal: a key costs a hash of the whole request). */
    String itemKey(int index) {
        return batch.journal().isPresent() ? batch.itemKeys().get(index) : "";
    }

    /** The client. */
    ClientContext context() {
        return ctx;
    }

    /** Tells the listener a pipeline step finished. */
    void stepFinished(int index, dev.fluxschnell.sdk.result.StepResult step) {
        emit(l -> l.stepFinished(index, step, progress()));
    }

    /** Images an item makes, intermediate ones included: what its quota reservation counts. */
    static int quotaImages(ModelRequest request) {
        return request instanceof PipelineRequest p ? p.imageCount() : request.numOutputs();
    }

    private BatchItem toItem(int index, ModelRequest request, GenerationResult r, Throwable e) {
        if (e == null) {
            remember(request, r);
            return BatchItem.succeeded(index, request, r);
        }
        FluxSchnellException error = Errors.translate(e, null, ctx.config().apiToken());
        boolean wasCanceled = canceled && (error instanceof PredictionCanceledException
                || error instanceof StepFailedException f && f.getCause() instanceof PredictionCanceledException);
        return BatchItem.unsuccessful(index, request, wasCanceled ? BatchOutcome.CANCELED : BatchOutcome.FAILED, error);
    }

    private void remember(ModelRequest request, GenerationResult r) {
        ResultCache cache = ctx.config().resultCache();
        if (cache != null && request.isDeterministic()) {
            try {
                cache.put(request, r);
            } catch (RuntimeException e) {
                log.warn("result cache could not store {}: {}", r.predictionId(), e.toString());
            }
        }
    }

    private void finishItem(BatchItem item) {
        settleQuota(item);
        items[item.index()] = item;
        synchronized (this) {
            switch (item.outcome()) {
                case SUCCEEDED -> succeeded++;
                case FAILED -> failed++;
                case CANCELED -> canceledCount++;
                case SKIPPED_QUOTA -> skipped++;
            }
        }
        BatchProgress p = progress();
        if (item.outcome() == BatchOutcome.SUCCEEDED) {
            emit(l -> l.succeeded(item, p));
        } else {
            emit(l -> l.failed(item, p));
        }
        if (remaining.decrementAndGet() == 0) {
            complete();
        }
    }

    private void settleQuota(BatchItem item) {
        if (item.outcome() == BatchOutcome.SKIPPED_QUOTA || cachedHits[item.index()] != null) {
            return;
        }
        quota.settle(batch.subject(), quotaImages(item.request()), item.result().map(BatchRun::imagesMade)
                .orElseGet(() -> item.error().filter(StepFailedException.class::isInstance)
                        .map(f -> stepImages(((StepFailedException) f).completedSteps())).orElse(0)));
    }

    /** Images a result made: a pipeline's every step's, intermediates included. */
    private static int imagesMade(GenerationResult r) {
        return r.steps().isEmpty() ? r.images().size() : stepImages(r.steps());
    }

    private static int stepImages(List<dev.fluxschnell.sdk.result.StepResult> steps) {
        return steps.stream().mapToInt(dev.fluxschnell.sdk.result.StepResult::imageCount).sum();
    }

    private void complete() {
        List<BatchItem> all = List.of(items);
        BigDecimal cost = all.stream().flatMap(i -> i.result().stream()).map(GenerationResult::cost)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        for (BatchItem i : all) { // paid for, though the item failed
            if (i.error().orElse(null) instanceof StepFailedException f) { // the steps before the failed one
                cost = cost.add(f.spent());
            } else if (i.error().orElse(null) instanceof dev.fluxschnell.sdk.errors.StorageException s) {
                cost = cost.add(s.cost()); // a prediction that succeeded, whose images were not stored
            }
        }
        BatchResult r = new BatchResult(all, cost, Duration.ofNanos(System.nanoTime() - startNanos));
        emit(l -> l.finished(r));
        onDone.accept(this);
        observation.finished(r); // before the result is visible: whoever sees it sees it observed
        result.complete(r);
    }

    /** Calls the listener, serialized; whatever it throws (an {@code AssertionError} too) is logged, never fatal. */
    private synchronized void emit(Consumer<BatchListener> event) {
        try {
            event.accept(listener);
        } catch (Throwable e) { // a listener must not stall the batch, whatever it throws
            log.warn("batch listener threw; ignoring it", e);
        }
    }
}
