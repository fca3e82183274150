package dev.fluxschnell.sdk.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.Model;
import dev.fluxschnell.sdk.request.ModelSchema;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Work a fresh JVM's first prediction needs, done once per JVM on short-lived daemon threads so that it overlaps
 * the caller's own start (measured in bench/: the CLI's first create and a cold batch, docs/benchmarks.md). Nothing is
 * sent, nothing is waited for: a class still being initialised here is waited for where it is first used. Not API.
 */
public final class Warmup {
    private static final AtomicBoolean JSON_STARTED = new AtomicBoolean();
    private static final AtomicBoolean TLS_STARTED = new AtomicBoolean();

    private Warmup() {}

    /**
     * Starts the warm-up, each part the first time only.
     *
     * @param tls whether to make the JDK's default TLS context too (for an https API: its TLS provider and trust
     *     store, which a plain-http client never needs)
     */
    public static void start(boolean tls) {
        if (JSON_STARTED.compareAndSet(false, true)) {
            thread("flux-warmup-json", Warmup::json);
        }
        if (tls && TLS_STARTED.compareAndSet(false, true)) {
            thread("flux-warmup-tls", Tls::load);
        }
    }

    /**
     * JSON mapping (the first mapper initialises the JDK's calendar and locale data), the default model's recorded
     * schema (checking a request), decimal arithmetic (prices; JDK 25's BigDecimal builds tables as it initialises),
     * and the JSON of a create and of an answer's parse.
     */
    private static void json() {
        Json.tree("{}".getBytes(StandardCharsets.UTF_8));
        ModelSchema.recorded(Model.FLUX_SCHNELL);
        BigDecimal.ONE.add(BigDecimal.TEN);
        ObjectNode input = Json.input(ImageRequest.of("warm-up").sentInputs(), i -> "");
        Json.createBody(input, null, null, Set.of());
        Json.prediction(Json.tree(("{\"id\":\"p\",\"status\":\"processing\",\"output\":[\"data:image/webp;base64,"
                + "UklGRg==\"],\"logs\":\"Using seed: 1\\n\",\"urls\":{\"get\":\"http://127.0.0.1/v1/predictions/p\"}}")
                .getBytes(StandardCharsets.UTF_8)));
        HttpRequest.newBuilder(URI.create("http://127.0.0.1/")).build();
    }

    private static void thread(String name, Runnable work) {
        Thread t = new Thread(() -> {
            try {
                work.run();
            } catch (RuntimeException | LinkageError ignored) {
                // only a head start: the first real call does, and reports, whatever this could not
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }
}
