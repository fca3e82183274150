package dev.fluxschnell.sdk.request;


/** A style preset: a suffix appended to the user's prompt to steer the look of the image. */
public enum Style {
    /** No enhancement: the prompt is sent as written. */
    NONE("none", ""),
    /** Photographic realism. */
    REALISTIC("realistic", "photorealistic, high detail, professional photography"),
    /** Painterly, expressive. */
    ARTISTIC("artistic", "artistic, painterly, expressive, creative"),
    /** Flat digital illustration. */
    ILLUSTRATION("illustration", "digital illustration, vector art, clean lines"),
    /** A 3D render look. */
    RENDER_3D("3d", "3D render, octane render, detailed textures, professional lighting");

    private final String value;
    private final String suffix;

    Style(String value, String suffix) {
        this.value = value;
        this.suffix = suffix;
    }

    /** {@return the short name users type, e.g. {@code "realistic"} or {@code "3d"}} */
    public String value() {
        return value;
    }

    /** {@return the text appended to the prompt; empty for {@link #NONE}} */
    public String suffix() {
        return suffix;
    }

    /**
     * {@return the prompt actually sent to the model: {@code prompt + ", " + suffix}, or the prompt itself for
     * {@link #NONE}}
     *
     * @param prompt the prompt as the user wrote it
     */
    public String apply(String prompt) {
        return suffix.isEmpty() ? prompt : prompt + ", " + suffix;
    }

    /**
     * Looks a style up by its value or constant name, case-insensitively (e.g. "Realistic", "render_3d", "3d").
     *
     * @param text a style's value or constant name
     * @return the matching style
     */
    public static Style of(String text) {
        return Enums.lookup(Style.class, "style", text, Style::value);
    }
}
