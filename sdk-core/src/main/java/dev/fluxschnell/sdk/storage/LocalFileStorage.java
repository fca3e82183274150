package dev.fluxschnell.sdk.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;

/**
 * Stores images in a local directory (the SDK's default): {@code <root>/yyyy-MM-dd/<prediction-id>-<index>.<ext>} and a
 * JSON sidecar {@code <same name>.json} with prompt, sent prompt, seed, parameters and cost.
 *
 * <p>Writes are atomic: bytes go to a hidden temporary file in the same directory, which is renamed into place only
 * once complete, so no partial image is ever visible; the sidecar is written after the image. Files get the default
 * permissions of new files (the process umask applies), like any file the application writes. Names come from
 * {@link ImageMetadata#objectName()}, which keeps only safe characters, and every path is checked to stay inside the
 * root.
 */
public final class LocalFileStorage implements ImageStorage {
    private final Path root;
    private final boolean sidecar;

    private LocalFileStorage(Path root, boolean sidecar) {
        this.root = root.toAbsolutePath().normalize();
        this.sidecar = sidecar;
    }

    /**
     * {@return storage under {@code root} (created when needed), with JSON sidecars}
     *
     * @param root the directory images are stored under
     */
    public static LocalFileStorage of(Path root) {
        return new LocalFileStorage(Objects.requireNonNull(root, "root must not be null"), true);
    }

    /** {@return the same storage without JSON sidecars} */
    public LocalFileStorage withoutSidecars() {
        return new LocalFileStorage(root, false);
    }

    /** {@return the root directory} */
    public Path root() {
        return root;
    }

    /**
     * {@return the file an image with this metadata is (or would be) stored at}
     *
     * @param metadata the image's metadata
     */
    public Path pathFor(ImageMetadata metadata) {
        Path p = root.resolve(metadata.objectName()).normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException("object name escapes the storage root: " + metadata.objectName());
        }
        return p;
    }

    @Override
    public CompletableFuture<StoredImage> store(ImageContent content, ImageMetadata metadata) {
        try {
            Path target = pathFor(metadata);
            Files.createDirectories(target.getParent());
            long size = writeAtomically(target, content.stream());
            if (sidecar) { // after the image: a failed download leaves no sidecar behind
                String json = metadata.toJson(Map.of("file", target.getFileName().toString()));
                writeAtomically(target.resolveSibling(target.getFileName() + ".json"),
                        new java.io.ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
            }
            return CompletableFuture.completedFuture(StoredImage.of(target.toUri(), size, content.contentType()));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new UncheckedIOException(e));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Opens a file this storage wrote; a location outside the root is refused. */
    @Override
    public InputStream open(StoredImage image) {
        URI location = image.location();
        Path p = "file".equals(location.getScheme()) ? Path.of(location).normalize() : null;
        if (p == null || !p.startsWith(root)) {
            throw new IllegalArgumentException("not an image of " + this + ": " + location);
        }
        try {
            return Files.newInputStream(p);
        } catch (IOException e) {
            throw new dev.fluxschnell.sdk.errors.StorageException("reading " + location + " failed: " + e, null, e);
        }
    }

    private static long writeAtomically(Path target, InputStream in) throws IOException {
        // Not Files.createTempFile: that makes the file 0600 whatever the umask. A new file gets the default mode.
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
        try {
            long size;
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                size = in.transferTo(out);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return size;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public String toString() {
        return "LocalFileStorage{" + root + "}";
    }
}
