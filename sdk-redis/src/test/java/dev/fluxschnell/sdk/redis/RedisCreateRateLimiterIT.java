package dev.fluxschnell.sdk.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.batch.BatchJob;
import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.batch.BatchResult;
import dev.fluxschnell.sdk.errors.FluxSchnellClientException;
import dev.fluxschnell.sdk.ratelimit.Throttle;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import io.lettuce.core.RedisClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three clients (separate limiters, separate connections, one Redis key) share one Replicate account's limit. */
class RedisCreateRateLimiterIT extends RedisFixture {
    @TempDir
    Path out;

    final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        scheduler.shutdownNow();
    }

    FluxSchnellClient instance(FakeReplicateServer server, String key, int perMinute, int burst,
                               RedisUnavailable policy, RedisClient redisClient) {
        RedisCreateRateLimiter limiter = RedisCreateRateLimiter.builder().redisClient(redisClient).key(key)
                .rateLimitPerMinute(perMinute).rateLimitBurst(burst).scheduler(scheduler).whenUnavailable(policy).build();
        FluxSchnellClient c = FluxSchnellClient.builder().apiToken(server.token()).baseUrl(server.baseUrl())
                .downloadHosts(List.of("127.0.0.1")).storage(LocalFileStorage.of(out)).maxPredictionsPerBatch(100)
                .maxConcurrency(20).rateLimiter(limiter).build();
        closeables.add(c);
        closeables.add(limiter);
        return c;
    }

    static BatchRequest batch(String prefix, int n) {
        return BatchRequest.builder().prompts(IntStream.range(0, n).mapToObj(i -> prefix + i).toList())
                .maxConcurrency(20).build();
    }

    @Test
    void withoutAScheduler_theLimiterOwnsOne_andStopsItOnClose() throws Exception {
        RedisCreateRateLimiter limiter = RedisCreateRateLimiter.builder().redisClient(client).key("own-scheduler")
                .rateLimitPerMinute(60).rateLimitBurst(1).build();
        limiter.acquire().get(5, java.util.concurrent.TimeUnit.SECONDS);
        java.util.concurrent.CompletableFuture<Void> waiting = limiter.acquire();
        waiting.get(5, java.util.concurrent.TimeUnit.SECONDS); // about a second later: it was scheduled, and ran
        assertThat(Thread.getAllStackTraces().keySet()).anyMatch(t -> t.getName().equals("flux-redis-limiter"));
        limiter.close();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.isAlive()
                && t.getName().equals("flux-redis-limiter")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.isAlive()
                && t.getName().equals("flux-redis-limiter"));
    }

    @Test
    void threeInstances_600PerMinute_deliverEverything_withoutLivingOn429s() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.builder().rateLimit(600, 10)
                .latency(Duration.ofMillis(200)).labelImages(false).start()) {
            List<FluxSchnellClient> clients = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                clients.add(instance(server, "acct-a", 600, 10, RedisUnavailable.FAIL_FAST, client));
            }
            long t0 = System.nanoTime();
            List<BatchJob> jobs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                jobs.add(clients.get(i).submitBatch(batch("i" + i + "-", 40)));
            }
            int delivered = 0;
            for (BatchJob j : jobs) {
                BatchResult r = j.result().get(60, TimeUnit.SECONDS);
                delivered += r.succeeded().size();
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            double ideal = (120 - 10) / (600 / 60.0) + 0.2; // the burst, then 10 a second, plus one prediction
            assertThat(delivered).isEqualTo(120);
            assertThat(server.stats().throttled()).as("the shared bucket paces all three below the server's limit")
                    .isLessThanOrEqualTo(3);
            // not stalled behind 429s; how close to the ideal it gets is measured by bench/ (SharedLimitBench)
            assertThat(wall).as("well within twice the ideal %.1f s", ideal).isLessThanOrEqualTo(2 * ideal);
        }
    }

    @Test
    void aSharedPauseSavesNothingUp_createsResumePacedOnEveryInstance() throws Exception {
        List<RedisCreateRateLimiter> limiters = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            RedisCreateRateLimiter limiter = RedisCreateRateLimiter.builder().redisClient(client).key("acct-pause")
                    .rateLimitPerMinute(600).rateLimitBurst(10).scheduler(scheduler).build();
            closeables.add(limiter);
            limiters.add(limiter);
        }
        long t0 = System.nanoTime();
        limiters.get(0).throttled(Throttle.after(Duration.ofMillis(1500))); // a 429 that states no limit
        try (var redis = client.connect()) {
            while (redis.sync().pttl("acct-pause:pause") <= 0) {
                Thread.sleep(5);
            }
        }
        Thread.sleep(100); // the bucket is held back just after the pause is shared
        List<Long> doneAt = java.util.Collections.synchronizedList(new ArrayList<>());
        List<java.util.concurrent.CompletableFuture<Void>> permits = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            permits.add(limiters.get(i % 2).acquire().whenComplete((v, e) -> doneAt.add(System.nanoTime() - t0)));
        }
        java.util.concurrent.CompletableFuture.allOf(permits.toArray(java.util.concurrent.CompletableFuture[]::new))
                .get(20, TimeUnit.SECONDS);
        long pauseEnd = TimeUnit.MILLISECONDS.toNanos(1500);
        assertThat(doneAt).as("none during the pause").allMatch(t -> t >= pauseEnd - TimeUnit.MILLISECONDS.toNanos(50));
        assertThat(doneAt.stream().filter(t -> t < pauseEnd + TimeUnit.MILLISECONDS.toNanos(250)).count())
                .as("paced after it at 9.5 a second, not a burst of 10 saved up during it").isLessThanOrEqualTo(3);
        assertThat(doneAt).as("and all of them soon").allMatch(t -> t < pauseEnd + TimeUnit.SECONDS.toNanos(4));
    }

    @Test
    void aLowCreditAccountSharedByThree_losesNothing_andItsLimitIsLearnedOnceForAll() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.builder().lowCreditAccount()
                .latency(Duration.ofMillis(100)).labelImages(false).start()) {
            List<BatchJob> jobs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                jobs.add(instance(server, "acct-b", 600, 10, RedisUnavailable.FAIL_FAST, client)
                        .submitBatch(batch("lc" + i + "-", 1)));
            }
            int delivered = 0;
            for (BatchJob j : jobs) {
                delivered += j.result().get(60, TimeUnit.SECONDS).succeeded().size();
            }
            assertThat(delivered).isEqualTo(3);
            assertThat(server.stats().throttled()).isLessThanOrEqualTo(3);
        }
    }

    @Test
    void redisDown_failsTheCreateFast_orFallsBackToLocalPacing() throws Exception {
        LocalRedis doomed = LocalRedis.start();
        RedisClient c = doomed.client();
        try (FakeReplicateServer server = FakeReplicateServer.start()) {
            FluxSchnellClient failFast = instance(server, "acct-c", 600, 10, RedisUnavailable.FAIL_FAST, c);
            FluxSchnellClient fallBack = instance(server, "acct-c", 600, 10, RedisUnavailable.FALL_BACK_TO_LOCAL, c);
            assertThat(failFast.generateBatch(batch("up", 1)).succeeded()).hasSize(1);
            doomed.stop();
            BatchResult failed = failFast.generateBatch(batch("down", 1));
            assertThat(failed.items().get(0).error().orElseThrow()).isInstanceOf(FluxSchnellClientException.class)
                    .hasMessageContaining("cannot reach Redis");
            assertThat(server.stats().createRequests()).as("nothing was sent for it").isEqualTo(1);
            assertThat(fallBack.generateBatch(batch("local", 2)).succeeded()).hasSize(2);
        } finally {
            c.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }

    @Test
    void redisKilledMidBatchAndRestarted_nothingIsLost_andNoThreadLeaks() throws Exception {
        int threadsBefore = Thread.activeCount();
        LocalRedis flaky = LocalRedis.start();
        RedisClient c = flaky.client();
        try (FakeReplicateServer server = FakeReplicateServer.builder().latency(Duration.ofMillis(100))
                .labelImages(false).start()) {
            FluxSchnellClient failFast = instance(server, "acct-d", 120, 2, RedisUnavailable.FAIL_FAST, c);
            FluxSchnellClient fallBack = instance(server, "acct-d", 120, 2, RedisUnavailable.FALL_BACK_TO_LOCAL, c);
            BatchJob strict = failFast.submitBatch(batch("strict", 12));
            BatchJob lenient = fallBack.submitBatch(batch("lenient", 12));
            Thread.sleep(1500);
            flaky.stop();
            Thread.sleep(1500);
            flaky.restart();
            BatchResult s = strict.result().get(60, TimeUnit.SECONDS);
            BatchResult l = lenient.result().get(60, TimeUnit.SECONDS);

            assertThat(l.succeeded()).as("fall back to local: every image").hasSize(12);
            assertThat(s.succeeded().size() + s.failed().size()).isEqualTo(12);
            assertThat(s.failed()).allSatisfy(i -> assertThat(i.error().orElseThrow())
                    .hasMessageContaining("cannot reach Redis"));
            assertThat(server.stats().predictionsCreated()).as("a failed item was never sent: nothing paid, nothing lost")
                    .isEqualTo(s.succeeded().size() + l.succeeded().size());
            assertThat(failFast.generateBatch(batch("after", 2)).succeeded()).as("works again once Redis is back")
                    .hasSize(2);
        } finally {
            closeAll();
            closeables.clear();
            c.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            flaky.close();
        }
        long deadline = System.nanoTime() + 10_000_000_000L; // threads stop asynchronously: give them time
        while (Thread.activeCount() > threadsBefore + 4 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(Thread.activeCount()).as("no thread leaked").isLessThanOrEqualTo(threadsBefore + 4);
    }
}
