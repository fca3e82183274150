package dev.fluxschnell.sdk.internal;

/** The SDK version, for the User-Agent header. Not API. */
public final class Version {
    /** The version string. */
    public static final String VERSION = "0.1.0";

    private Version() {}
}
