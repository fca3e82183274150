package dev.fluxschnell.sdk.internal;

import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import dev.fluxschnell.sdk.GeneratedImage;
import dev.fluxschnell.sdk.GenerationResult;
import dev.fluxschnell.sdk.ImageRequest;
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
    private final ImageRequest request;
    private final Generation.Events events;
    private final BooleanSupplier stopped;
    private final Set<ImageContent> open = ConcurrentHashMap.newKeySet();

    /** Outputs of {@code request}'s prediction; {@code stopped}: a store starting now must not read its stream. */
    Outputs(ClientContext ctx, ImageRequest request, Generation.Events events, BooleanSupplier stopped) {
        this.ctx = ctx;
        this.request = request;
        this.events = events;
        this.stopped = stopped;
    }

    /** Stores every output of succeeded prediction {@code p}; the result's wall time counts from {@code startNanos}. */
    CompletableFuture<GenerationResult> storeAll(Prediction p, long startNanos) {
        Instant now = ctx.config().clock().instant();
        List<CompletableFuture<GeneratedImage>> images = new ArrayList<>();
        for (int i = 0; i < p.output().size(); i++) {
            ImageMetadata meta = ImageMetadata.of(p.id(), i, request, now, ctx.config().pricing().costOf(1),
                    p.seed() == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(p.seed()));
            images.add(storeOne(p.output().get(i), meta));
        }
        return CompletableFuture.allOf(images.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<GeneratedImage> stored = images.stream().map(CompletableFuture::join).toList();
            GenerationResult.Builder b = GenerationResult.builder().predictionId(p.id()).request(request)
                    .images(stored).status(p.status()).predictTime(p.predictTime())
                    .elapsed(Duration.ofNanos(System.nanoTime() - startNanos))
                    .cost(ctx.config().pricing().costOf(stored.size()));
            if (p.seed() != null) {
                b.seed(p.seed());
            }
            return b.build();
        });
    }

    private CompletableFuture<GeneratedImage> storeOne(URI url, ImageMetadata meta) {
        RetryPolicy<StoredImage> policy = RetryPolicy.<StoredImage>builder()
                .handleIf((StoredImage r, Throwable e) -> e != null && storeRetryable(ReplicateTransport.unwrap(e)))
                .withMaxRetries(ctx.config().maxRetries())
                .withDelayFn(c -> ReplicateTransport.backoff(ctx.config().retryBaseDelay(),
                        ctx.config().retryMaxDelay(), c.getAttemptCount()))
                .onRetry(e -> log.debug("retrying download/store of {} image {}: {}", meta.predictionId(),
                        meta.index(), ReplicateTransport.unwrap(e.getLastException()).toString()))
                .build();
        return Failsafe.with(policy).with(ctx.config().scheduler())
                .getStageAsync(() -> ctx.downloader().open(url, request.outputFormat())
                        .thenApply(c -> {
                            ImageCheck checked = new ImageCheck(c.stream(), c.format(), "image " + meta.index()
                                    + " of prediction " + meta.predictionId());
                            return c.contentLength().isPresent()
                                    ? ImageContent.of(checked, c.format(), c.contentLength().getAsLong())
                                    : ImageContent.of(checked, c.format());
                        })
                        .thenComposeAsync(content -> store(content, meta), ctx.config().ioExecutor()))
                .handle((stored, e) -> {
                    ctx.spool().release(url);
                    if (e != null) {
                        Throwable cause = ReplicateTransport.unwrap(e);
                        String remote = "data".equals(url.getScheme()) || Spool.isReference(url)
                                ? "inline in the answer" : "at " + url;
                        throw new StorageException("image " + meta.index() + " of prediction " + meta.predictionId()
                                + " could not be downloaded or stored (it was " + remote + "): "
                                + cause.getMessage(), meta.predictionId(), cause);
                    }
                    GeneratedImage.Builder ib = GeneratedImage.builder().index(meta.index()).remoteUrl(source(url))
                            .format(request.outputFormat()).stored(stored);
                    meta.seed().ifPresent(ib::seed);
                    GeneratedImage image = ib.build();
                    events.stored(image);
                    return image;
                });
    }

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
            stored = ctx.config().storage().store(content, meta);
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
    private URI source(URI url) {
        if ("data".equals(url.getScheme()) || Spool.isReference(url)) {
            return URI.create("data:" + request.outputFormat().mimeType() + ";base64,");
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
