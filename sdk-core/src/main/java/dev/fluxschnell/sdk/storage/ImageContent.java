package dev.fluxschnell.sdk.storage;

import dev.fluxschnell.sdk.OutputFormat;
import java.io.InputStream;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The bytes of one generated image as a stream, read once by {@link ImageStorage#store}. The SDK closes the stream
 * after {@code store} completes; implementations must not keep it.
 *
 * @param stream the image bytes, streamed from the download
 * @param format the image format (gives the content type and extension)
 * @param contentLength the length in bytes when the server announced it, otherwise -1
 */
public record ImageContent(InputStream stream, OutputFormat format, long contentLength) {
    /** Checks the components. */
    public ImageContent {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(format, "format");
    }

    /** The MIME type, e.g. {@code image/webp}. */
    public String contentType() {
        return format.mimeType();
    }

    /** The length in bytes, if known before reading. */
    public OptionalLong knownLength() {
        return contentLength >= 0 ? OptionalLong.of(contentLength) : OptionalLong.empty();
    }
}
