package dev.fluxschnell.sdk.result;

import dev.fluxschnell.sdk.request.OutputFormat;
import dev.fluxschnell.sdk.storage.StoredImage;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/** One output image of a prediction: where Replicate served it and, once stored, where it is kept. */
public final class GeneratedImage {
    private final int index;
    private final URI remoteUrl;
    private final OutputFormat format;
    private final StoredImage stored;
    private final Long seed;
    private final java.time.Instant createdAt;

    private GeneratedImage(Builder b) {
        this.index = b.index;
        this.remoteUrl = Objects.requireNonNull(b.remoteUrl, "remoteUrl must not be null");
        this.format = Objects.requireNonNull(b.format, "format must not be null");
        this.stored = b.stored;
        this.seed = b.seed;
        this.createdAt = b.createdAt;
    }

    /** {@return a builder (for storage and cache implementations, and tests)} */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link GeneratedImage}; {@code remoteUrl} and {@code format} are required. */
    public static final class Builder {
        private int index;
        private URI remoteUrl;
        private OutputFormat format;
        private StoredImage stored;
        private Long seed;
        private java.time.Instant createdAt;

        private Builder() {}

        /**
         * When the SDK received the image (its delivery URL lives an hour from about then).
         *
         * @param createdAt the time
         * @return this builder
         */
        public Builder createdAt(java.time.Instant createdAt) {
            this.createdAt = java.util.Objects.requireNonNull(createdAt, "createdAt must not be null");
            return this;
        }

        /**
         * The image's index among its prediction's outputs (0-based).
         *
         * @param index the image's index among its prediction's outputs (0-based)
         * @return this builder
         */
        public Builder index(int index) {
            this.index = index;
            return this;
        }

        /**
         * Where the model served it (or the header of an inline {@code data:} URL).
         *
         * @param remoteUrl where the model served it (or the header of an inline {@code data:} URL)
         * @return this builder
         */
        public Builder remoteUrl(URI remoteUrl) {
            this.remoteUrl = remoteUrl;
            return this;
        }

        /**
         * The image format.
         *
         * @param format the image format
         * @return this builder
         */
        public Builder format(OutputFormat format) {
            this.format = format;
            return this;
        }

        /**
         * Where it was stored.
         *
         * @param stored where it was stored
         * @return this builder
         */
        public Builder stored(StoredImage stored) {
            this.stored = stored;
            return this;
        }

        /**
         * The seed the model used.
         *
         * @param seed the seed the model used
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Builds the image.
         *
         * @return the new image
         */
        public GeneratedImage build() {
            return new GeneratedImage(this);
        }
    }

    /**
     * {@return the seed the model used for this image (from its {@code Using seed: N} log line), if it reported one}
     */
    public OptionalLong seed() {
        return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
    }

    /** {@return when the SDK received the image, if recorded (a delivery URL lives an hour from then)} */
    public Optional<java.time.Instant> createdAt() {
        return Optional.ofNullable(createdAt);
    }

    /** {@return the image's index among its prediction's outputs (0-based)} */
    public int index() {
        return index;
    }

    /**
     * {@return the URL the model served it at: an https URL (Replicate deletes it after an hour), or, for an image that
     * arrived inline in the answer, just the {@code data:} URL's header (e.g. {@code data:image/webp;base64,}): its
     * bytes are in storage, not kept in memory}
     */
    public URI remoteUrl() {
        return remoteUrl;
    }

    /** {@return the image format} */
    public OutputFormat format() {
        return format;
    }

    /** {@return where the image was stored, if it was} */
    public Optional<StoredImage> stored() {
        return Optional.ofNullable(stored);
    }

    /**
     * {@return an http(s) URL that serves the stored image to anyone who has it — a presigned S3 URL, a Firebase token
     * URL — when the storage gives one (local files have none)}
     */
    public Optional<URI> downloadUrl() {
        return stored == null ? Optional.empty() : stored.downloadUrl();
    }

    /** {@return the best place to find the image: the stored location if stored, otherwise the remote URL} */
    public URI location() {
        return stored != null ? stored.location() : remoteUrl;
    }

    /** {@return the URL that serves the stored image to anyone, when its storage has public URLs (a CDN)} */
    public Optional<URI> publicUrl() {
        return stored().flatMap(StoredImage::publicUrl);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GeneratedImage g && index == g.index && remoteUrl.equals(g.remoteUrl)
                && format == g.format && Objects.equals(stored, g.stored) && Objects.equals(seed, g.seed);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, remoteUrl, format, stored, seed);
    }

    @Override
    public String toString() {
        String remote = remoteUrl.getScheme().equals("data") ? "data:..." : remoteUrl.toString();
        return "GeneratedImage{index=" + index + ", remote=" + remote + ", stored=" + stored
                + (seed != null ? ", seed=" + seed : "") + "}";
    }
}
