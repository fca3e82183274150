/**
 * Several instances, one Replicate account: {@link dev.fluxschnell.sdk.redis.RedisCreateRateLimiter} (the shared
 * create limit, on Bucket4j and Lettuce), {@link dev.fluxschnell.sdk.redis.RedisQuota} (per-subject quotas across
 * instances), {@link dev.fluxschnell.sdk.redis.RedisBatchJournal} (batches any instance can resume) and
 * {@link dev.fluxschnell.sdk.redis.RedisBatchQueue} (batches every instance works). Its Lua scripts are resources
 * beside these classes. {@link dev.fluxschnell.sdk.redis.RedisUnavailable} says what happens when Redis cannot be
 * reached. API.
 */
package dev.fluxschnell.sdk.redis;
