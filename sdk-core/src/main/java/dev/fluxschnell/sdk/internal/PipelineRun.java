package dev.fluxschnell.sdk.internal;

import dev.fluxschnell.sdk.result.GeneratedImage;
import dev.fluxschnell.sdk.result.GenerationResult;
import dev.fluxschnell.sdk.request.InputImage;
import dev.fluxschnell.sdk.request.ModelRequest;
import dev.fluxschnell.sdk.request.PipelineRequest;
import dev.fluxschnell.sdk.request.Step;
import dev.fluxschnell.sdk.result.StepResult;
import dev.fluxschnell.sdk.errors.FluxSchnellException;
import dev.fluxschnell.sdk.errors.FluxSchnellIOException;
import dev.fluxschnell.sdk.errors.StepFailedException;
import dev.fluxschnell.sdk.storage.ImageStorage;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One pipeline item of a batch: its first request, then each step on every image the step before made — each chain of
 * steps per image runs on as soon as its own previous step is done (no step waits for the whole item, nor the item for
 * the batch). Every prediction goes through {@link BatchRun#runOne} — the journal, the limiter, the quota's
 * reservation, the same generation path — under its own journal key ({@code item|step.image}).
 *
 * <p>The last step's images go to the client's storage. Intermediate ones too when the pipeline keeps them or the batch
 * has a journal (a resumed batch continues from them: no step is paid twice); otherwise to a scratch directory deleted
 * when the item ends. The next step takes an image by its delivery URL while that is young, else by its bytes (inline
 * up to 256 kB, uploaded once above). Not API.
 */
final class PipelineRun {
    private final BatchRun batch;
    private final int index;
    private final PipelineRequest pipeline;
    private final int stepCount;
    private final boolean durableIntermediates;
    private final Step[] steps;
    private final StepTally[] tallies;
    private volatile Path scratchDir;
    private volatile ImageStorage scratch;

    PipelineRun(BatchRun batch, int index, PipelineRequest pipeline) {
        this.batch = batch;
        this.index = index;
        this.pipeline = pipeline;
        this.steps = pipeline.steps().toArray(Step[]::new);
        this.stepCount = 1 + steps.length;
        this.durableIntermediates = pipeline.keepsIntermediates() || batch.journaled();
        this.tallies = new StepTally[stepCount];
        tallies[0] = new StepTally(0, pipeline.first().summary(), pipeline.first().model(), 1);
    }

    /** Runs the item; completes with the aggregate result, or a {@link StepFailedException} naming the step. */
    CompletableFuture<GenerationResult> run() {
        long start = System.nanoTime();
        CompletableFuture<GenerationResult> done = batch.runOne(index, batch.itemKey(index) + "|0", pipeline.first(),
                storageFor(0), stepCount == 1 ? image -> batch.outputName(index, image) : null).handle((first, e) -> {
                    if (e != null) {
                        throw failure(0, e);
                    }
                    if (tallies[0].add(first, 0)) {
                        finished(0);
                    }
                    int images = first.images().size();
                    for (int s = 1; s < stepCount; s++) {
                        tallies[s] = new StepTally(s, steps[s - 1].name(), steps[s - 1].model(), images);
                    }
                    return first;
                }).thenCompose(first -> {
                    List<CompletableFuture<GeneratedImage>> chains = new ArrayList<>();
                    for (int j = 0; j < first.images().size(); j++) {
                        chains.add(chain(first.images().get(j), 1, j));
                    }
                    // every chain settles (a failed one does not stop the others': they are paid work), then the
                    // item succeeds, or fails naming the first failed step with what everything finished cost
                    return CompletableFuture.allOf(chains.toArray(CompletableFuture[]::new)).handle((v, e) -> {
                        if (e != null) {
                            throw settled(ReplicateApi.unwrap(e));
                        }
                        return aggregate(first, chains.stream().map(CompletableFuture::join).toList(), start);
                    });
                });
        return done.whenComplete((r, e) -> deleteScratch());
    }

    /** Image {@code image} (the {@code j}-th of the first request) through steps {@code s} to the last. */
    private CompletableFuture<GeneratedImage> chain(GeneratedImage image, int s, int j) {
        if (s == stepCount) {
            return CompletableFuture.completedFuture(image);
        }
        ModelRequest request;
        try {
            request = steps[s - 1].on(next(image, s - 1));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(failure(s, e));
        }
        // the next step starts as soon as this one's image is stored, not when its result is complete (a GPU-time
        // model's run time, read for its cost, may come later): the chain waits for both
        CompletableFuture<GeneratedImage> ready = new CompletableFuture<>();
        CompletableFuture<GeneratedImage> produced = batch.runOne(index, batch.itemKey(index) + "|" + s + "." + j,
                        request, storageFor(s), s == stepCount - 1 ? out -> batch.outputName(index, j) : null,
                        stored -> {
                            if (stored.index() == 0) {
                                ready.complete(stored);
                            }
                        })
                .handle((r, e) -> {
                    if (e != null) {
                        throw failure(s, e);
                    }
                    if (tallies[s].add(r, j)) {
                        finished(s);
                    }
                    if (r.images().isEmpty()) {
                        throw failure(s, new FluxSchnellIOException("prediction "
                                + r.predictionId() + " made no image", r.predictionId(), null));
                    }
                    return r.images().get(0); // upscalers, background removers and edits answer one image
                });
        produced.whenComplete((img, e) -> {
            if (e != null) {
                ready.completeExceptionally(e);
            } else {
                ready.complete(img); // a resumed step, whose images were stored in an earlier run
            }
        });
        CompletableFuture<GeneratedImage> rest = ready.thenCompose(img -> chain(img, s + 1, j));
        return CompletableFuture.allOf(produced, rest).handle((v, e) -> {
            if (produced.isCompletedExceptionally()) {
                return produced.join(); // throws this step's failure
            }
            return rest.join();
        });
    }

    /**
     * The input of the next step: the image's delivery URL while young (no round trip); else a scratch file's bytes;
     * else the stored copy, read back.
     */
    private InputImage next(GeneratedImage image, int producedBy) {
        boolean young = Uploads.deliverable(image, batch.context().config().clock());
        if (!young && storageFor(producedBy) != null && image.stored().isPresent()) {
            return InputImage.of(Path.of(image.stored().get().location()));
        }
        return InputImage.of(image);
    }

    /** Where step {@code s} stores: the client's storage (null) for the last step and durable intermediates. */
    private ImageStorage storageFor(int s) {
        if (s == stepCount - 1 || durableIntermediates) {
            return null;
        }
        ImageStorage sc = scratch;
        if (sc == null) {
            synchronized (this) {
                if (scratch == null) {
                    try {
                        scratchDir = Files.createTempDirectory("flux-pipeline-");
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot create a scratch directory for a pipeline", e);
                    }
                    scratch = LocalFileStorage.of(scratchDir);
                }
                sc = scratch;
            }
        }
        return sc;
    }

    private void deleteScratch() {
        Path dir = scratchDir;
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temporary directory; the OS cleans it
        }
    }

    private void finished(int s) {
        batch.stepFinished(index, tallies[s].result(showsImages(s)));
    }

    /** Whether step {@code s}'s result lists its images: the last step's, and every step's when they are kept. */
    private boolean showsImages(int s) {
        return s == stepCount - 1 || pipeline.keepsIntermediates();
    }

    private GenerationResult aggregate(GenerationResult first, List<GeneratedImage> finals, long start) {
        List<StepResult> results = new ArrayList<>();
        BigDecimal cost = BigDecimal.ZERO;
        boolean exact = true;
        for (int s = 0; s < stepCount; s++) {
            StepResult r = tallies[s].result(showsImages(s));
            results.add(r);
            cost = cost.add(r.cost());
            exact &= tallies[s].exact;
        }
        List<GeneratedImage> images = new ArrayList<>();
        for (GeneratedImage img : finals) { // numbered in the first request's output order
            GeneratedImage.Builder b = GeneratedImage.builder().index(images.size()).remoteUrl(img.remoteUrl())
                    .format(img.format());
            img.stored().ifPresent(b::stored);
            img.createdAt().ifPresent(b::createdAt);
            img.seed().ifPresent(b::seed);
            images.add(b.build());
        }
        GenerationResult.Builder b = GenerationResult.builder().predictionId(first.predictionId()).request(pipeline)
                .images(images).elapsed(Duration.ofNanos(System.nanoTime() - start)).cost(cost).costExact(exact)
                .steps(results);
        first.seed().ifPresent(b::seed);
        return b.build();
    }

    /** A failure rebuilt once every chain has settled: the finished steps and what was spent, final. */
    private RuntimeException settled(Throwable e) {
        if (e instanceof StepFailedException f) {
            return failure(f.step(), f.getCause());
        }
        return e instanceof RuntimeException r ? r : new CompletionException(e);
    }

    /** The item failed at step {@code s}: which step, what the finished steps cost, the step's own exception. */
    private StepFailedException failure(int s, Throwable e) {
        Throwable cause = ReplicateApi.unwrap(e);
        if (cause instanceof StepFailedException f) {
            cause = f.getCause();
        }
        FluxSchnellException f = cause instanceof FluxSchnellException x ? x
                : Errors.translate(cause, null, batch.context().config().apiToken());
        List<StepResult> completed = new ArrayList<>();
        BigDecimal spent = BigDecimal.ZERO;
        for (int k = 0; k < stepCount; k++) {
            StepTally t = tallies[k];
            if (t != null) {
                spent = spent.add(t.cost);
                if (k < s && t.done()) {
                    completed.add(t.result(pipeline.keepsIntermediates()));
                }
            }
        }
        String name = s == 0 ? pipeline.first().summary() : steps[s - 1].name();
        return new StepFailedException(s, stepCount, name, completed, spent, f);
    }

    /** What one step has done so far, across the images it runs on. */
    private static final class StepTally {
        private final int step;
        private final String name;
        private final dev.fluxschnell.sdk.request.Model model;
        private final int expected;
        private final AtomicInteger finished = new AtomicInteger();
        private final String[] predictionIds;
        private final List<List<GeneratedImage>> images = new ArrayList<>();
        private final long start = System.nanoTime();
        private volatile long end;
        private BigDecimal cost = BigDecimal.ZERO;
        private boolean exact = true;

        StepTally(int step, String name, dev.fluxschnell.sdk.request.Model model, int expected) {
            this.step = step;
            this.name = name;
            this.model = model;
            this.expected = expected;
            this.predictionIds = new String[expected];
            for (int j = 0; j < expected; j++) {
                images.add(List.of());
            }
        }

        /**
         * Records the prediction run for the {@code j}-th image of the step before (in image order, not finish order);
         * {@return whether that completed the step (true once)}
         */
        synchronized boolean add(GenerationResult r, int j) {
            predictionIds[j] = r.predictionId();
            images.set(j, r.images());
            cost = cost.add(r.cost());
            exact &= r.costExact();
            end = System.nanoTime();
            return finished.incrementAndGet() == expected;
        }

        boolean done() {
            return finished.get() >= expected;
        }

        synchronized StepResult result(boolean keepImages) {
            List<String> ids = java.util.Arrays.stream(predictionIds).filter(java.util.Objects::nonNull).toList();
            List<GeneratedImage> all = images.stream().flatMap(List::stream).toList();
            return new StepResult(step, name, model, ids, keepImages ? all : List.of(), all.size(), cost,
                    Duration.ofNanos(Math.max(0, end - start)));
        }
    }
}
