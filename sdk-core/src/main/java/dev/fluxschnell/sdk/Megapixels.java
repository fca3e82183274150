package dev.fluxschnell.sdk;

import dev.fluxschnell.sdk.internal.Enums;

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

    /** The wire value: {@code "1"} or {@code "0.25"}. */
    public String value() {
        return value;
    }

    /** Looks a setting up by wire value or constant name, case-insensitively. */
    public static Megapixels of(String text) {
        return Enums.lookup(Megapixels.class, "megapixels", text, Megapixels::value);
    }
}
