package dev.fluxschnell.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.quota.InMemoryQuota;
import dev.fluxschnell.sdk.redis.LocalRedis;
import dev.fluxschnell.sdk.redis.RedisBatchQueue;
import dev.fluxschnell.sdk.redis.RedisCreateRateLimiter;
import dev.fluxschnell.sdk.redis.RedisQuota;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import io.lettuce.core.RedisClient;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The Redis wiring against a real {@code redis-server} (started by {@link LocalRedis}: skipped with the reason when it
 * is not installed, a failure on CI): the shared limit, the quota and the batch queue with its workers.
 */
@SuppressWarnings("try") // LocalRedis.close() may throw InterruptedException: fine in a test
class FluxSchnellRedisIT {
    @TempDir
    Path dir;

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FluxSchnellAutoConfiguration.class));

    ApplicationContextRunner withToken() {
        return runner.withPropertyValues("flux-schnell.api-token=r8_test_token_123456789",
                "flux-schnell.storage.directory=" + dir);
    }

    @Test
    void withARedisClientBean_theLimitAndTheQuotaAreShared() throws Exception {
        try (LocalRedis redis = LocalRedis.start()) {
            RedisClient client = redis.client();
            try {
                withToken().withBean(RedisClient.class, () -> client)
                        .withPropertyValues("flux-schnell.quota.limit=10").run(ctx -> {
                            assertThat(ctx).hasSingleBean(RedisCreateRateLimiter.class).hasSingleBean(RedisQuota.class)
                                    .doesNotHaveBean(InMemoryQuota.class);
                            FluxSchnellClient c = ctx.getBean(FluxSchnellClient.class);
                            assertThat(c.options().rateLimiter()).containsInstanceOf(RedisCreateRateLimiter.class);
                            assertThat(c.remainingQuota("bob")).hasValue(10);
                        });
                withToken().withBean(RedisClient.class, () -> client)
                        .withPropertyValues("flux-schnell.rate-limit.shared=false")
                        .run(ctx -> assertThat(ctx).doesNotHaveBean(RedisCreateRateLimiter.class)
                                .doesNotHaveBean(RedisBatchQueue.class));
            } finally {
                client.shutdown();
            }
        }
    }

    @Test
    void queueEnabled_makesTheQueue_withItsWorkersStartedWithTheContext() throws Exception {
        try (LocalRedis redis = LocalRedis.start(); FakeReplicateServer server = FakeReplicateServer.start()) {
            withToken().withBean(RedisClient.class, redis::client).withPropertyValues( // closed with it
                    "flux-schnell.queue.enabled=true", "flux-schnell.queue.workers=2",
                    "flux-schnell.queue.lease=5s", "flux-schnell.queue.tiers.free=1",
                    "flux-schnell.queue.tiers.pro=10", "flux-schnell.base-url=" + server.baseUrl(),
                    "flux-schnell.api-token=" + server.token(), "flux-schnell.download-hosts=127.0.0.1")
                    .run(ctx -> {
                        RedisBatchQueue queue = ctx.getBean(RedisBatchQueue.class);
                        assertThat(queue.toString()).contains("pro=10", "free=1", "workers=2", "PT5S");
                        String id = queue.submit(BatchRequest.builder().prompts(List.of("a", "b")).build(), "pro");
                        long deadline = System.nanoTime() + 20_000_000_000L;
                        while (!queue.status(id).orElseThrow().isFinished() && System.nanoTime() < deadline) {
                            Thread.sleep(50);
                        }
                        assertThat(queue.status(id).orElseThrow().succeeded()).as("workers started with the context")
                                .isEqualTo(2);
                    });
        }
    }
}
