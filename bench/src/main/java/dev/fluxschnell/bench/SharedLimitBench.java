package dev.fluxschnell.bench;

import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.request.Megapixels;
import dev.fluxschnell.sdk.batch.BatchJob;
import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.redis.RedisCreateRateLimiter;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import io.lettuce.core.RedisClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Several instances, one account: three clients (as three service replicas) each generate N images against one
 * emulated account limited to 600 creates a minute with bursts of 10 — once with each client pacing itself alone,
 * once sharing {@link RedisCreateRateLimiter} through a real Redis server started here.
 */
final class SharedLimitBench {
    private SharedLimitBench() {}

    /** The report section, or a line saying why it was skipped. */
    static String run(boolean smoke, Path work) throws Exception {
        int perInstance = smoke ? 15 : 100;
        StringBuilder md = new StringBuilder("\n## Several instances, one account (3 clients x " + perInstance
                + " images, server 600/min burst 10, 500 ms/prediction)\n\n"
                + "Three clients in one JVM, each with its own limiter and its own Redis connections (as three replicas of a"
                + " service would have), against one emulated account. Alone, each client paces itself at 600/min, so"
                + " together they send three times the account's rate and live on 429s (absorbed, but each one pauses"
                + " that client); sharing the Redis limiter they draw about one 429 (at the first burst's boundary) and"
                + " finish within 1.1 x the ideal. A real `redis-server` is started for this section; without one it is"
                + " skipped, saying so.\n\n");
        if (!BenchRedis.available()) {
            return md.append("Skipped: redis-server is not installed.\n").toString();
        }
        double ideal = (3.0 * perInstance - 10) / 10 + 0.5;
        md.append("| limiter | images delivered | 429s drawn | wall s | vs ideal ").append(String.format(Locale.ROOT,
                "%.1f s", ideal)).append(" |\n|---|---|---|---|---|\n");
        try (BenchRedis redis = BenchRedis.start()) {
            for (boolean shared : new boolean[] {false, true}) {
                md.append(row(shared, perInstance, redis.client, work, ideal));
            }
        }
        return md.toString();
    }

    private static String row(boolean shared, int perInstance, RedisClient redis, Path work, double ideal)
            throws Exception {
        ScheduledExecutorService waits = Executors.newScheduledThreadPool(2);
        List<AutoCloseable> open = new ArrayList<>();
        try (FakeReplicateServer server = FakeReplicateServer.builder().seed(42).rateLimit(600, 10)
                .latency(Duration.ofMillis(500)).labelImages(false).start()) {
            List<FluxSchnellClient> clients = new ArrayList<>();
            String account = "bench-account-" + System.nanoTime(); // one key for all three: one account
            for (int i = 0; i < 3; i++) {
                FluxSchnellClient.Builder b = server.clientBuilder().maxPredictionsPerBatch(perInstance)
                        .maxConcurrency(20).storage(LocalFileStorage.of(Files.createTempDirectory(work, "shared"))
                                .withoutSidecars());
                if (shared) {
                    RedisCreateRateLimiter limiter = RedisCreateRateLimiter.builder().redisClient(redis)
                            .key(account).rateLimitPerMinute(600).rateLimitBurst(10).scheduler(waits).build();
                    open.add(limiter);
                    b.rateLimiter(limiter);
                }
                FluxSchnellClient c = b.build();
                open.add(c);
                clients.add(c);
            }
            long t0 = System.nanoTime();
            List<BatchJob> jobs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int n = i;
                jobs.add(clients.get(i).submitBatch(BatchRequest.builder().prompts(IntStream.range(0, perInstance)
                        .mapToObj(k -> "instance " + n + " image " + k).toList(), r -> r.megapixels(Megapixels.QUARTER))
                        .maxConcurrency(20).build()));
            }
            int ok = 0;
            for (BatchJob j : jobs) {
                ok += j.result().get(10, TimeUnit.MINUTES).succeeded().size();
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            System.err.printf("several instances, %s: %d ok, %d 429s, %.1f s%n", shared ? "shared" : "alone", ok,
                    server.stats().throttled(), wall);
            return String.format(Locale.ROOT, "| %s | %d / %d | %d | %.1f | %.2f x |%n",
                    shared ? "shared (RedisCreateRateLimiter)" : "each instance alone (in-memory)", ok,
                    3 * perInstance, server.stats().throttled(), wall, wall / ideal);
        } finally {
            for (AutoCloseable c : open) {
                c.close();
            }
            waits.shutdownNow();
        }
    }
}
