package dev.fluxschnell.sdk.request;


/** The encoded image format the model returns. */
public enum OutputFormat {
    /** WebP: smallest files; the model's default. */
    WEBP("webp", "image/webp", "webp"),
    /** JPEG. */
    JPG("jpg", "image/jpeg", "jpg"),
    /** PNG: lossless; {@code output_quality} is ignored. */
    PNG("png", "image/png", "png");

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
        return Enums.lookup(OutputFormat.class, "output_format", text, OutputFormat::value);
    }
}
