package dev.fluxschnell.sdk.request;


/** What replaces a removed background: {@link RemoveBackgroundRequest#background()}. */
public enum Background {
    /** Transparent (an alpha channel; the image is a PNG). */
    TRANSPARENT("transparent"),
    /** Solid white, the usual marketplace requirement. */
    WHITE("white");

    private final String value;

    Background(String value) {
        this.value = value;
    }

    /** {@return the short name the CLI uses: {@code transparent} or {@code white}} */
    public String value() {
        return value;
    }

    /**
     * Looks a background up by its short name or constant name, case-insensitively.
     *
     * @param text {@code transparent} or {@code white}
     * @return the background
     */
    public static Background of(String text) {
        return Enums.lookup(Background.class, "background", text, Background::value);
    }
}
