package dev.fluxschnell.spring.boot;

import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.request.SchemaReport;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The result of {@code flux-schnell.check-models-on-start}: every model the SDK calls compared with its live schema
 * once, when the application is ready (in the background: start-up does not wait), logged, and kept for the health
 * indicator, which reads it and sends nothing.
 */
public final class ModelSchemaStatus {
    private static final Logger log = LoggerFactory.getLogger(ModelSchemaStatus.class);
    private final AtomicReference<List<SchemaReport>> reports = new AtomicReference<>();
    private final AtomicReference<String> failure = new AtomicReference<>();

    /** {@return the reports, once the check has run} */
    public Optional<List<SchemaReport>> reports() {
        return Optional.ofNullable(reports.get());
    }

    /** {@return why the check could not run, if it could not} */
    public Optional<String> failure() {
        return Optional.ofNullable(failure.get());
    }

    /**
     * Checks every model the SDK calls against its live schema, off the caller's thread, and keeps the reports.
     *
     * @param client the client
     */
    public void checkInBackground(FluxSchnellClient client) {
        Thread t = new Thread(() -> {
            try {
                List<SchemaReport> r = client.models().check();
                reports.set(List.copyOf(r));
                r.stream().filter(x -> !x.compatible()).forEach(x -> log.warn("{}", x));
            } catch (RuntimeException e) {
                failure.set(e.toString());
                log.warn("could not check the models' schemas at start: {}", e.toString());
            }
        }, "flux-schnell-model-check");
        t.setDaemon(true);
        t.start();
    }
}
