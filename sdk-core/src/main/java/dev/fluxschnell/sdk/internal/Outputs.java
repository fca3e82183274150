package dev.fluxschnell.sdk.internal;

import dev.fluxschnell.sdk.request.ImageHeaders;
import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import dev.fluxschnell.sdk.result.GeneratedImage;
import dev.fluxschnell.sdk.result.GenerationResult;
import dev.fluxschnell.sdk.request.ModelDescription;
import dev.fluxschnell.sdk.request.ModelRequest;
import dev.fluxschnell.sdk.request.OutputFormat;
import dev.fluxschnell.sdk.errors.StorageException;
import dev.fluxschnell.sdk.storage.ImageContent;
import dev.fluxschnell.sdk.storage.ImageMetadata;
import dev.fluxschnell.sdk.storage.StoredImage;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A succeeded prediction's outputs on their way to storage: each downloaded (or read from the answer), checked to be a
 * complete image, and stored, with its own retries (a retried download is a new read of the same bytes; nothing is
 * created again). Not API.
 */
final class Outputs {
    private static final Logger log = LoggerFactory.getLogger(Outputs.class);

    private final ClientContext ctx;
    private final ModelRequest request;
    private final Generation.Events events;
    private final BooleanSupplier stopped;
    private final Set<ImageContent> open = ConcurrentHashMap.newKeySet();

    /** Outputs of {@code request}'s prediction; {@code stopped}: a store starting now must not read its stream. */
    Outputs(ClientContext ctx, ModelRequest request, Generation.Events events, BooleanSupplier stopped) {
        this.ctx = ctx;
        this.request = request;
        this.events = events;
        this.stopped = stopped;
    }

    /** Stores every output of succeeded prediction {@code p}; the result's wall time counts from {@code startNanos}. */
    CompletableFuture<GenerationResult> storeAll(Prediction p, long startNanos) {
        Instant now = ctx.config().clock().instant();
        List<CompletableFuture<GeneratedImage>> images = new ArrayList<>();
        java.math.BigDecimal each = cost(p.predictTime(), 1).amount();
        for (int i = 0; i < p.output().size(); i++) {
            ImageMetadata meta = ImageMetadata.of(p.id(), i, request, now, each,
                    p.seed() == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(p.seed()));
            String name = events.outputName(i);
            if (name != null) {
                meta = meta.withName(name);
            }
            images.add(storeOne(p.output().get(i), meta));
        }
        return CompletableFuture.allOf(images.toArray(CompletableFuture[]::new)).handle((v, e) -> {
            if (e != null) {
                throw paidButNotStored(p, ReplicateApi.unwrap(e));
            }
            List<GeneratedImage> stored = images.stream().map(CompletableFuture::join).toList();
            return result(p.id(), p.status(), stored, p.predictTime(), Duration.ofNanos(System.nanoTime() - startNanos),
                    p.seed());
        });
    }

    /**
     * The failure of a succeeded prediction's images: billed, so it says what it cost and where the images still
     * are (its https delivery URLs, an hour from its creation).
     */
    private StorageException paidButNotStored(Prediction p, Throwable cause) {
        List<URI> urls = p.output().stream().filter(u -> !"data".equals(u.getScheme()) && !Spool.isReference(u))
                .toList();
        java.math.BigDecimal cost = cost(p.predictTime(), p.output().size()).amount();
        String message = (cause instanceof StorageException ? cause.getMessage() : "images of prediction " + p.id()
                + " could not be stored: " + cause) + " (the prediction was billed $" + cost.toPlainString()
                + (urls.isEmpty() ? "" : "; its images stay at Replicate for an hour after it was created: "
                + "client.storeOutputs(\"" + p.id() + "\") or resuming its batch stores them without paying again")
                + ")";
        return new StorageException(message, p.id(), cause, cost, urls);
    }

