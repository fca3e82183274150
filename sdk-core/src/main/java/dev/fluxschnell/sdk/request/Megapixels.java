package dev.fluxschnell.sdk.request;

import java.util.Optional;

/** The approximate image size in megapixels; sent to the model as a string. */
public enum Megapixels {
    /** About one megapixel (e.g. 1024×1024 for 1:1). */
    ONE("1"),
    /** About a quarter megapixel (e.g. 512×512 for 1:1): faster and smaller. */
    QUARTER("0.25");

    private final String value;

    Megapixels(String value) {
        this.value = value;
    }

    /** {@return the wire value: {@code "1"} or {@code "0.25"}} */
    public String value() {
        return value;
    }

    /** {@return the approximate pixel count of this setting: 1,048,576 (1024²) or 262,144 (512²)} */
    public long pixels() {
        return this == ONE ? 1024L * 1024 : 512L * 512;
    }

    /**
     * {@return the setting nearest to {@code pixels} on a log scale — {@link #QUARTER} up to 0.5 MP, {@link #ONE} above
     * — when the count is within a factor of 2 of it (0.125 to 2 MP); empty for sizes flux-schnell cannot approximate}
     *
     * @param pixels the wanted pixel count, width × height
     */
    public static Optional<Megapixels> nearest(long pixels) {
        if (pixels * 2 < QUARTER.pixels() || pixels > 2 * ONE.pixels()) {
            return Optional.empty();
        }
        return Optional.of(pixels * 2 <= ONE.pixels() ? QUARTER : ONE);
    }

    /**
     * Looks a setting up by wire value or constant name, case-insensitively.
     *
     * @param text a wire value or constant name
     * @return the matching setting
     */
    public static Megapixels of(String text) {
        return Enums.lookup(Megapixels.class, "megapixels", text, Megapixels::value);
    }
}
