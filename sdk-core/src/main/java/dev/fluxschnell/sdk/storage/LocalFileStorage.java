package dev.fluxschnell.sdk.storage;

import dev.fluxschnell.sdk.errors.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.IntStream;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;

/**
 * Stores images in a local directory (the SDK's default): {@code <root>/yyyy-MM-dd/<prediction-id>-<index>.<ext>} and a
 * JSON sidecar {@code <same name>.json} with prompt, sent prompt, seed, parameters and cost. A stored image is never
 * replaced by another: a name that is taken fails the store, unless it is the same image stored again (a retry or a
 * resumed batch).
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
    private final PublicUrls publicUrls;
    /** Each folder images went to, as its URI (see {@link #location}). */
    private final Map<Path, String> folderUris = new java.util.concurrent.ConcurrentHashMap<>();

    private LocalFileStorage(Path root, boolean sidecar, PublicUrls publicUrls) {
        this.root = root.toAbsolutePath().normalize();
        this.sidecar = sidecar;
        this.publicUrls = publicUrls;
    }

    /**
     * {@return storage under {@code root} (created when needed), with JSON sidecars}
     *
     * @param root the directory images are stored under
     */
    public static LocalFileStorage of(Path root) {
        return new LocalFileStorage(Objects.requireNonNull(root, "root must not be null"), true, null);
    }

    /** {@return the same storage without JSON sidecars} */
    public LocalFileStorage withoutSidecars() {
        return new LocalFileStorage(root, false, publicUrls);
    }

    /**
     * {@return the same storage, its files served to anyone under {@code publicUrls}' base (a web server or CDN over
     * the root): images get unguessable names and a {@link StoredImage#publicUrl()}}
     *
     * @param publicUrls the base URL that serves the root, and the naming key
     */
    public LocalFileStorage withPublicUrls(PublicUrls publicUrls) {
        return new LocalFileStorage(root, sidecar, Objects.requireNonNull(publicUrls, "publicUrls must not be null"));
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
        String name = publicUrls == null ? metadata.objectName() : publicUrls.objectName(metadata);
        Path p = root.resolve(name).normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException("object name escapes the storage root: " + name);
        }
        return p;
    }

    @Override
    public CompletableFuture<StoredImage> store(ImageContent content, ImageMetadata metadata) {
        try {
            Path target = pathFor(metadata);
            if (!Files.isDirectory(target.getParent())) { // a stat: createDirectories throws twice for a folder there
                Files.createDirectories(target.getParent());
            }
            long size;
            if (!sidecar) {
                size = write(target, content.stream(), metadata);
            } else if (metadata.name().isEmpty()) {
                size = writeWithSidecar(target, content.stream(), sidecarJson(target, metadata));
            } else { // after the image: a failed download leaves no sidecar behind
                size = write(target, content.stream(), metadata);
                writeAtomically(sidecarOf(target), new java.io.ByteArrayInputStream(sidecarJson(target, metadata)));
            }
            StoredImage stored = StoredImage.of(location(target), size, content.contentType());
            return CompletableFuture.completedFuture(publicUrls == null ? stored : stored.withPublicUrl(publicUrls
                    .urlFor(root.relativize(target).toString().replace(java.io.File.separatorChar, '/'))));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new UncheckedIOException(e));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * {@return {@code file.toUri()}, without its cost per image} {@code Path.toUri()} looks at the file system (a
     * directory's URI ends with {@code /}) and escapes byte by byte, one of the largest methods C2 compiled while a fresh
     * JVM stored its first thousands of images (bench/, scenario 3). A name of letters, digits, {@code -}, {@code _}
     * and {@code .} (the SDK's own names) needs no escaping, so its URI is its folder's, made once, and the name;
     * any other name is left to {@code toUri()}.
     */
    private URI location(Path file) {
        String name = file.getFileName().toString();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '.')) {
                return file.toUri();
            }
        }
        if (folderUris.size() > 1_000) {
            folderUris.clear(); // a bound, not a policy: a run rarely writes to more folders
        }
        String folder = folderUris.computeIfAbsent(file.getParent(), d -> d.toUri().toString());
        return folder.endsWith("/") ? URI.create(folder + name) : file.toUri();
    }

    /** Checks that the root can be created and written: a file is written there and deleted. */
    @Override
    public void preflight() {
        Path probe = root.resolve(".flux-preflight-" + UUID.randomUUID());
        try {
            Files.createDirectories(root);
            Files.write(probe, new byte[] {1}, StandardOpenOption.CREATE_NEW);
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new StorageException("images cannot be written to " + root + ": " + e, null, e);
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
            throw new StorageException("reading " + location + " failed: " + e, null, e);
        }
    }

    /**
     * Writes an image under {@code target} without ever replacing another image: an existing file is replaced only
     * when it is this very image stored again (its sidecar names the same prediction and index: a retried or resumed
     * store), and kept when it holds the same bytes; anything else fails the store.
     */
    private long write(Path target, InputStream in, ImageMetadata metadata) throws IOException {
        if (metadata.name().isEmpty()) { // named by its prediction: nothing but this image can be there
            return writeAtomically(target, in);
        }
        Path tmp = temporary(target);
        try {
            long size = copy(in, tmp);
            try {
                inDirectory(target, () -> Files.createLink(target, tmp)); // atomic; fails when the name is taken
                return size;
            } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
                if (!(e instanceof java.nio.file.FileAlreadyExistsException) && !Files.exists(target)) {
                    move(tmp, target); // a file system without hard links
                    return size;
                }
            }
            if (sameItem(target, metadata)) {
                move(tmp, target);
            } else if (Files.mismatch(tmp, target) != -1) {
                throw new StorageException(target + " exists and is not this image (prediction "
                        + metadata.predictionId() + ", image " + metadata.index() + "): a stored image is never "
                        + "replaced; choose another name or folder", metadata.predictionId(), null);
            }
            return size;
        } finally {
            cleanUp(tmp);
        }
    }

    /** Whether the image at {@code target} was stored for the same prediction and index, as its sidecar says. */
    private static boolean sameItem(Path target, ImageMetadata metadata) {
        Path json = target.resolveSibling(target.getFileName() + ".json");
        try {
            com.fasterxml.jackson.databind.JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(json.toFile());
            return metadata.predictionId().equals(n.path("prediction_id").asText(null))
                    && Integer.toString(metadata.index()).equals(n.path("index").asText(null));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static byte[] sidecarJson(Path target, ImageMetadata metadata) {
        return metadata.toJson(Map.of("file", target.getFileName().toString())).getBytes(StandardCharsets.UTF_8);
    }

    private static Path sidecarOf(Path target) {
        return target.resolveSibling(target.getFileName() + ".json");
    }

    /**
     * Writes an image named by its prediction and its sidecar, each atomically, the sidecar visible only after the
     * image: both temporary files are created under one hold of the folder's lock and both renamed under another (two
     * holds per image instead of four, with every I/O thread storing into one folder at once). A failure before the
     * renames leaves neither file behind.
     */
    private static long writeWithSidecar(Path target, InputStream in, byte[] json) throws IOException {
        Path side = sidecarOf(target);
        Path tmp = temporary(target);
        Path sideTmp = temporary(side);
        boolean done = false;
        try {
            long size;
            try (OutputStream out = inDirectory(tmp, () -> {
                Files.write(sideTmp, json, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            })) {
                size = in.transferTo(out);
            }
            inDirectory(target, () -> {
                rename(tmp, target);
                return rename(sideTmp, side);
            });
            done = true;
            return size;
        } finally {
            if (!done) { // whichever is still there (the image's is gone once renamed)
                cleanUp(tmp, sideTmp);
            }
        }
    }

    private static long writeAtomically(Path target, InputStream in) throws IOException {
        Path tmp = temporary(target);
        boolean moved = false;
        try {
            long size = copy(in, tmp);
            move(tmp, target);
            moved = true;
            return size;
        } finally {
            if (!moved) {
                cleanUp(tmp);
            }
        }
    }

    /**
     * Locks held around the calls that change a directory (create, rename, link, delete), striped by directory. The
     * kernel serialises them per directory anyway; many threads storing into one folder at once otherwise spin on its
     * lock in the kernel, which profiled as a third of the SDK's CPU per image at high throughput (bench/profile.sh).
     * The image's bytes are written outside the lock. On a slow network file system this serialises file creation per
     * folder (and folders sharing a stripe), which the kernel largely does there too.
     */
    private static final ReentrantLock[] DIRECTORY_LOCKS = IntStream.range(0, 64).mapToObj(i -> new ReentrantLock())
            .toArray(ReentrantLock[]::new);

    /** An operation on a directory's entries. */
    private interface DirectoryChange<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code change} to the entries of {@code file}'s directory under that directory's lock; a thread interrupted
     * while it waits (a canceled store) gets an {@link InterruptedIOException}.
     */
    private static <T> T inDirectory(Path file, DirectoryChange<T> change) throws IOException {
        ReentrantLock lock = lockOf(file);
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to write in " + file.getParent());
        }
        try {
            return change.run();
        } finally {
            lock.unlock();
        }
    }

    private static ReentrantLock lockOf(Path file) {
        return DIRECTORY_LOCKS[Math.floorMod(file.getParent().hashCode(), DIRECTORY_LOCKS.length)];
    }

    /**
     * Deletes the temporary files of a store that failed, each on its own and whatever the failure: an interrupted
     * store (a canceled batch, a closing client) cleans up too, and the store's own failure is what it reports.
     */
    private static void cleanUp(Path... files) {
        ReentrantLock lock = lockOf(files[0]);
        lock.lock();
        try {
            for (Path f : files) {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException | RuntimeException e) { // left behind, hidden (a dot name ending in .part)
                    org.slf4j.LoggerFactory.getLogger(LocalFileStorage.class).debug("could not delete {}", f, e);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * A hidden file beside {@code target}. Not Files.createTempFile: that makes it 0600 whatever the umask. The name
     * needs to be unique, not secret (it is created exclusively), so no SecureRandom per file.
     */
    private static Path temporary(Path target) {
        return target.resolveSibling("." + target.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".part");
    }

    private static long copy(InputStream in, Path tmp) throws IOException {
        try (OutputStream out = inDirectory(tmp, () -> Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE))) {
            return in.transferTo(out);
        }
    }

    private static void move(Path tmp, Path target) throws IOException {
        inDirectory(target, () -> rename(tmp, target));
    }

    /** Renames {@code tmp} to {@code target}, atomically where the file system can; the caller holds the lock. */
    private static Path rename(Path tmp, Path target) throws IOException {
        try {
            return Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            return Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public String toString() {
        return "LocalFileStorage{" + root + "}";
    }
}
