package dev.fluxschnell.sdk.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The SDK version, from the build ({@code version.properties}, filtered by Maven), for the User-Agent. Not API. */
public final class Version {
    /** The version string, e.g. {@code 0.1.0-SNAPSHOT}; {@code unknown} if the resource is missing. */
    public static final String VERSION = load();

    private Version() {}

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.contains("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
