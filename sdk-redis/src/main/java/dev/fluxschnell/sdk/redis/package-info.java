/**
 * Several instances, one Replicate account: {@link dev.fluxschnell.sdk.redis.RedisCreateRateLimiter} (the shared
 * create limit, on Bucket4j and Lettuce) and {@link dev.fluxschnell.sdk.redis.RedisQuota} (per-subject quotas across
 * instances). {@link dev.fluxschnell.sdk.redis.RedisUnavailable} says what happens when Redis cannot be reached. API.
 */
package dev.fluxschnell.sdk.redis;
