package dev.fluxschnell.sdk.request;


/**
 * flux-fill-pro's quick outpainting: the image is extended on a side or zoomed out, and the new area painted from the
 * prompt; no mask is used ({@link InpaintRequest.Builder#outpaint}). The values are those of the model's
 * {@code outpaint} input.
 */
public enum Outpaint {
    /** Zoom out 1.5×: a border all around. */
    ZOOM_OUT_1_5X("Zoom out 1.5x"),
    /** Zoom out 2×. */
    ZOOM_OUT_2X("Zoom out 2x"),
    /** Extend the short sides to a square. */
    MAKE_SQUARE("Make square"),
    /** Extend to the left. */
    LEFT("Left outpaint"),
    /** Extend to the right. */
    RIGHT("Right outpaint"),
    /** Extend upwards. */
    TOP("Top outpaint"),
    /** Extend downwards. */
    BOTTOM("Bottom outpaint");

    private final String value;

    Outpaint(String value) {
        this.value = value;
    }

    /** {@return the wire value, e.g. {@code "Zoom out 2x"}} */
    public String value() {
        return value;
    }

    /**
     * Looks a value up by wire value or constant name, case-insensitively.
     *
     * @param text e.g. {@code "Zoom out 2x"} or {@code ZOOM_OUT_2X}
     * @return the value
     */
    public static Outpaint of(String text) {
        return Enums.lookup(Outpaint.class, "outpaint", text, Outpaint::value);
    }
}
