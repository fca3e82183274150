package dev.fluxschnell.sdk.redis;

import dev.fluxschnell.sdk.errors.FluxSchnellClientException;
import dev.fluxschnell.sdk.ratelimit.CreateRateLimiter;
import dev.fluxschnell.sdk.ratelimit.InMemoryCreateRateLimiter;
import dev.fluxschnell.sdk.ratelimit.Throttle;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Replicate account's create limit shared by every instance that uses the same Redis and key: a
 * {@link CreateRateLimiter} for {@code FluxSchnellClient.builder().rateLimiter(...)}.
 *
 * <ul>
 *   <li>The token bucket lives in Redis (Bucket4j's Lettuce integration, compare-and-swap, async): every instance
 *       takes its permits from it, so N instances together send at most the account's rate (paced at 95% of it).</li>
 *   <li>A 429 seen by any instance pauses creates on all of them until its retry time (a shared pause key), and a
 *       limit stated in a 429 ("6 requests per minute with a burst of 1") replaces the bucket's limit for all. Nothing
 *       is saved up during a pause: the bucket is emptied, and held back by what it would refill while the pause
 *       lasts, so creates resume paced, not as a burst the server would refuse again.</li>
 *   <li>Waiting is scheduled (on the given scheduler, else one thread the limiter owns), never a parked thread; a
 *       canceled wait consumes nothing.</li>
 *   <li>When Redis cannot be reached, {@link RedisUnavailable} decides: fail the create, or fall back to a local
 *       limiter with a WARN.</li>
 * </ul>
 *
 * <p>The user's {@link RedisClient} is used to open two connections the limiter owns and closes on {@link #close()};
 * the client itself (its resources and pool) stays the user's.
 */
public final class RedisCreateRateLimiter implements CreateRateLimiter, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisCreateRateLimiter.class);
    private final StatefulRedisConnection<String, byte[]> bucketConnection;
    private final StatefulRedisConnection<String, String> connection;
    private final AsyncBucketProxy bucket;
    private final String pauseKey;
    private final ScheduledExecutorService scheduler;
    private final ScheduledExecutorService ownedScheduler;
    private final RedisUnavailable whenUnavailable;
    private final InMemoryCreateRateLimiter local;
    private final AtomicBoolean warned = new AtomicBoolean();
    /** The limit per minute the bucket refills at, as this instance knows it (a 429 may state a new one). */
    private volatile int perMinute;

    private RedisCreateRateLimiter(Builder b) {
        if (b.scheduler != null) {
            this.scheduler = b.scheduler;
            this.ownedScheduler = null;
        } else {
            java.util.concurrent.ScheduledThreadPoolExecutor own = new java.util.concurrent.ScheduledThreadPoolExecutor(1,
                    r -> {
                        Thread t = new Thread(r, "flux-redis-limiter");
                        t.setDaemon(true);
                        return t;
                    });
            own.setRemoveOnCancelPolicy(true);
            this.scheduler = own;
            this.ownedScheduler = own;
        }
        this.whenUnavailable = b.whenUnavailable;
        this.pauseKey = b.key + ":pause";
        this.bucketConnection = b.client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        this.connection = b.client.connect();
        this.bucket = Bucket4jLettuce.casBasedBuilder(bucketConnection)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                        Duration.ofMinutes(10)))
                .build().asAsync().builder().build(b.key + ":bucket",
                        () -> CompletableFuture.completedFuture(configuration(b.perMinute, b.burst)));
        this.local = InMemoryCreateRateLimiter.create(b.perMinute, b.burst, false, scheduler);
        this.perMinute = b.perMinute;
    }

    /** {@return a new builder} */
    public static Builder builder() {
        return new Builder();
    }

    /** The pacing, 95% of the rate: the bucket refills 19 tokens per 20 minutes for each create a minute allowed. */
    private static final long PACED_TOKENS = 19;
    private static final Duration PACED_PERIOD = Duration.ofMinutes(20);

    /** The bucket for {@code perMinute} creates a minute and {@code burst} at once, paced at 95% of the rate. */
    static BucketConfiguration configuration(int perMinute, int burst) {
        return BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(Math.max(1, burst)).refillGreedy(perMinute * PACED_TOKENS,
                        PACED_PERIOD))
                .build();
    }

    @Override
    public CompletableFuture<Void> acquire() {
        CompletableFuture<Void> permit = new CompletableFuture<>();
        step(permit);
        return permit;
    }

    private void step(CompletableFuture<Void> permit) {
        if (permit.isDone()) {
            return;
        }
        connection.async().pttl(pauseKey).toCompletableFuture()
                .thenCompose(pause -> {
                    if (pause != null && pause > 0) {
                        later(permit, TimeUnit.MILLISECONDS.toNanos(pause));
                        return CompletableFuture.completedFuture(null);
                    }
                    return bucket.tryConsumeAndReturnRemaining(1).thenAccept(probe -> {
                        if (!probe.isConsumed()) {
                            later(permit, probe.getNanosToWaitForRefill());
                        } else if (!permit.complete(null)) {
                            bucket.addTokens(1); // the wait was given up meanwhile: give the permit back
                        }
                    });
                })
                .whenComplete((v, e) -> {
                    if (e != null) {
                        unavailable(permit, e);
                    }
                });
    }

    private void later(CompletableFuture<Void> permit, long nanos) {
        scheduler.schedule(() -> step(permit), Math.max(nanos, 1_000_000L), TimeUnit.NANOSECONDS);
    }

    private void unavailable(CompletableFuture<Void> permit, Throwable e) {
        if (whenUnavailable == RedisUnavailable.FALL_BACK_TO_LOCAL) {
            if (warned.compareAndSet(false, true)) {
                log.warn("Redis is unreachable ({}); creates are paced by this instance alone until it answers again",
                        e.toString());
            }
            local.acquire().whenComplete((v, err) -> {
                if (err != null) {
                    permit.completeExceptionally(err);
                } else {
                    permit.complete(null);
                }
            });
            return;
        }
        permit.completeExceptionally(new FluxSchnellClientException("the shared create limiter cannot reach Redis; "
                + "nothing was sent (RedisUnavailable.FAIL_FAST): " + e, null, e));
    }

    @Override
    public void throttled(Throttle throttle) {
        local.throttled(throttle);
        long ms = throttle.retryAfter().orElse(Duration.ofSeconds(1)).toMillis();
        CompletableFuture<Void> limit = CompletableFuture.completedFuture(null);
        if (throttle.limitPerMinute().isPresent()) {
            perMinute = throttle.limitPerMinute().getAsInt();
            BucketConfiguration stated = configuration(perMinute, throttle.limitBurst().orElse(1));
            limit = bucket.replaceConfiguration(stated, TokensInheritanceStrategy.AS_IS).exceptionally(e -> {
                log.warn("could not share the stated limit through Redis: {}", e.toString());
                return null;
            });
        }
        int rate = perMinute;
        limit.thenCompose(v -> connection.async().<Long>eval(LuaScripts.LIMITER_MAX_PAUSE, ScriptOutputType.INTEGER,
                        new String[] {pauseKey}, Long.toString(ms)).toCompletableFuture())
                .thenCompose(extended -> extended != null && extended > 0 ? holdBack(extended, rate)
                        : CompletableFuture.completedFuture(null))
                .exceptionally(e -> {
                    log.warn("could not share a 429's pause through Redis: {}", e.toString());
                    return null;
                });
    }

    /**
     * Saves nothing up during {@code pauseMillis} more of shared pause: empties the bucket, then puts it in debt by
     * the whole tokens it refills meanwhile (at the paced rate, 95% of {@code perMinute}). Only the 429 that lengthened
     * the pause does this, by the stretch it added, so several instances' 429s for one pause do not add up (rounding
     * down: a few milliseconds more pause hold nothing back).
     */
    private CompletableFuture<Void> holdBack(long pauseMillis, int perMinute) {
        long refilled = pauseMillis * perMinute * PACED_TOKENS / PACED_PERIOD.toMillis();
        return bucket.tryConsumeAsMuchAsPossible()
                .thenCompose(drained -> refilled > 0 ? bucket.consumeIgnoringRateLimits(refilled)
                        : CompletableFuture.completedFuture(0L))
                .thenApply(penalty -> null);
    }

    @Override
    public void accepted() {
        local.accepted();
        warned.set(false);
    }

    /**
     * Closes the limiter's own connections (not the user's {@link RedisClient}) and its own scheduler, if it made one.
     */
    @Override
    public void close() {
        bucketConnection.close();
        connection.close();
        if (ownedScheduler != null) {
            ownedScheduler.shutdownNow();
        }
    }

    /** Builds a {@link RedisCreateRateLimiter}; the Redis client is required. */
    public static final class Builder {
        private RedisClient client;
        private String key = "flux-schnell:creates";
        private int perMinute = 600;
        private int burst = 10;
        private ScheduledExecutorService scheduler;
        private RedisUnavailable whenUnavailable = RedisUnavailable.FAIL_FAST;

        private Builder() {}

        /**
         * The user's Lettuce client; the limiter opens (and closes) its own connections from it.
         *
         * @param client the user's Lettuce client
         * @return this builder
         */
        public Builder redisClient(RedisClient client) {
            this.client = Objects.requireNonNull(client, "client must not be null");
            return this;
        }

        /**
         * The Redis key prefix shared by every instance of one Replicate account (default flux-schnell:creates).
         *
         * @param key the Redis key prefix, not blank
         * @return this builder
         */
        public Builder key(String key) {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("key must not be blank");
            }
            this.key = key;
            return this;
        }

        /**
         * The account's create limit per minute, 1–100000 (default 600, Replicate's); a limit a 429 states replaces it
         * for everyone. The same name as {@code FluxSchnellClient.Builder.rateLimitPerMinute}.
         *
         * @param perMinute the account's create limit per minute, 1–100000
         * @return this builder
         */
        public Builder rateLimitPerMinute(int perMinute) {
            if (perMinute < 1 || perMinute > 100_000) {
                throw new IllegalArgumentException("rateLimitPerMinute must be between 1 and 100000, was " + perMinute);
            }
            this.perMinute = perMinute;
            return this;
        }

        /**
         * Creates allowed at once across all instances, 1–10000 (default 10).
         *
         * @param burst creates allowed at once across all instances, 1–10000
         * @return this builder
         */
        public Builder rateLimitBurst(int burst) {
            if (burst < 1 || burst > 10_000) {
                throw new IllegalArgumentException("rateLimitBurst must be between 1 and 10000, was " + burst);
            }
            this.burst = burst;
            return this;
        }

        /**
         * Where waits are scheduled (e.g. the client's scheduler); the caller owns it. Default: one daemon thread the
         * limiter owns and stops on {@link RedisCreateRateLimiter#close()}.
         *
         * @param scheduler where waits are scheduled, owned by the caller
         * @return this builder
         */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler must not be null");
            return this;
        }

        /**
         * What to do when Redis cannot be reached (default {@link RedisUnavailable#FAIL_FAST}).
         *
         * @param policy what to do when Redis cannot be reached
         * @return this builder
         */
        public Builder whenUnavailable(RedisUnavailable policy) {
            this.whenUnavailable = Objects.requireNonNull(policy, "policy must not be null");
            return this;
        }

        /**
         * Connects and builds the limiter.
         *
         * @return the new limiter, connected
         */
        public RedisCreateRateLimiter build() {
            if (client == null) {
                throw new IllegalStateException("redisClient(...) is required");
            }
            return new RedisCreateRateLimiter(this);
        }
    }
}
