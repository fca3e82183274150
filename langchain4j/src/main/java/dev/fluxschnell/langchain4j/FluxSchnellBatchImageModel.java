package dev.fluxschnell.langchain4j;

import dev.fluxschnell.langchain4j.BatchCatalogue.Batch;
import dev.fluxschnell.langchain4j.BatchCatalogue.Item;
import dev.fluxschnell.langchain4j.BatchCatalogue.Outcome;
import dev.fluxschnell.sdk.RequestOptions;
import dev.fluxschnell.sdk.batch.BatchItem;
import dev.fluxschnell.sdk.batch.BatchJob;
import dev.fluxschnell.sdk.batch.BatchJournal;
import dev.fluxschnell.sdk.batch.BatchOutcome;
import dev.fluxschnell.sdk.batch.BatchProgress;
import dev.fluxschnell.sdk.batch.BatchResult;
import dev.fluxschnell.sdk.batch.FileBatchJournal;
import dev.fluxschnell.sdk.errors.FluxSchnellException;
import dev.fluxschnell.sdk.errors.PredictionCanceledException;
import dev.fluxschnell.sdk.request.ModelRequest;
import dev.fluxschnell.sdk.request.OutputFormat;
import dev.fluxschnell.sdk.result.GeneratedImage;
import dev.fluxschnell.sdk.result.GenerationResult;
import dev.langchain4j.Experimental;
import dev.langchain4j.data.image.Image;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.model.batch.BatchItemResult;
import dev.langchain4j.model.batch.BatchPage;
import dev.langchain4j.model.batch.BatchPagination;
import dev.langchain4j.model.batch.BatchRequest;
import dev.langchain4j.model.batch.BatchResponse;
import dev.langchain4j.model.batch.BatchState;
import dev.langchain4j.model.image.BatchImageModel;
import dev.langchain4j.model.output.Response;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * LangChain4j's experimental {@link BatchImageModel} over the SDK's resumable batches: {@link #submit} starts a batch
 * of one image per prompt — made with a {@link FluxSchnellImageModel}'s model and settings — recorded in a
 * {@link BatchJournal} under a new batch id; {@link #retrieve}, {@link #cancel} and {@link #list} work on that id, in
 * this process or after a restart.
 *
 * <p>With {@link Builder#journal(Path)} a directory holds the journal ({@link FileBatchJournal}) and one
 * {@code <id>.batch.json} per batch (its requests, who pays, whether it was canceled, how its items ended), so a new
 * model on the same directory retrieves, cancels and lists the batches of an earlier one: items the journal recorded
 * as stored are read from it, unfinished ones are resumed by the SDK — predictions already created are adopted, never
 * paid twice. States: {@code PENDING} (not started, or not yet resumed here), {@code RUNNING}, {@code SUCCEEDED} (also
 * when only some items succeeded: the others are failures in the results, LangChain4j 1.19 having no partial state),
 * {@code FAILED} (no item succeeded), {@code CANCELLED}. Results come once the batch ended: one per prompt, in order,
 * each a {@code Response<Image>} as {@link FluxSchnellImageModel#generate(String)} answers, or a
 * {@link dev.langchain4j.model.batch.BatchError} with the SDK exception's message, its HTTP status as code (0 without
 * one) and details {@value #OUTCOME}, {@value #RETRYABLE}, {@value #EXCEPTION} and {@value #PREDICTION_ID}.
 */
@Experimental
public final class FluxSchnellBatchImageModel implements BatchImageModel, AutoCloseable {
    /** Error detail: how the item ended ({@code FAILED}, {@code CANCELED}, {@code SKIPPED_QUOTA}). */
    public static final String OUTCOME = "outcome";
    /** Error detail: whether sending the item again is safe (the SDK's {@code isRetryable()}), a Boolean. */
    public static final String RETRYABLE = "retryable";
    /** Error detail: the LangChain4j exception class {@link FluxSchnellImageModel} would throw for the failure. */
    public static final String EXCEPTION = "exception";
    /** Error detail: the prediction the failure concerns, when one is known. */
    public static final String PREDICTION_ID = "prediction_id";

    private final FluxSchnellImageModel images;
    private final BatchJournal journal;
    private final BatchCatalogue catalogue;
    private final String subject;
    private final Integer maxConcurrency;
    private final Map<String, BatchJob> jobs = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private FluxSchnellBatchImageModel(Builder b) {
        if (b.images == null) {
            throw new IllegalArgumentException("set imageModel(...): the model and settings of the batches' images");
        }
        if (b.journal == null) {
            throw new IllegalArgumentException("set journal(...): where the batches are recorded");
        }
        this.images = b.images;
        this.journal = b.journal;
        this.catalogue = new BatchCatalogue(b.directory);
        this.subject = b.subject;
        this.maxConcurrency = b.maxConcurrency;
    }

    /** {@return a builder} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a batch of one image per prompt, returning at once ({@code PENDING}) with its id; a prompt or setting the
     * model refuses fails as {@link InvalidRequestException} before anything is sent or recorded.
     */
    @Override
    public BatchResponse<Response<Image>> submit(BatchRequest<String> request) {
        ensureOpen();
        List<String> prompts = request == null ? null : request.requests();
        if (prompts == null || prompts.isEmpty()) {
            throw new InvalidRequestException("flux-schnell: a batch needs at least one prompt");
        }
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            String prompt = prompts.get(i);
            try {
                items.add(Item.of(prompt, images.requests(prompt, 1).get(0)));
            } catch (IllegalArgumentException | IllegalStateException | NullPointerException e) {
                throw new InvalidRequestException("flux-schnell: prompt " + (i + 1) + " of " + prompts.size() + ": "
                        + e.getMessage(), e);
            }
        }
        Batch batch = BatchCatalogue.copy(new Batch("lc4j-" + UUID.randomUUID(), Instant.now().toString(), subject,
                items, false, null));
        dev.fluxschnell.sdk.batch.BatchRequest sdkBatch = sdkBatch(batch);
        catalogue.save(batch);
        try {
            start(batch, sdkBatch);
        } catch (RuntimeException e) {
            catalogue.delete(batch.id());
            throw e;
        }
        return response(batch.id(), BatchState.PENDING, List.of());
    }

    /**
     * The batch's state, and its results once it ended. A batch this model does not follow — submitted before a
     * restart — is read from the journal when it ended, and resumed when it had not (nothing is paid twice).
     *
     * @throws InvalidRequestException for an unknown batch id
     */
    @Override
    public BatchResponse<Response<Image>> retrieve(String batchId) {
        ensureOpen();
        return view(known(batchId), true);
    }

    /**
     * Cancels the batch: items not yet started are not sent, predictions in flight here are canceled on Replicate;
     * images already made are kept (they were paid for). Nothing to do for a batch that ended. A batch an earlier
     * process was running when it stopped is marked canceled so that nothing more is sent for it.
     *
     * @throws InvalidRequestException for an unknown batch id
     */
    @Override
    public void cancel(String batchId) {
        ensureOpen();
        Batch batch = known(batchId);
        BatchJob job = jobs.get(batch.id());
        if (batch.outcomes() != null || job != null && job.result().isDone()) {
            return;
        }
        catalogue.update(batch.id(), b -> b.outcomes() == null ? b.withCanceled() : b); // unless it just ended
        if (job != null) {
            job.cancel();
        }
    }

    /**
     * The known batches, newest first, as {@link #retrieve} describes them — without resuming any: one not followed
     * here and not ended is {@code PENDING}. {@code pageSize} (default: all) and {@code pageToken} (a page's
     * {@code nextPageToken}) page through them. With a {@link BatchJournal} but no directory, only the batches this
     * model submitted are known.
     *
     * @throws InvalidRequestException for a page size below 1 or an unknown page token
     */
    @Override
    public BatchPage<Response<Image>> list(BatchPagination pagination) {
        ensureOpen();
        List<Batch> all = catalogue.all();
        Integer size = pagination == null ? null : pagination.pageSize();
        String token = pagination == null ? null : pagination.pageToken();
        if (size != null && size < 1) {
            throw new InvalidRequestException("flux-schnell: pageSize must be at least 1, was " + size);
        }
        int from = 0;
        if (token != null) {
            from = all.stream().map(Batch::id).toList().indexOf(token);
            if (from < 0) {
                throw new InvalidRequestException("flux-schnell: unknown page token '" + token + "'");
            }
        }
        int to = size == null ? all.size() : (int) Math.min(all.size(), (long) from + size);
        List<BatchResponse<Response<Image>>> page = new ArrayList<>();
        for (Batch batch : all.subList(from, to)) {
            page.add(view(batch, false));
        }
        return new BatchPage<>(page, to < all.size() ? all.get(to).id() : null);
    }

    /**
     * Stops following batches here: their progress stays in the journal, and a new model on it resumes them. The
     * {@link FluxSchnellImageModel} and its client are left open (closing the client cancels what it runs).
     */
    @Override
    public void close() {
        closed = true;
        jobs.clear();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("this FluxSchnellBatchImageModel is closed");
        }
    }

    private Batch known(String batchId) {
        return catalogue.load(batchId).orElseThrow(() -> new InvalidRequestException("flux-schnell: no batch '"
                + batchId + "' in " + catalogue));
    }

    /** The SDK batch of a recorded one: its requests rebuilt from the record, journaled under its id. */
    private dev.fluxschnell.sdk.batch.BatchRequest sdkBatch(Batch batch) {
        try {
            dev.fluxschnell.sdk.batch.BatchRequest.Builder b = dev.fluxschnell.sdk.batch.BatchRequest.builder()
                    .journal(batch.id(), journal).subject(batch.subject());
            if (maxConcurrency != null) {
                b.maxConcurrency(maxConcurrency);
            }
            batch.items().forEach(item -> b.add(item.request()));
            return b.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new InvalidRequestException("flux-schnell: " + e.getMessage(), e);
        }
    }

    /** Submits the SDK batch and follows it; its items' outcomes are recorded when it ends. */
    private BatchJob start(Batch batch, dev.fluxschnell.sdk.batch.BatchRequest sdkBatch) {
        BatchJob job;
        try {
            job = images.client().submitBatch(sdkBatch);
        } catch (IllegalArgumentException e) { // more predictions than the client allows: nothing was sent
            throw new InvalidRequestException("flux-schnell: " + e.getMessage(), e);
        }
        jobs.put(batch.id(), job);
        job.result().whenComplete((result, error) -> ended(batch.id(), result, error));
        return job;
    }

    /**
     * Records how the batch's items ended — unless the client was closed under it (items canceled without a cancel
     * here): then it stays unfinished, for a new model to resume.
     */
    private void ended(String id, BatchResult result, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        catalogue.update(id, batch -> {
            if (batch.outcomes() != null) {
                return batch;
            }
            if (result != null) {
                boolean abandoned = !batch.canceled()
                        && result.items().stream().anyMatch(i -> i.outcome() == BatchOutcome.CANCELED);
                return abandoned ? batch : batch.withOutcomes(result.items().stream().map(Outcome::of).toList());
            }
            if (cause instanceof FluxSchnellException e) { // the batch could not start (a quota refusal, say)
                return batch.withOutcomes(java.util.Collections.nCopies(batch.items().size(),
                        Outcome.failed(e, BatchOutcome.FAILED)));
            }
            return batch;
        });
    }

    /** The batch as it stands: followed here, ended (read from the journal), or not followed ({@code resume}s it). */
    private BatchResponse<Response<Image>> view(Batch batch, boolean resume) {
        BatchJob job = jobs.get(batch.id());
        if (job == null && !batch.ended()) {
            if (!resume) {
                return response(batch.id(), BatchState.PENDING, List.of());
            }
            synchronized (this) {
                job = jobs.get(batch.id());
                if (job == null) {
                    job = start(batch, sdkBatch(batch));
                }
            }
        }
        if (job != null) {
            return followed(batch, job);
        }
        return fromJournal(batch);
    }

    private BatchResponse<Response<Image>> followed(Batch batch, BatchJob job) {
        CompletableFuture<BatchResult> result = job.result();
        if (!result.isDone()) {
            BatchProgress p = job.progress();
            return response(batch.id(), p.running() == 0 && p.done() == 0 ? BatchState.PENDING : BatchState.RUNNING,
                    List.of());
        }
        BatchResult ended = null;
        Throwable error = null;
        try {
            ended = result.join();
        } catch (CompletionException | CancellationException e) {
            error = e.getCause() != null ? e.getCause() : e;
        }
        ended(batch.id(), ended, error); // recorded before it is reported ended (the callback may still be running)
        boolean canceled = catalogue.load(batch.id()).map(Batch::canceled).orElse(batch.canceled());
        List<BatchItemResult<Response<Image>>> results = new ArrayList<>();
        if (ended != null) {
            for (BatchItem item : ended.items()) {
                results.add(item.outcome() == BatchOutcome.SUCCEEDED ? success(item.result().orElseThrow())
                        : BatchItemResult.failure(Outcome.of(item).error()));
            }
        } else {
            Outcome failed = Outcome.failed(error, BatchOutcome.FAILED);
            batch.items().forEach(i -> results.add(BatchItemResult.failure(failed.error())));
        }
        return response(batch.id(), state(canceled, results), results);
    }

    /** An ended batch, from its record and the journal: stored items succeeded, the others as recorded. */
    private BatchResponse<Response<Image>> fromJournal(Batch batch) {
        dev.fluxschnell.sdk.batch.BatchRequest sdkBatch = sdkBatch(batch);
        Map<String, BatchJournal.Entry> entries = journal.load(batch.id());
        List<BatchItemResult<Response<Image>>> results = new ArrayList<>();
        for (int i = 0; i < batch.items().size(); i++) {
            BatchJournal.Entry entry = entries.get(sdkBatch.itemKeys().get(i));
            Outcome outcome = batch.outcomes() != null ? batch.outcomes().get(i) : null;
            if (entry != null && entry.isStored() && (outcome == null || outcome.succeeded())) {
                results.add(success(stored(entry, sdkBatch.items().get(i))));
            } else if (outcome != null && !outcome.succeeded()) {
                results.add(BatchItemResult.failure(outcome.error()));
            } else {
                FluxSchnellException e = outcome == null ? new PredictionCanceledException("the batch was canceled "
                        + "before this item finished", entry != null && entry.isCreated() ? entry.predictionId() : null)
                        : new FluxSchnellException("item " + i + " succeeded but its images are not in the journal "
                        + journal, null, null);
                results.add(BatchItemResult.failure(Outcome.failed(e, outcome == null ? BatchOutcome.CANCELED
                        : BatchOutcome.FAILED).error()));
            }
        }
        return response(batch.id(), state(batch.canceled(), results), results);
    }

    /** What the journal recorded as stored for an item, as a result (it cost nothing now, as the SDK's resume says). */
    private static GenerationResult stored(BatchJournal.Entry entry, ModelRequest request) {
        List<GeneratedImage> made = new ArrayList<>();
        for (var s : entry.stored()) {
            made.add(GeneratedImage.builder().index(made.size()).remoteUrl(s.location())
                    .format(OutputFormat.ofMimeType(s.contentType())).stored(s).build());
        }
        GenerationResult.Builder b = GenerationResult.builder().predictionId(entry.predictionId()).request(request)
                .images(made).cost(BigDecimal.ZERO);
        entry.seed().ifPresent(b::seed);
        return b.build().asCachedFor(request);
    }

    /** One item's image, as {@link FluxSchnellImageModel#generate(String)} answers it. */
    private BatchItemResult<Response<Image>> success(GenerationResult result) {
        try {
            Response<List<Image>> r = images.response(List.of(result), List.of());
            if (r.content().isEmpty()) {
                throw new IllegalStateException("prediction " + result.predictionId() + " made no image");
            }
            return BatchItemResult.success(FluxSchnellImageModel.first(r));
        } catch (RuntimeException e) { // e.g. b64_json and the stored image cannot be read back
            return BatchItemResult.failure(Outcome.failed(e, BatchOutcome.FAILED).error());
        }
    }

    /** Canceled, else succeeded when any item did (the others are failures in the results), else failed. */
    private static BatchState state(boolean canceled, List<BatchItemResult<Response<Image>>> results) {
        if (canceled) {
            return BatchState.CANCELLED;
        }
        return results.stream().anyMatch(BatchItemResult::isSuccess) ? BatchState.SUCCEEDED : BatchState.FAILED;
    }

    private static BatchResponse<Response<Image>> response(String id, BatchState state,
                                                           List<BatchItemResult<Response<Image>>> results) {
        return BatchResponse.<Response<Image>>builder().batchId(id).state(state).results(results).build();
    }

    @Override
    public String toString() {
        return "FluxSchnellBatchImageModel{" + images + ", " + journal + ", batches in " + catalogue + "}";
    }

    /** Builds a {@link FluxSchnellBatchImageModel}; an image model and a journal are required. */
    public static final class Builder {
        private FluxSchnellImageModel images;
        private BatchJournal journal;
        private Path directory;
        private String subject = dev.fluxschnell.sdk.batch.BatchRequest.DEFAULT_SUBJECT;
        private Integer maxConcurrency;

        private Builder() {}

        /**
         * The model whose client, generation model and settings make the images (as its {@code generate(prompt)}
         * would); left open by {@link FluxSchnellBatchImageModel#close()}.
         *
         * @param imageModel the image model
         * @return this builder
         */
        public Builder imageModel(FluxSchnellImageModel imageModel) {
            this.images = Objects.requireNonNull(imageModel, "imageModel must not be null");
            return this;
        }

        /**
         * A directory for the journal ({@link FileBatchJournal#in}) and the batches' files: batch ids survive a
         * restart.
         *
         * @param directory the directory, created when needed
         * @return this builder
         */
        public Builder journal(Path directory) {
            Objects.requireNonNull(directory, "directory must not be null");
            return journal(FileBatchJournal.in(directory), directory);
        }

        /**
         * Any journal (e.g. the Redis journal of {@code flux-schnell-sdk-redis}), with the batches' files in
         * {@code directory}: batch ids survive a restart.
         *
         * @param journal where the batches record their progress
         * @param directory the directory of the batches' files, created when needed
         * @return this builder
         */
        public Builder journal(BatchJournal journal, Path directory) {
            this.journal = Objects.requireNonNull(journal, "journal must not be null");
            this.directory = Objects.requireNonNull(directory, "directory must not be null");
            return this;
        }

        /**
         * Any journal, with the batches known in memory only: {@code list} and {@code retrieve} see the batches this
         * model submitted, not an earlier model's.
         *
         * @param journal where the batches record their progress
         * @return this builder
         */
        public Builder journal(BatchJournal journal) {
            this.journal = Objects.requireNonNull(journal, "journal must not be null");
            this.directory = null;
            return this;
        }

        /**
         * Who pays for the batches: the client's quota key (default {@value
         * dev.fluxschnell.sdk.batch.BatchRequest#DEFAULT_SUBJECT}); kept with each batch, for its resumption too.
         *
         * @param subject the quota subject, 1–128 characters
         * @return this builder
         */
        public Builder subject(String subject) {
            this.subject = RequestOptions.checkSubject(subject);
            return this;
        }

        /**
         * The most predictions of one batch in flight at once (default: the client's setting).
         *
         * @param maxConcurrency 1 or more
         * @return this builder
         */
        public Builder maxConcurrency(int maxConcurrency) {
            dev.fluxschnell.sdk.batch.BatchRequest.builder().maxConcurrency(maxConcurrency); // the SDK's check
            this.maxConcurrency = maxConcurrency;
            return this;
        }

        /**
         * {@return the model}
         *
         * @throws IllegalArgumentException without an image model or a journal
         */
        public FluxSchnellBatchImageModel build() {
            return new FluxSchnellBatchImageModel(this);
        }
    }
}
