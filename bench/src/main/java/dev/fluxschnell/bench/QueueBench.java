package dev.fluxschnell.bench;

import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.request.Megapixels;
import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.redis.QueuedBatch;
import dev.fluxschnell.sdk.redis.QueuedItem;
import dev.fluxschnell.sdk.redis.RedisBatchQueue;
import dev.fluxschnell.sdk.redis.RedisCreateRateLimiter;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * Queued batches on three instances (RedisBatchQueue on a real redis-server started here): one batch of N items
 * drained at one account limit of 600/min; then three child JVMs, one SIGKILLed mid-batch, and how soon its items
 * were taken over.
 */
final class QueueBench {
    private QueueBench() {}

    static String run(boolean smoke, Path work) throws Exception {
        StringBuilder md = new StringBuilder("\n## Queued batches on three instances\n\n");
        if (!BenchRedis.available()) {
            return md.append("Skipped: redis-server is not installed.\n").toString();
        }
        try (BenchRedis redis = BenchRedis.start()) {
            if (!smoke) { // the tests' RedisBatchQueueIT drains 300 items on three instances in CI already
                md.append(throughput(300, redis.client, work));
                redis.client.connect().sync().flushall();
            }
            md.append(takeover(smoke, redis.port, redis.client, work));
        }
        return md.toString();
    }

    /** N items, 3 instances of 4 workers, one shared 600/min limit, 500 ms per prediction. */
    private static String throughput(int items, RedisClient redis, Path work) throws Exception {
        List<AutoCloseable> open = new ArrayList<>();
        try (FakeReplicateServer server = FakeReplicateServer.builder().seed(42).rateLimit(600, 10)
                .latency(Duration.ofMillis(500)).labelImages(false).start()) {
            List<RedisBatchQueue> queues = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                RedisCreateRateLimiter limiter = RedisCreateRateLimiter.builder().redisClient(redis)
                        .rateLimitPerMinute(600).rateLimitBurst(10).build();
                FluxSchnellClient c = server.clientBuilder().rateLimiter(limiter).storage(LocalFileStorage.of(
                        Files.createTempDirectory(work, "queue")).withoutSidecars()).build();
                RedisBatchQueue q = RedisBatchQueue.builder(redis, c).workers(4).build();
                open.add(q);
                open.add(c);
                open.add(limiter);
                queues.add(q);
            }
            queues.forEach(RedisBatchQueue::start);
            long t0 = System.nanoTime();
            String id = queues.get(0).submit(BatchRequest.builder().prompts(IntStream.range(0, items)
                    .mapToObj(i -> "queued " + i).toList(), r -> r.megapixels(Megapixels.QUARTER)).build());
            while (!queues.get(1).status(id).orElseThrow().isFinished()) {
                Thread.sleep(50);
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            QueuedBatch b = queues.get(2).status(id).orElseThrow();
            double ideal = (items - 10) / 10.0 + 0.5;
            boolean met = b.succeeded() == items && wall <= 1.1 * ideal && server.stats().throttled() <= 2;
            System.err.printf("queue: %d/%d in %.1f s, %d 429s%n", b.succeeded(), items, wall,
                    server.stats().throttled());
            return String.format(Locale.ROOT, "One batch of %d items, 3 instances × 4 workers, one account limit "
                    + "of 600/min (a shared RedisCreateRateLimiter), 500 ms per prediction: %d / %d stored in %.1f s "
                    + "vs ≤ 1.1 × ideal %.1f s = %.1f s, %d throttled answers vs ≤ 2, %d predictions: **%s**.%n%n",
                    items, b.succeeded(), items, wall, ideal, 1.1 * ideal, server.stats().throttled(),
                    server.stats().predictionsCreated(), met ? "met" : "missed");
        } finally {
            for (AutoCloseable c : open) {
                c.close();
            }
        }
    }

    /** The index of the instance with the most items pending in the queue's streams, or -1 if none holds any. */
    private static int holdingMost(RedisCommands<String, String> r, List<String> instances) {
        Map<String, Long> held = new HashMap<>();
        for (String key : r.keys("flux-schnell:queue*")) {
            if ("stream".equals(r.type(key))) {
                r.xpending(key, "workers").getConsumerMessageCount().forEach((consumer, n) ->
                        held.merge(consumer.substring(0, consumer.lastIndexOf('-')), n, Long::sum));
            }
        }
        int most = -1;
        for (int i = 0; i < instances.size(); i++) {
            long n = held.getOrDefault(instances.get(i), 0L);
            if (n > 0 && (most < 0 || n > held.getOrDefault(instances.get(most), 0L))) {
                most = i;
            }
        }
        return most;
    }

