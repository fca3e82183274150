package dev.fluxschnell.sdk.internal;

import dev.fluxschnell.sdk.ClientOptions;
import dev.fluxschnell.sdk.observation.ClientObserver;
import dev.fluxschnell.sdk.ratelimit.CreateRateLimiter;
import dev.fluxschnell.sdk.ratelimit.InMemoryCreateRateLimiter;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.LoggerFactory;

/**
 * The one place that wires a client's internals from its {@link ClientOptions} — threads, HTTP client, limiter,
 * spool, transport, downloader — and takes them down again on close. Not API.
 */
public final class ClientRuntime {
    private final ClientContext ctx;
    private final ExecutorService ownedIo;
    private final Timers ownedScheduler;
    private final boolean ownsHttp;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();

    private ClientRuntime(ClientContext ctx, ExecutorService ownedIo, Timers ownedScheduler, boolean ownsHttp) {
        this.ctx = ctx;
        this.ownedIo = ownedIo;
        this.ownedScheduler = ownedScheduler;
        this.ownsHttp = ownsHttp;
    }

    /**
     * Wires a client: resources the options do not give are created and owned; the built-in limiter slow-starts when
     * {@code limitGuessed}, on {@code nanoTime}.
     */
    public static ClientRuntime start(ClientOptions options, boolean limitGuessed, LongSupplier nanoTime) {
        HttpClient http = options.httpClient().orElse(null);
        boolean ownsHttp = http == null;
        if (ownsHttp) {
            http = ownHttpClient("https".equalsIgnoreCase(options.baseUrl().getScheme()));
        }
        Timers ownedScheduler = null;
        ScheduledExecutorService scheduler = options.scheduler().orElse(null);
        if (scheduler == null) {
            ownedScheduler = new Timers();
            scheduler = ownedScheduler;
        }
        ExecutorService io = Attempts.ioPool("flux-io");
        ClientConfig config = new ClientConfig(options, http, scheduler, io, nanoTime);
        ScheduledExecutorService sched = scheduler;
        CreateRateLimiter limiter = options.rateLimiter().orElseGet(() -> new InMemoryCreateRateLimiter(
                options.rateLimitPerMinute(), options.rateLimitBurst(), limitGuessed, sched, nanoTime));
        Spool spool = new Spool();
        ClientObserver observer = SafeObserver.of(options.observer());
        ClientContext ctx = new ClientContext(config, new ReplicateApi(config, spool, throttle -> {
            limiter.throttled(throttle); // the limiter first: it pauses every create
            observer.throttled(throttle);
        }), new Downloader(config, spool), limiter, spool);
        Warmup.start(false); // once per JVM (an https client took its TLS context as it was built)
        return new ClientRuntime(ctx, io, ownedScheduler, ownsHttp);
    }

    /**
     * The default HTTP client: a 10 s connect timeout, redirects never followed, the JDK's default TLS — for a
     * plain-http API ({@code https} false) taken at its first https connection, if any ({@link Tls}) — and no worker
     * threads: what the JDK hands off from its selector thread (reading an answer into its body subscriber) runs on
     * that thread, the rest where it was asked for (docs/design.md, "The transport").
     */
    static HttpClient ownHttpClient(boolean https) {
        try {
            return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                    .followRedirects(HttpClient.Redirect.NEVER).executor(Runnable::run)
                    .sslContext(Tls.context(https)).sslParameters(Tls.parameters(https)).build();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new java.io.UncheckedIOException(new java.io.IOException(e)); // as the JDK's HTTP client reports it
        }
    }

    /** What the client's generations share. */
    public ClientContext context() {
        return ctx;
    }

    /** How long close() waits for active batches before it completes what still runs (canceled). */
    public static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    /**
     * Cancels {@code active} batches, waits up to {@link #CLOSE_GRACE} for them, then completes what still runs
     * (canceled). Remote work the client asked for and has not seen the end of — creates still inside their sync wait
     * (their prediction's id arrives only with the answer), reconciliation look-ups, remote cancels — is drained in the
     * background: each prediction is canceled as soon as its id is known, by a non-daemon thread (the JVM does not
     * exit before it is done) that stops the client's threads when nothing is left, at the latest after
     * {@link #drainLimit()}.
     */
    public void close(Collection<BatchRun> active) {
        active.forEach(BatchRun::cancel);
        long deadline = System.nanoTime() + CLOSE_GRACE.toNanos(); // one deadline for all, not 5 s per batch
        for (BatchRun run : active) {
            awaitUntil(run.result(), deadline);
        }
        active.forEach(BatchRun::abandon); // every item's future completes now
        if (remoteWork().isEmpty()) {
            stopThreads();
            return;
        }
        Thread t = new Thread(() -> drain(System.nanoTime() + drainLimit().toNanos()), "flux-close");
        t.setDaemon(false);
        t.start();
    }

    /**
     * The longest close() drains in the background: a create's whole exchange (sync wait and request timeout), the
     * prediction list's lag, and 30 s for the look-ups and cancels that follow.
     */
    public Duration drainLimit() {
        return ctx.config().syncWait().plus(ctx.config().requestTimeout()).plus(ctx.config().options().listLag())
                .plusSeconds(30);
    }

    /** Completes when the client's threads have stopped (after close() and its drain). */
    public CompletableFuture<Void> terminated() {
        return terminated;
    }

    private java.util.List<CompletableFuture<?>> remoteWork() {
        return java.util.List.copyOf(ctx.remoteCalls());
    }

    /**
     * Waits (until {@code deadline}) for remote work in flight, then stops the client's own threads. Looks again after
     * each wait: a create's answer registers the cancel of what it made before the create counts as done.
     */
    private void drain(long deadline) {
        java.util.List<CompletableFuture<?>> pending;
        while (!(pending = remoteWork()).isEmpty() && System.nanoTime() - deadline < 0) {
            awaitUntil(CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)), deadline);
        }
        if (!pending.isEmpty()) {
            LoggerFactory.getLogger(ClientRuntime.class).warn("{} remote call(s) of a closed client were still out "
                    + "after {}; stopping anyway", pending.size(), drainLimit());
        }
        stopThreads();
    }

    private void stopThreads() {
        ownedIo.shutdownNow();
        // after the I/O executor: each pending wait's call now fails as closed
        CompletableFuture<Void> waits = ownedScheduler == null ? CompletableFuture.completedFuture(null)
                : ownedScheduler.stop();
        if (ownsHttp) {
            shutDown(ctx.config().httpClient());
        }
        waits.whenComplete((v, e) -> {
            ctx.spool().close(); // last: an answer read while the threads stopped may still have spooled an image
            terminated.complete(null);
        });
    }

    /**
     * Stops the HTTP client the SDK made, selector thread included, on JDK 21 and later (where {@code HttpClient} has
     * {@code shutdownNow}); on 17-20 that thread ends once the client is unreachable. A thread left waiting in native
     * code delays the JVM's exit by about 0.3 s (HotSpot waits for such threads before it exits): a CLI run paid that.
     */
    private static void shutDown(HttpClient http) {
        try {
            HttpClient.class.getMethod("shutdownNow").invoke(http);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // JDK 17-20: nothing to call
        }
    }

    private static void awaitUntil(CompletableFuture<?> f, long deadlineNanos) {
        try {
            f.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (Exception ignored) {
            // best effort within the deadline
        }
    }

    /** {@return a factory of daemon threads named {@code prefix-N}} */
    static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