    /** The result of prediction {@code id}, priced from its images or its run time. */
    GenerationResult result(String id, dev.fluxschnell.sdk.result.PredictionStatus status, List<GeneratedImage> images,
                            Duration predictTime, Duration elapsed, Long seed) {
        Cost cost = cost(predictTime, images.size());
        GenerationResult.Builder b = GenerationResult.builder().predictionId(id).request(request).images(images)
                .status(status).predictTime(predictTime).elapsed(elapsed).cost(cost.amount()).costExact(cost.exact());
        if (seed != null) {
            b.seed(seed);
        }
        return b.build();
    }

    private CompletableFuture<GeneratedImage> storeOne(URI url, ImageMetadata base) {
        RetryPolicy<Stored> policy = RetryPolicy.<Stored>builder()
                .handleIf((Stored r, Throwable e) -> e != null && storeRetryable(ReplicateApi.unwrap(e)))
                .withMaxRetries(ctx.config().maxRetries())
                .withDelayFn(c -> ReplicateApi.backoff(ctx.config().retryBaseDelay(),
                        ctx.config().retryMaxDelay(), c.getAttemptCount()))
                .onRetry(e -> log.debug("retrying download/store of {} image {}: {}", base.predictionId(),
                        base.index(), ReplicateApi.unwrap(e.getLastException()).toString()))
                .build();
        String what = "image " + base.index() + " of prediction " + base.predictionId();
        return Failsafe.with(policy).with(ctx.config().attempts())
                .getStageAsync(() -> ctx.config().closed() // a retry the closing client ended: nothing stored
                        ? CompletableFuture.<Stored>failedFuture(new RejectedExecutionException(ClientConfig.CLOSED))
                        : detect(ctx.downloader().open(url, base.format()), what)
                        .thenCompose(detected -> {
                            ImageContent content = detected.content();
                            ImageMetadata meta = base.withFormat(content.format()).withSize(detected.size());
                            return store(content, meta).thenApply(stored -> new Stored(meta, stored));
                        }))
                .handle((s, e) -> {
                    ctx.spool().release(url);
                    if (e != null) {
                        Throwable cause = ReplicateApi.unwrap(e);
                        String remote = "data".equals(url.getScheme()) || Spool.isReference(url)
                                ? "inline in the answer" : "at " + url;
                        throw new StorageException(what + " could not be downloaded or stored (it was " + remote
                                + "): " + cause.getMessage(), base.predictionId(), cause);
                    }
                    GeneratedImage.Builder ib = GeneratedImage.builder().index(base.index())
                            .remoteUrl(source(url, s.meta().format())).format(s.meta().format()).stored(s.stored())
                            .createdAt(base.createdAt());
                    base.seed().ifPresent(ib::seed);
                    GeneratedImage image = ib.build();
                    events.stored(image);
                    return image;
                });
    }

    /**
     * Reads the image's format and size from its first bytes, on an I/O thread: at once when it is already open (an
     * inline image, decoded on this I/O thread), else where its download opened — an I/O thread, not the HTTP client's.
     */
    private CompletableFuture<Detected> detect(CompletableFuture<ImageContent> opened, String what) {
        return opened.isDone() ? opened.thenApply(c -> detected(c, what))
                : opened.thenApplyAsync(c -> detected(c, what), ctx.config().ioExecutor());
    }

    /** What a prediction cost, and whether that is exact or the estimate's upper bound. */
    record Cost(java.math.BigDecimal amount, boolean exact) {}

