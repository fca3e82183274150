package dev.fluxschnell.examples;

import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.batch.BatchResult;
import dev.fluxschnell.sdk.redis.RedisCreateRateLimiter;
import dev.fluxschnell.sdk.redis.RedisQuota;
import dev.fluxschnell.sdk.redis.RedisUnavailable;
import io.lettuce.core.RedisClient;
import java.util.List;

/**
 * Two "instances" (two clients, as two service replicas would have) share one Replicate account's create limit and a
 * per-user daily quota through Redis. Needs a Redis server: {@code REDIS_URL} (default redis://127.0.0.1:6379), e.g.
 * {@code redis-server --port 6379 --save ''}.
 */
public final class RedisSharedLimitsExample {
    private RedisSharedLimitsExample() {}

    /** Runs the example. */
    public static void main(String[] args) throws Exception {
        String url = System.getenv().getOrDefault("REDIS_URL", "redis://127.0.0.1:6379");
        RedisClient redis = RedisClient.create(url);
        try (RedisCreateRateLimiter limiterA = limiter(redis);
             RedisCreateRateLimiter limiterB = limiter(redis);
             RedisQuota quota = RedisQuota.builder().redisClient(redis).window(RedisQuota.Window.DAY)
                     .limits(user -> user.startsWith("pro:") ? 100 : 3, 3).build();
             FluxSchnellClient instanceA = ExampleClients.create(b -> b.rateLimiter(limiterA).quota(quota));
             FluxSchnellClient instanceB = ExampleClients.create(b -> b.rateLimiter(limiterB).quota(quota))) {
            BatchRequest forAnn = BatchRequest.builder().subject("free:ann")
                    .prompts(List.of("Red sneaker", "Blue sneaker")).build();
            BatchResult a = instanceA.generateBatch(forAnn);
            System.out.println("instance A: " + a.imageCount() + " image(s) for free:ann; remaining today: "
                    + quota.remaining("free:ann"));
            BatchResult b = instanceB.generateBatch(BatchRequest.builder().subject("free:ann")
                    .quotaPolicy(dev.fluxschnell.sdk.batch.QuotaPolicy.SKIP_EXCESS)
                    .prompts(List.of("Green sneaker", "White sneaker")).build());
            System.out.println("instance B: " + b.imageCount() + " image(s), " + b.items().stream()
                    .filter(i -> i.outcome() == dev.fluxschnell.sdk.batch.BatchOutcome.SKIPPED_QUOTA).count()
                    + " skipped: the quota held across both instances");
        } catch (io.lettuce.core.RedisConnectionException e) {
            System.err.println("No Redis at " + url + " (" + e.getMessage() + "). Start one, e.g. "
                    + "redis-server --port 6379 --save '', or set REDIS_URL.");
        } finally {
            redis.shutdown();
        }
    }

    private static RedisCreateRateLimiter limiter(RedisClient redis) {
        return RedisCreateRateLimiter.builder().redisClient(redis).key("flux-schnell:example-account")
                .rateLimitPerMinute(600).rateLimitBurst(10).whenUnavailable(RedisUnavailable.FAIL_FAST).build();
    }
}
