package dev.fluxschnell.spring.boot;

import dev.fluxschnell.sdk.quota.Quota;
import dev.fluxschnell.sdk.ratelimit.CreateRateLimiter;
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
 * default true) and a configured quota lives in Redis. The RedisClient stays the application's.
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