    /**
     * {@return what {@code images} images of a prediction cost: images × the price per image, or for a model billed
     * by GPU time its {@code predictTime} × the price per second (the estimate's upper bound, flagged, while the run
     * time is unknown)}
     */
    Cost cost(Duration predictTime, int images) {
        dev.fluxschnell.sdk.pricing.Pricing pricing = ctx.config().pricing();
        ModelDescription.Billing billing = ModelDescription.of(request.model()).map(ModelDescription::billing)
                .orElse(ModelDescription.Billing.PER_IMAGE);
        if (billing == ModelDescription.Billing.PER_IMAGE) {
            return new Cost(pricing.costOf(request.model(), images), true);
        }
        if (billing == ModelDescription.Billing.PER_MEGAPIXEL) { // exact when the request fixed every size
            dev.fluxschnell.sdk.pricing.CostEstimate e = pricing.estimate(request);
            return new Cost(e.total().multiply(java.math.BigDecimal.valueOf(images))
                    .divide(java.math.BigDecimal.valueOf(Math.max(1, e.images())), 6, java.math.RoundingMode.HALF_UP)
                    .stripTrailingZeros(), e.isExact());
        }
        if (predictTime != null && !predictTime.isNegative()) {
            return new Cost(pricing.costOf(request.model(), predictTime), true);
        }
        return new Cost(pricing.estimate(request.model(), 1).total(), false);
    }

    /** One stored image and the metadata it was stored with (its format read from its bytes). */
    private record Stored(ImageMetadata meta, StoredImage stored) {}

    /**
     * The content with the format its first bytes say — models answer in their own formats (Kontext Pro PNG whatever
     * was asked, background removers PNG) — checked to be a complete image of that format while it is stored.
     */
    private static Detected detected(ImageContent c, String what) {
        try {
            java.io.PushbackInputStream in = new java.io.PushbackInputStream(c.stream(), 32);
            byte[] head = in.readNBytes(32);
            in.unread(head);
            OutputFormat format = ImageHeaders.outputFormat(head);
            if (format == null) {
                in.close();
                throw new Downloader.DownloadException(what + " is not an image: a PNG, JPEG or WebP was expected, "
                        + "it starts with \"" + ImageCheck.printable(java.util.Arrays.copyOf(head, Math.min(16,
                        head.length))) + "\"", false, null); // it comes again
            }
            ImageHeaders.Header h = ImageHeaders.read(new java.io.ByteArrayInputStream(head));
            ImageCheck checked = new ImageCheck(in, format, what);
            ImageContent content = c.contentLength().isPresent()
                    ? ImageContent.of(checked, format, c.contentLength().getAsLong()) : ImageContent.of(checked, format);
            return new Detected(content, h != null && h.hasSize()
                    ? new dev.fluxschnell.sdk.request.InputImage.Dimensions(h.width(), h.height()) : null);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A download with its format and, when its first bytes say, its pixel size (null otherwise). */
    private record Detected(ImageContent content, dev.fluxschnell.sdk.request.InputImage.Dimensions size) {}

    /** Closes the streams being stored: a storage blocked reading one fails at once and cleans up. */
    void closeOpen() {
        for (ImageContent c : open) {
            try {
                c.stream().close(); // a storage blocked reading it fails at once and cleans up
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private CompletableFuture<StoredImage> store(ImageContent content, ImageMetadata meta) {
        open.add(content);
        if (stopped.getAsBoolean()) {
            closeOpen();
        }
        CompletableFuture<StoredImage> stored;
        try {
            var storage = events.storage() != null ? events.storage() : ctx.config().storage();
            stored = storage.store(content, meta);
        } catch (RuntimeException e) {
            stored = CompletableFuture.failedFuture(e);
        }
        return stored.whenComplete((s, e) -> {
            open.remove(content);
            try {
                content.stream().close();
            } catch (IOException ignored) {
                // closing a spent download stream
            }
        });
    }

    /** Where an image came from, as results keep it: the https URL, or only the header of an inline image. */
    private static URI source(URI url, OutputFormat format) {
        if ("data".equals(url.getScheme()) || Spool.isReference(url)) {
            return URI.create("data:" + format.mimeType() + ";base64,");
        }
        return url;
    }

    private static boolean storeRetryable(Throwable e) {
        if (e instanceof Downloader.DownloadException d) {
            return d.retryable();
        }
        return e instanceof IOException || e instanceof java.io.UncheckedIOException;
    }
}
