package dev.fluxschnell.sdk.request;

import dev.fluxschnell.sdk.result.GeneratedImage;
import dev.fluxschnell.sdk.result.GenerationResult;
import dev.fluxschnell.sdk.storage.StoredImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An image given to a model: a local file, bytes, an {@code https} URL, or an image this SDK made or stored. Built
 * only from what can work: a missing file, bytes that are not an image (PNG, JPEG, WebP or GIF, checked by their
 * magic bytes), more than {@value #MAX_BYTES} bytes, and {@code http:} URLs are refused here, before anything is sent.
 *
 * <p>How it reaches the model is decided when the request runs: up to {@value #MAX_INLINE_BYTES} bytes go inline as a
 * {@code data:} URI; larger images are uploaded once through Replicate's Files API and passed by URL (the upload is
 * reused for the same bytes while it is valid); a URL — and the delivery URL of an image Replicate made less than an
 * hour ago — is passed as it is. Immutable.
 */
public final class InputImage {
    /** The largest image accepted, in bytes: the Files API's limit (100 MiB). */
    public static final long MAX_BYTES = 100L * 1024 * 1024;
    /**
     * The largest image sent inline as a {@code data:} URI, 256 kB (256,000 bytes): Replicate's guidance is a data URL
     * for a file of at most 256 kB, an uploaded file above.
     */
    public static final int MAX_INLINE_BYTES = 256_000;

    /** Where an input image comes from. */
    public enum Source {
        /** A local file. */
        FILE,
        /** Bytes in memory. */
        BYTES,
        /** An https URL the model fetches. */
        URL,
        /** An image this SDK made (its delivery URL while young, else its stored copy). */
        GENERATED,
        /** An image stored by the client's storage (read back when the request runs). */
        STORED
    }

    /**
     * An image's size in pixels.
     *
     * @param width the width
     * @param height the height
     */
    public record Dimensions(int width, int height) {
        /** {@return {@code WIDTHxHEIGHT}} */
        @Override
        public String toString() {
            return width + "x" + height;
        }
    }

    private final Source source;
    private final Path file;
    private final byte[] bytes;
    private final URI url;
    private final GeneratedImage generated;
    private final StoredImage stored;
    private final String mimeType;
    private final long size;
    private final Dimensions dimensions;
    private final String key;

    private InputImage(Source source, Path file, byte[] bytes, URI url, GeneratedImage generated, StoredImage stored,
                       String mimeType, long size, Dimensions dimensions, String key) {
        this.source = source;
        this.file = file;
        this.bytes = bytes;
        this.url = url;
        this.generated = generated;
        this.stored = stored;
        this.mimeType = mimeType;
        this.size = size;
        this.dimensions = dimensions;
        this.key = key;
    }

    /**
     * A local image file, checked now: it exists, is at most {@value #MAX_BYTES} bytes and is an image.
     *
     * @param file the image file
     * @return the input image
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static InputImage of(Path file) {
        Objects.requireNonNull(file, "file must not be null");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("input image " + file + ": no such file");
        }
        try {
            long size = Files.size(file);
            ImageHeaders.Header h;
            try (InputStream in = Files.newInputStream(file)) {
                h = check(file.toString(), size, in);
            }
            Path absolute = file.toAbsolutePath().normalize();
            String key = "file:" + absolute + ":" + size + ":" + Files.getLastModifiedTime(file).toMillis();
            return new InputImage(Source.FILE, absolute, null, null, null, null, h.mimeType(), size, dims(h), key);
        } catch (IOException e) {
            throw new IllegalArgumentException("input image " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * An image in memory (copied), checked now: at most {@value #MAX_BYTES} bytes, and an image.
     *
     * @param bytes the encoded image (PNG, JPEG, WebP or GIF)
     * @return the input image
     * @throws IllegalArgumentException when the bytes are not an image or too large
     */
    public static InputImage of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes must not be null");
        byte[] copy = bytes.clone();
        try {
            ImageHeaders.Header h = check("input image bytes", copy.length, new ByteArrayInputStream(copy));
            return new InputImage(Source.BYTES, null, copy, null, null, null, h.mimeType(), copy.length, dims(h),
                    "sha256:" + Keys.sha256(copy));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An image at an {@code https} URL, which the model fetches (Replicate's own delivery URLs among them).
     *
     * @param url the image's URL
     * @return the input image
     * @throws IllegalArgumentException for anything but an absolute https URL
     */
    public static InputImage of(URI url) {
        Objects.requireNonNull(url, "url must not be null");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("http")) {
            throw new IllegalArgumentException("input image " + url + ": http: URLs are refused (Replicate fetches "
                    + "inputs over https, and the image would travel in the clear); use https or a local file");
        }
        if (!scheme.equals("https") || url.getHost() == null) {
            throw new IllegalArgumentException("input image " + url + ": only absolute https URLs are accepted; for a "
                    + "local image use InputImage.of(Path) or of(byte[])");
        }
        return new InputImage(Source.URL, null, null, url, null, null, null, -1, null, "url:" + url);
    }

    /**
     * An image this SDK made: passed by its delivery URL while that is younger than an hour (Replicate deletes outputs
     * after an hour), else read back from the client's storage.
     *
     * @param image an image of a {@link GenerationResult}
     * @return the input image
     * @throws IllegalArgumentException when the image was neither stored nor served at an https URL
     */
    public static InputImage of(GeneratedImage image) {
        Objects.requireNonNull(image, "image must not be null");
        boolean remote = "https".equalsIgnoreCase(image.remoteUrl().getScheme());
        if (image.stored().isEmpty() && !remote) {
            throw new IllegalArgumentException("image " + image.index() + " was neither stored nor served at an "
                    + "https URL: there is nothing to send");
        }
        String key = image.stored().map(s -> "stored:" + s.location()).orElse("url:" + image.remoteUrl());
        return new InputImage(Source.GENERATED, null, null, remote ? image.remoteUrl() : null, image,
                image.stored().orElse(null), image.format().mimeType(), image.stored().map(StoredImage::sizeBytes)
                .orElse(-1L), null, key);
    }

    /**
     * An image the client's storage holds, read back from it when the request runs.
     *
     * @param image an image of this client's storage
     * @return the input image
     */
    public static InputImage of(StoredImage image) {
        Objects.requireNonNull(image, "image must not be null");
        return new InputImage(Source.STORED, null, null, null, null, image, image.contentType(), image.sizeBytes(),
                null, "stored:" + image.location());
    }

    private static ImageHeaders.Header check(String what, long size, InputStream in) throws IOException {
        if (size > MAX_BYTES) {
            throw new IllegalArgumentException(what + " is " + size + " bytes; at most " + MAX_BYTES + " (100 MiB) "
                    + "are accepted");
        }
        if (size == 0) {
            throw new IllegalArgumentException(what + " is empty");
        }
        ImageHeaders.Header h = ImageHeaders.read(in);
        if (h == null) {
            throw new IllegalArgumentException(what + " is not an image: PNG, JPEG, WebP or GIF are accepted (checked "
                    + "by its first bytes)");
        }
        return h;
    }

    private static Dimensions dims(ImageHeaders.Header h) {
        return h.hasSize() ? new Dimensions(h.width(), h.height()) : null;
    }

    /** {@return where the image comes from} */
    public Source source() {
        return source;
    }

    /** {@return the local file, for a {@link Source#FILE} image} */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** {@return a copy of the bytes, for a {@link Source#BYTES} image} */
    public Optional<byte[]> bytes() {
        return bytes == null ? Optional.empty() : Optional.of(bytes.clone());
    }

    /** {@return the URL, for a {@link Source#URL} image or a generated image Replicate served over https} */
    public Optional<URI> url() {
        return Optional.ofNullable(url);
    }

    /** {@return the image this SDK made, for a {@link Source#GENERATED} image} */
    public Optional<GeneratedImage> generated() {
        return Optional.ofNullable(generated);
    }

    /** {@return the stored image to read back, for {@link Source#STORED} and stored generated images} */
    public Optional<StoredImage> stored() {
        return Optional.ofNullable(stored);
    }

    /** {@return the MIME type, when known from the bytes or the storage} */
    public Optional<String> mimeType() {
        return Optional.ofNullable(mimeType);
    }

    /** {@return the size in bytes, when known} */
    public OptionalLong size() {
        return size >= 0 ? OptionalLong.of(size) : OptionalLong.empty();
    }

    /** {@return the size in pixels, when read from a local image's header} */
    public Optional<Dimensions> dimensions() {
        return Optional.ofNullable(dimensions);
    }

    /** {@return a stable key of the image: its content hash, file (path, size, time), URL or storage location} */
    public String key() {
        return key;
    }

    /** {@return a short description: the file name, the URL, or what made the image} */
    public String describe() {
        return switch (source) {
            case FILE -> file.getFileName().toString();
            case BYTES -> "image bytes (" + size + " B)";
            case URL -> Checks.shorten(url.toString());
            case GENERATED -> "image " + generated.index() + (stored != null ? " (" + stored.location() + ")"
                    : " (" + url + ")");
            case STORED -> stored.location().toString();
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputImage i && key.equals(i.key) && (bytes == null || Arrays.equals(bytes, i.bytes));
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        return "InputImage{" + source + ", " + describe() + (mimeType != null ? ", " + mimeType : "")
                + (dimensions != null ? ", " + dimensions : "") + "}";
    }
}
