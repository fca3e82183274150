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
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.LoggerFactory;

/**
 * The one place that wires a client's internals from its {@link ClientOptions} — threads, HTTP client, limiter,
 * spool, transport, downloader — and takes them down again on close. Not API.
 */
public final class ClientRuntime {
    private static final AtomicBoolean COMMON_POOL_HINT = new AtomicBoolean();
    private final ClientContext ctx;
    private final ExecutorService ownedIo;
    private final ScheduledExecutorService ownedScheduler;
    private final ExecutorService ownedHttp;

    private ClientRuntime(ClientContext ctx, ExecutorService ownedIo, ScheduledExecutorService ownedScheduler,
                          ExecutorService ownedHttp) {
        this.ctx = ctx;
        this.ownedIo = ownedIo;
        this.ownedScheduler = ownedScheduler;
        this.ownedHttp = ownedHttp;
    }

    /**
     * Wires a client: resources the options do not give are created and owned; the built-in limiter slow-starts when
     * {@code limitGuessed}, on {@code nanoTime}.
     */
    public static ClientRuntime start(ClientOptions options, boolean limitGuessed, LongSupplier nanoTime) {
        // The default HttpClient gets an executor the client owns, so close() also stops its worker threads.
        ExecutorService ownedHttp = null;
        HttpClient http = options.httpClient().orElse(null);
        if (http == null) {
            ownedHttp = Executors.newCachedThreadPool(daemon("flux-http"));
            http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                    .followRedirects(HttpClient.Redirect.NEVER).executor(ownedHttp).build();
        }
        ScheduledExecutorService ownedScheduler = null;
        ScheduledExecutorService scheduler = options.scheduler().orElse(null);
        if (scheduler == null) {
            ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, daemon("flux-scheduler"));
            s.setRemoveOnCancelPolicy(true);
            ownedScheduler = s;
            scheduler = s;
        }
        ExecutorService io = Executors.newCachedThreadPool(daemon("flux-io"));
        ClientConfig config = new ClientConfig(options, http, scheduler, io);
        ScheduledExecutorService sched = scheduler;
        CreateRateLimiter limiter = options.rateLimiter().orElseGet(() -> new InMemoryCreateRateLimiter(
                options.rateLimitPerMinute(), options.rateLimitBurst(), limitGuessed, sched, nanoTime));
        Spool spool = new Spool();
        ClientObserver observer = SafeObserver.of(options.observer());
        ClientContext ctx = new ClientContext(config, new ReplicateTransport(config, spool, throttle -> {
            limiter.throttled(throttle); // the limiter first: it pauses every create
            observer.throttled(throttle);
        }), new Downloader(config, spool), limiter, spool);
        hintAboutCommonPool();
        return new ClientRuntime(ctx, io, ownedScheduler, ownedHttp);
    }

    /** What the client's generations share. */
    public ClientContext context() {
        return ctx;
    }

    /**
     * Cancels {@code active} batches, waits up to 5 s for them, then completes what still runs (canceled). Creates
     * still inside their sync wait made predictions whose ids arrive only with their answers: those are canceled as
     * the answers come in (at most syncWait + requestTimeout later), in the background, and only then do the client's
     * threads stop.
     */
    public void close(Collection<BatchRun> active) {
        active.forEach(BatchRun::cancel);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5); // one deadline for all, not 5 s per batch
        for (BatchRun run : active) {
            awaitUntil(run.result(), deadline);
        }
        active.forEach(BatchRun::abandon); // every item's future completes now
        Duration createsLeft = ctx.config().syncWait().plus(ctx.config().requestTimeout()).plusSeconds(5);
        if (ctx.pendingCreates().isEmpty()) {
            drain(deadline);
        } else {
            Thread t = new Thread(() -> {
                awaitUntil(CompletableFuture.allOf(ctx.pendingCreates().toArray(CompletableFuture[]::new)),
                        System.nanoTime() + createsLeft.toNanos());
                drain(System.nanoTime() + TimeUnit.SECONDS.toNanos(10));
            }, "flux-close");
            t.setDaemon(true);
            t.start();
        }
    }

    /** Waits (until {@code deadline}) for remote cancels in flight, then stops the client's own threads. */
    private void drain(long deadline) {
        while (!ctx.pendingCancels().isEmpty() && System.nanoTime() - deadline < 0) {
            awaitUntil(CompletableFuture.allOf(ctx.pendingCancels().toArray(CompletableFuture[]::new)), deadline);
        }
        ctx.spool().close();
        if (ownedScheduler != null) {
            ownedScheduler.shutdownNow();
        }
        ownedIo.shutdownNow();
        if (ownedHttp != null) {
            ownedHttp.shutdownNow();
        }
    }

    private static void awaitUntil(CompletableFuture<?> f, long deadlineNanos) {
        try {
            f.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (Exception ignored) {
            // best effort within the deadline
        }
    }

    /**
     * The JDK HttpClient completes every response on CompletableFuture's default executor; when the common pool's
     * parallelism is below 2 (machines with 2 cores or fewer), that is a new thread per response, which costs about a
     * third of the SDK's CPU per image there. A library must not change that JVM-wide setting, so it says once how to.
     */
    private static void hintAboutCommonPool() {
        if (ForkJoinPool.getCommonPoolParallelism() < 2 && COMMON_POOL_HINT.compareAndSet(false, true)) {
            LoggerFactory.getLogger("dev.fluxschnell.sdk.FluxSchnellClient").info("This JVM's common ForkJoinPool "
                    + "has parallelism {}, so the JDK HttpClient starts a thread per HTTP response. For "
                    + "high-throughput batches run with -Djava.util.concurrent.ForkJoinPool.common.parallelism=2 "
                    + "(or more).", ForkJoinPool.getCommonPoolParallelism());
        }
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
