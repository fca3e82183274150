package dev.fluxschnell.examples.cli;

import javax.net.ssl.SSLContext;

/**
 * Work every API call needs, started on a daemon thread as the CLI starts so that it overlaps reading the command line
 * (measured in bench/, "The CLI"): the default TLS context, whose trust store is read and parsed once per JVM (the
 * JDK's HTTP client asks for it when it is built, even for a plain-http emulator), and JSON mapping.
 */
final class Warmup {
    private Warmup() {}

    /** Starts the warm-up; the CLI never waits for it (a class being initialised here is waited for where it is used). */
    static void start() {
        Thread t = new Thread(Warmup::run, "flux-warmup");
        t.setDaemon(true);
        t.start();
    }

    private static void run() {
        try {
            SSLContext.getDefault();
            new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"warm\":[1,2.5,true,null]}");
        } catch (Exception | LinkageError ignored) {
            // only a head start: whatever failed here fails again, and is reported, where it is needed
        }
    }
}
