package dev.fluxschnell.sdk.request;

import java.util.Optional;

/** The encoded image format the model returns. */
public enum OutputFormat {
    /** WebP: smallest files; the model's default. */
    WEBP("webp", "image/webp", "webp"),
    /** JPEG. */
    JPG("jpg", "image/jpeg", "jpg"),
    /** PNG: lossless; {@code output_quality} is ignored. */
    PNG("png", "image/png", "png");

    /** The wire name of the input that chooses the format, on every model that has one. */
    public static final String INPUT = "output_format";

    private final String value;
    private final String mimeType;
    private final String extension;

    OutputFormat(String value, String mimeType, String extension) {
        this.value = value;
        this.mimeType = mimeType;
        this.extension = extension;
    }

    /** {@return the wire value, e.g. {@code "webp"}} */
    public String value() {
        return value;
    }

    /** {@return the MIME type, e.g. {@code "image/webp"}} */
    public String mimeType() {
        return mimeType;
    }

    /** {@return the file extension without a dot, e.g. {@code "webp"}} */
    public String extension() {
        return extension;
    }

    /**
     * {@return the format of a MIME type ({@code image/png}, {@code image/jpeg}, {@code image/webp}), PNG for others}
     *
     * @param mimeType a content type
     */
    public static OutputFormat ofMimeType(String mimeType) {
        for (OutputFormat f : values()) {
            if (f.mimeType.equalsIgnoreCase(String.valueOf(mimeType).strip())) {
                return f;
            }
        }
        return PNG;
    }

    /**
     * Looks a format up by wire value or name, case-insensitively; {@code "jpeg"} is accepted for {@link #JPG}.
     *
     * @param text a wire value or constant name
     * @return the matching format
     */
    public static OutputFormat of(String text) {
        if (text != null && text.trim().equalsIgnoreCase("jpeg")) {
            return JPG;
        }
        return Enums.lookup(OutputFormat.class, INPUT, text, OutputFormat::value);
    }

    /**
     * {@return the format a request asks for, else its model's default; empty for a model without the choice or a
     * value the SDK does not know}
     *
     * @param request any request
     */
    public static Optional<OutputFormat> requestedBy(ModelRequest request) {
        Object asked = request.inputs().get(INPUT);
        if (asked == null) {
            asked = ModelSchema.recorded(request.model()).flatMap(s -> s.field(INPUT))
                    .flatMap(InputField::defaultValue).orElse(null);
        }
        try {
            return asked == null ? Optional.empty() : Optional.of(of(asked.toString()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
