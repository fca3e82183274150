package dev.fluxschnell.sdk.internal;

import dev.fluxschnell.sdk.request.ImageHeaders;
import dev.fluxschnell.sdk.result.GeneratedImage;
import dev.fluxschnell.sdk.request.InputImage;
import dev.fluxschnell.sdk.errors.StorageException;
import dev.fluxschnell.sdk.storage.StoredImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Turns an {@link InputImage} into what a model's input takes: a {@code data:} URI for at most
 * {@link InputImage#MAX_INLINE_BYTES} bytes; a Files API upload's {@code urls.get} for more (uploaded once: reused for
 * the same bytes while it has more than {@link #REUSE_MARGIN} to live, found again after a restart in the account's
 * file list); a URL as it is; the delivery URL of an image Replicate made less than {@link #DELIVERY_LIFETIME} ago as
 * it is, else its stored copy read back. Reading files and storages runs on the client's I/O executor. Not API.
 */
public final class Uploads {
    /** How long Replicate keeps outputs (and their delivery URLs) after a prediction. */
    public static final Duration DELIVERY_LIFETIME = Duration.ofMinutes(55); // of the hour, a margin to reach the model
    /** An upload is reused only while it has this long left (the prediction must start before it expires). */
    static final Duration REUSE_MARGIN = Duration.ofHours(1);
    /** The account's file list is read at most this often when an upload is not known here. */
    static final Duration LISTING_AGE = Duration.ofSeconds(60);
    private static final int LISTING_PAGES = 3;

    private final ClientConfig config;
    private final FilesApi transport;
    private final Map<String, FilesApi.FileUpload> bySha = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<String>> uploading = new ConcurrentHashMap<>();
    private volatile CompletableFuture<Void> listing = CompletableFuture.completedFuture(null);
    private volatile Instant listedAt = Instant.MIN;

    /**
     * Uploads for a client.
     *
     * @param config the client's settings
     * @param transport its HTTP calls
     */
    public Uploads(ClientConfig config, FilesApi transport) {
        this.config = config;
        this.transport = transport;
    }

    /**
     * An input image as the model's input takes it.
     *
     * @param value the wire value: a {@code data:} URI, a Files API URL, or a URL passed on
     * @param dimensions the pixel size, when the image or the bytes read for it said (null otherwise)
     */
    public record Resolved(String value, InputImage.Dimensions dimensions) {}

    /**
     * {@return the wire value of {@code image} for a model's input, with its pixel size when known}
     *
     * @param image the input image
     */
    public CompletableFuture<Resolved> resolve(InputImage image) {
        InputImage.Dimensions known = image.dimensions().orElse(null);
        switch (image.source()) {
            case URL:
                return CompletableFuture.completedFuture(new Resolved(image.url().orElseThrow().toString(), null));
            case GENERATED:
                GeneratedImage g = image.generated().orElseThrow();
                if (deliverable(g, config.clock())) {
                    return CompletableFuture.completedFuture(new Resolved(image.url().get().toString(), known));
                }
                if (image.stored().isEmpty()) {
                    return CompletableFuture.failedFuture(new IllegalArgumentException("image " + g.index() + " was "
                            + "made more than an hour ago and not stored: Replicate has deleted it"));
                }
                return readStored(image.stored().get()).thenCompose(b -> withSize(b, image.describe()));
            case STORED:
                return readStored(image.stored().orElseThrow()).thenCompose(b -> withSize(b, image.describe()));
            case BYTES:
                return fromBytes(image.bytes().orElseThrow(), "image", image.mimeType().orElseThrow(),
                        image.key().substring("sha256:".length())).thenApply(v -> new Resolved(v, known));
            case FILE:
            default:
                return fromFile(image.file().orElseThrow(), image.mimeType().orElseThrow())
                        .thenApply(v -> new Resolved(v, known));
        }
    }

    /**
     * {@return whether a model can still fetch {@code image} from its https delivery URL (made less than
     * {@link #DELIVERY_LIFETIME} ago)}
     *
     * @param image an image Replicate made
     * @param clock the client's clock
     */
    static boolean deliverable(GeneratedImage image, java.time.Clock clock) {
        return "https".equalsIgnoreCase(image.remoteUrl().getScheme()) && image.createdAt()
                .map(t -> t.plus(DELIVERY_LIFETIME).isAfter(clock.instant())).orElse(false);
    }

    /** Bytes read back from storage: sent as any bytes are, their pixel size read from their header. */
    private CompletableFuture<Resolved> withSize(byte[] bytes, String name) {
        ImageHeaders.Header h;
        try {
            h = ImageHeaders.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (h == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(name + " is not an image: PNG, "
                    + "JPEG, WebP or GIF are accepted (checked by its first bytes)"));
        }
        InputImage.Dimensions size = h.hasSize() ? new InputImage.Dimensions(h.width(), h.height()) : null;
        return fromBytes(bytes, name, h.mimeType(), null).thenApply(v -> new Resolved(v, size));
    }

    private CompletableFuture<byte[]> readStored(StoredImage stored) {
        return CompletableFuture.supplyAsync(() -> {
            try (InputStream in = config.storage().open(stored)) {
                return in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, InputImage.MAX_BYTES + 1));
            } catch (IOException e) {
                throw new StorageException("reading " + stored.location() + " back failed: " + e, null, e);
            }
        }, config.ioExecutor());
    }

    /** Bytes inline, or uploaded (by their SHA-256: {@code sha} when the caller has it, else computed here). */
    private CompletableFuture<String> fromBytes(byte[] bytes, String name, String mime, String sha) {
        if (bytes.length > InputImage.MAX_BYTES) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(name + " is over 100 MiB"));
        }
        if (bytes.length <= InputImage.MAX_INLINE_BYTES) {
            return CompletableFuture.completedFuture("data:" + mime + ";base64,"
                    + Base64.getEncoder().encodeToString(bytes));
        }
        return upload(sha != null ? sha : Hashes.sha256(bytes), () -> new ByteArrayInputStream(bytes), bytes.length,
                "image." + extension(mime), mime);
    }

    /** A file's bytes inline, or uploaded by its SHA-256 (read once to hash, again by the upload). */
    private CompletableFuture<String> fromFile(Path file, String mime) {
        String name = file.getFileName().toString();
        return CompletableFuture.supplyAsync(() -> {
            try {
                long size = Files.size(file);
                if (size > InputImage.MAX_BYTES) {
                    throw new IllegalArgumentException("input image " + file + " is over 100 MiB now");
                }
                if (size <= InputImage.MAX_INLINE_BYTES) {
                    return new FileRead(Files.readAllBytes(file), null, size);
                }
                try (InputStream in = Files.newInputStream(file)) {
                    return new FileRead(null, Hashes.sha256(in), size);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("input image " + file + " cannot be read: " + e.getMessage(), e);
            }
        }, config.ioExecutor()).thenCompose(r -> r.bytes() != null ? fromBytes(r.bytes(), name, mime, null)
                : upload(r.sha(), () -> {
                    try {
                        return Files.newInputStream(file);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, r.size(), name, mime));
    }

    /** What reading a file found: its bytes when small enough to go inline, else its SHA-256; and its size. */
    private record FileRead(byte[] bytes, String sha, long size) {}

    /** Reuses a valid upload of the same bytes (known here, or in the account's recent files), else uploads once. */
    private CompletableFuture<String> upload(String sha, Supplier<InputStream> content, long length, String name,
                                             String mime) {
        String known = valid(sha);
        if (known != null) {
            return CompletableFuture.completedFuture(known);
        }
        CompletableFuture<String> mine = new CompletableFuture<>();
        CompletableFuture<String> running = uploading.putIfAbsent(sha, mine);
        if (running != null) {
            return running; // the same bytes are being uploaded for another item: one upload
        }
        refreshListing().thenCompose(v -> {
            String listed = valid(sha);
            if (listed != null) {
                return CompletableFuture.completedFuture(listed);
            }
            return transport.upload(content, length, name, mime).thenApply(u -> {
                bySha.put(sha, new FilesApi.FileUpload(u.id(), u.url(), sha, u.expiresAt() != null
                        ? u.expiresAt() : config.clock().instant().plus(Duration.ofHours(24))));
                return u.url();
            });
        }).whenComplete((url, e) -> {
            uploading.remove(sha, mine);
            if (e != null) {
                mine.completeExceptionally(e);
            } else {
                mine.complete(url);
            }
        });
        return mine;
    }

    private String valid(String sha) {
        FilesApi.FileUpload u = bySha.get(sha);
        return u != null && u.expiresAt() != null && u.expiresAt().isAfter(config.clock().instant().plus(REUSE_MARGIN))
                ? u.url() : null;
    }

    /** Reads the account's recent files (at most once a minute, shared by concurrent callers); failures are ignored. */
    private synchronized CompletableFuture<Void> refreshListing() {
        Instant now = config.clock().instant();
        if (!listing.isDone() || listedAt.plus(LISTING_AGE).isAfter(now)) {
            return listing;
        }
        listedAt = now;
        listing = transport.files(LISTING_PAGES).handle((files, e) -> {
            if (files != null) {
                for (FilesApi.FileUpload f : files) {
                    if (f.sha256() != null && f.expiresAt() != null) {
                        bySha.merge(f.sha256(), f, (a, b) -> a.expiresAt().isAfter(b.expiresAt()) ? a : b);
                    }
                }
            }
            return null;
        });
        return listing;
    }

    private static String extension(String mime) {
        return switch (mime) {
            case "image/png" -> "png";
            case "image/jpeg" -> "jpg";
            case "image/webp" -> "webp";
            case "image/gif" -> "gif";
            default -> "bin";
        };
    }
}
