package dev.fluxschnell.sdk.storage;

import dev.fluxschnell.sdk.request.OutputFormat;
import java.io.InputStream;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The bytes of one generated image as a stream, read once by {@link ImageStorage#store}. The SDK closes the stream
 * after {@code store} completes; implementations must not keep it.
 */
public final class ImageContent {
    private final InputStream stream;
    private final OutputFormat format;
    private final long length;

    private ImageContent(InputStream stream, OutputFormat format, long length) {
        this.stream = Objects.requireNonNull(stream, "stream must not be null");
        this.format = Objects.requireNonNull(format, "format must not be null");
        this.length = length;
    }

    /**
     * {@return content of unknown length (the server announced none)}
     *
     * @param stream the image bytes, read once
     * @param format the image format
     */
    public static ImageContent of(InputStream stream, OutputFormat format) {
        return new ImageContent(stream, format, -1);
    }

    /**
     * {@return content of {@code length} bytes}
     *
     * @param stream the image bytes, read once
     * @param format the image format
     * @param length the number of bytes, 0 or more
     * @throws IllegalArgumentException if {@code length} is negative
     */
    public static ImageContent of(InputStream stream, OutputFormat format, long length) {
        if (length < 0) {
            throw new IllegalArgumentException("length must be 0 or more, was " + length);
        }
        return new ImageContent(stream, format, length);
    }

    /** {@return the image bytes, streamed from the download} */
    public InputStream stream() {
        return stream;
    }

    /** {@return the image format (gives the content type and extension)} */
    public OutputFormat format() {
        return format;
    }

    /** {@return the MIME type, e.g. {@code image/webp}} */
    public String contentType() {
        return format.mimeType();
    }

    /** {@return the length in bytes, when it is known before reading} */
    public OptionalLong contentLength() {
        return length >= 0 ? OptionalLong.of(length) : OptionalLong.empty();
    }

    @Override
    public String toString() {
        return "ImageContent{" + format.value() + (length >= 0 ? ", " + length + " bytes" : "") + "}";
    }
}
