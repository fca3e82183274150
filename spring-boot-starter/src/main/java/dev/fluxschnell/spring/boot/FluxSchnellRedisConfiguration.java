package dev.fluxschnell.spring.boot;

import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.quota.Quota;
import dev.fluxschnell.sdk.ratelimit.CreateRateLimiter;
import dev.fluxschnell.sdk.redis.RedisBatchQueue;
import dev.fluxschnell.sdk.redis.RedisCreateRateLimiter;
import dev.fluxschnell.sdk.redis.RedisQuota;
import io.lettuce.core.RedisClient;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Several instances, one account: when {@code flux-schnell-sdk-redis} is on the classpath and the application has a
 * Lettuce {@link RedisClient} bean, the create limit is shared through Redis ({@code flux-schnell.rate-limit.shared},
 * default true), a configured quota lives in Redis, and {@code flux-schnell.queue.enabled} adds the batch queue. The
 * RedisClient stays the application's.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = {"dev.fluxschnell.sdk.redis.RedisQuota", "io.lettuce.core.RedisClient"})
@ConditionalOnBean(RedisClient.class)
class FluxSchnellRedisConfiguration {
    /** The account's create limit shared by every instance. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(CreateRateLimiter.class)
    @ConditionalOnBooleanProperty(name = "flux-schnell.rate-limit.shared", matchIfMissing = true)
    RedisCreateRateLimiter fluxSchnellRateLimiter(RedisClient redis, FluxSchnellProperties properties,
                                                  ScheduledExecutorService fluxSchnellScheduler) {
        RedisCreateRateLimiter.Builder b = RedisCreateRateLimiter.builder().redisClient(redis)
                .scheduler(fluxSchnellScheduler);
        FluxSchnellProperties.RateLimit rl = properties.getRateLimit();
        if (rl.getPerMinute() != null) {
            b.rateLimitPerMinute(rl.getPerMinute());
        }
        if (rl.getBurst() != null) {
            b.rateLimitBurst(rl.getBurst());
        }
        return b.build();
    }

    /**
     * The batch queue, when {@code flux-schnell.queue.enabled=true}: its workers start with the context (unless
     * {@code flux-schnell.queue.workers-enabled=false}) and stop with it, leaving unfinished items to the other
     * instances after the lease.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(RedisBatchQueue.class)
    @ConditionalOnBooleanProperty(name = "flux-schnell.queue.enabled")
    RedisBatchQueue fluxSchnellQueue(RedisClient redis, FluxSchnellClient client, FluxSchnellProperties properties) {
        FluxSchnellProperties.Queue q = properties.getQueue();
        RedisBatchQueue.Builder b = RedisBatchQueue.builder(redis, client).prefix(q.getPrefix())
                .workers(q.getWorkers()).lease(q.getLease()).maxDeliveries(q.getMaxDeliveries());
        q.getTiers().forEach(b::tier);
        RedisBatchQueue queue = b.build();
        return q.isWorkersEnabled() ? queue.start() : queue;
    }

    /** Per-subject quota across instances, when {@code flux-schnell.quota.limit} is set. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(Quota.class)
    @ConditionalOnProperty(prefix = "flux-schnell.quota", name = "limit")
    RedisQuota fluxSchnellQuota(RedisClient redis, FluxSchnellProperties properties) {
        FluxSchnellProperties.Quota q = properties.getQuota();
        return RedisQuota.builder().redisClient(redis).limit(q.getLimit())
                .window(q.getWindow() == FluxSchnellProperties.QuotaWindow.HOUR ? RedisQuota.Window.HOUR
                        : RedisQuota.Window.DAY).build();
    }
}