    /** Three child JVMs; one SIGKILLed mid-batch; how soon after the kill its items finish elsewhere. */
    private static String takeover(boolean smoke, int port, RedisClient redis, Path work) throws Exception {
        int items = smoke ? 48 : 60; // more than the 24 workers: items run in waves, and one is running at the kill
        long leaseMs = smoke ? 3000 : 10_000;
        Duration latency = Duration.ofMillis(2000);
        List<Process> children = new ArrayList<>();
        try (FakeReplicateServer server = FakeReplicateServer.builder().seed(42).latency(latency).labelImages(false)
                .start();
             FluxSchnellClient observer = server.clientBuilder().storage(LocalFileStorage.of(
                     Files.createTempDirectory(work, "observer")).withoutSidecars()).build();
             RedisBatchQueue queue = RedisBatchQueue.builder(redis, observer).build();
             StatefulRedisConnection<String, String> inspect = redis.connect()) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            for (int i = 0; i < 3; i++) {
                Path log = work.resolve("queue-worker-" + i + ".log");
                children.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                        QueueBenchWorker.class.getName(), server.baseUrl().toString(), server.token(),
                        "redis://127.0.0.1:" + port, Files.createTempDirectory(work, "child").toString(),
                        Long.toString(leaseMs)).redirectErrorStream(true).redirectOutput(log.toFile()).start());
            }
            List<String> instances = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Path log = work.resolve("queue-worker-" + i + ".log");
                while (!Files.exists(log) || !Files.readString(log).contains("started ")) {
                    Thread.sleep(50);
                }
                String out = Files.readString(log);
                instances.add(out.substring(out.indexOf("started ") + 8).strip().split("\\s")[0]);
            }
            Map<Integer, Long> finished = new ConcurrentHashMap<>();
            String id = queue.submit(BatchRequest.builder().prompts(IntStream.range(0, items)
                    .mapToObj(i -> "takeover " + i).toList()).build());
            AutoCloseable listening = queue.listen(id, (item, b) -> finished.put(item.index(), System.nanoTime()));
            // the instance holding the most items once a fifth are done (one slow to start may hold none), half a
            // prediction later: items run in waves, and at a wave's end an instance's items finish as it is picked
            while (queue.status(id).orElseThrow().done() < items / 5) {
                Thread.sleep(20);
            }
            Thread.sleep(latency.toMillis() / 2);
            int victim = holdingMost(inspect.sync(), instances);
            while (victim < 0 && !queue.status(id).orElseThrow().isFinished()) {
                Thread.sleep(20);
                victim = holdingMost(inspect.sync(), instances);
            }
            children.get(Math.max(victim, 0)).destroyForcibly().waitFor(); // none held any: nothing to take over
            long killedAt = System.nanoTime();
            while (!queue.status(id).orElseThrow().isFinished()) {
                Thread.sleep(50);
            }
            listening.close();
            double lastTakeover = 0;
            int takenOver = 0;
            for (QueuedItem item : queue.items(id)) {
                if (item.deliveries() > 1) {
                    takenOver++;
                    lastTakeover = Math.max(lastTakeover, (finished.getOrDefault(item.index(), killedAt) - killedAt)
                            / 1e9);
                }
            }
            QueuedBatch b = queue.status(id).orElseThrow();
            double limit = leaseMs / 1000.0 + latency.toMillis() / 1000.0 + 5;
            boolean met = b.succeeded() == items && takenOver > 0 && lastTakeover <= limit
                    && server.stats().predictionsCreated() == items;
            return String.format(Locale.ROOT, "Takeover: 3 instances in their own JVMs (8 workers each), %d items at "
                    + "%.0f s per prediction, lease %.0f s; the instance holding the most items SIGKILLed after %d "
                    + "items: %d of its items taken over, the last finished %.1f s after the kill vs ≤ lease + one "
                    + "prediction + 5 s = %.1f s; "
                    + "%d / %d stored, %d predictions for %d items: **%s**.%n", items,
                    latency.toMillis() / 1000.0, leaseMs / 1000.0, items / 5, takenOver, lastTakeover, limit,
                    b.succeeded(), items, server.stats().predictionsCreated(), items, met ? "met" : "missed");
        } finally {
            children.forEach(Process::destroyForcibly);
        }
    }
}
