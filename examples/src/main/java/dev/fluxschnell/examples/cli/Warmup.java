package dev.fluxschnell.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fluxschnell.sdk.request.Model;
import dev.fluxschnell.sdk.request.ModelSchema;
import java.math.BigDecimal;
import javax.net.ssl.SSLContext;

/**
 * Work every API call needs, started on two daemon threads as the CLI starts so that it overlaps reading the command
 * line and the input (measured in bench/, "The CLI"): JSON mapping (whose first mapper initialises the JDK's calendar
 * and locale data), the default model's recorded schema (checking any request) and decimal arithmetic (prices) on one;
 * on the other the default TLS context, whose trust store is read and parsed once per JVM (the JDK's HTTP client asks
 * for it when it is built, even for a plain-http emulator).
 */
final class Warmup {
    private Warmup() {}

    /** Starts the warm-up; the CLI never waits for it (a class being initialised here is waited for where it is used). */
    static void start() {
        start("flux-warmup-json", () -> {
            new ObjectMapper().readTree("{\"warm\":[1,2.5,true,null]}");
            ModelSchema.recorded(Model.FLUX_SCHNELL);
            BigDecimal.ONE.add(BigDecimal.TEN);
        });
        start("flux-warmup-tls", SSLContext::getDefault);
    }

    /** Work that may fail: it fails again, and is reported, where it is needed. */
    private interface Work {
        void run() throws Exception;
    }

    private static void start(String name, Work work) {
        Thread t = new Thread(() -> {
            try {
                work.run();
            } catch (Exception | LinkageError ignored) {
                // only a head start
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }
}
