package dev.fluxschnell.sdk.redis;

import dev.fluxschnell.sdk.errors.FluxSchnellClientException;
import dev.fluxschnell.sdk.quota.InMemoryQuota;
import dev.fluxschnell.sdk.quota.Quota;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Quota} every instance shares through Redis: per subject (a user, a team, a tenant), per fixed UTC window (a
 * day or an hour), with a limit per subject (tiers). Reserve, commit and release are atomic Lua scripts, so concurrent
 * instances never grant more than the limit; window keys expire on their own an hour after the window ends.
 *
 * <p>Expiry is relative ({@code PEXPIRE} with the time left in the window plus an hour, as this instance's clock sees
 * it), never an absolute time: Redis expires keys by its own clock, so an absolute one computed from an instance whose
 * clock runs ahead of Redis's (or a test clock) could delete a fresh window the moment it is written.
 *
 * <p>Subjects follow the core's rule ({@code RequestOptions.checkSubject}: 1-128 characters, no control character; any
 * other is refused with {@link IllegalArgumentException} before Redis is asked) and go into keys escaped
 * ({@code :}, <code>{</code>, spaces and the like as {@code %XX}), so no subject reaches into another's key.
 *
 * <p>A reservation is counted in the window it was made in; if it is committed or released after the window rolled
 * over, the new window's count is corrected but never goes below zero.
 */
public final class RedisQuota implements Quota, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisQuota.class);

    /** The fixed windows quotas are counted in, aligned to UTC. */
    public enum Window {
        /** A UTC calendar day. */
        DAY(ChronoUnit.DAYS),
        /** A UTC clock hour. */
        HOUR(ChronoUnit.HOURS);

        private final ChronoUnit unit;

        Window(ChronoUnit unit) {
            this.unit = unit;
        }
    }

    private final StatefulRedisConnection<String, String> connection;
    private final String key;
    private final Window window;
    private final ToLongFunction<String> limits;
    private final Clock clock;
    private final RedisUnavailable whenUnavailable;
    private final InMemoryQuota local;

    private RedisQuota(Builder b) {
        this.connection = b.client.connect();
        this.connection.setTimeout(b.timeout);
        this.key = b.key;
        this.window = b.window;
        this.limits = b.limits;
        this.clock = b.clock;
        this.whenUnavailable = b.whenUnavailable;
        this.local = new InMemoryQuota(b.defaultLimit, Duration.of(1, window.unit), b.clock);
    }

    /** {@return a new builder} */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public boolean tryReserve(String subject, int images) {
        String windowKey = keyFor(subject); // refuses a bad subject before Redis is asked
        try {
            Long ok = commands().eval(LuaScripts.QUOTA_RESERVE, ScriptOutputType.INTEGER,
                    new String[] {windowKey}, Integer.toString(images),
                    Long.toString(limits.applyAsLong(subject)), expiry());
            return ok != null && ok == 1;
        } catch (RuntimeException e) {
            if (fallBack(e)) {
                return local.tryReserve(subject, images);
            }
            throw unavailable(e);
        }
    }

    @Override
    public void commit(String subject, int images) {
        settle(subject, images, "commit");
    }

    @Override
    public void release(String subject, int images) {
        settle(subject, images, "release");
    }

    private void settle(String subject, int images, String how) {
        String windowKey = keyFor(subject);
        try {
            commands().eval(LuaScripts.QUOTA_SETTLE, ScriptOutputType.INTEGER, new String[] {windowKey},
                    Integer.toString(images), how, expiry());
        } catch (RuntimeException e) {
            if (fallBack(e)) {
                if (how.equals("commit")) {
                    local.commit(subject, images);
                } else {
                    local.release(subject, images);
                }
                return;
            }
            throw unavailable(e);
        }
    }

    @Override
    public long remaining(String subject) {
        String windowKey = keyFor(subject);
        try {
            var counts = commands().hmget(windowKey, "reserved", "spent");
            long used = 0;
            for (var kv : counts) {
                used += kv.hasValue() ? Long.parseLong(kv.getValue()) : 0;
            }
            return Math.max(0, limits.applyAsLong(subject) - used);
        } catch (RuntimeException e) {
            if (fallBack(e)) {
                return local.remaining(subject);
            }
            throw unavailable(e);
        }
    }

    private RedisCommands<String, String> commands() {
        return connection.sync();
    }

    private Instant windowStart() {
        return clock.instant().truncatedTo(window.unit);
    }

    /**
     * The window key: {@code <key>:<subject, escaped>:<window start>} ({@link RedisKeys#subject}).
     *
     * @throws IllegalArgumentException for a subject the core refuses (blank, over 128 characters, a control
     *     character)
     */
    String keyFor(String subject) {
        return key + ":" + RedisKeys.subject(subject) + ":" + windowStart();
    }

    /** Milliseconds the window key lives from now: the rest of the window and an hour (always positive). */
    private String expiry() {
        Instant now = clock.instant();
        Instant end = now.truncatedTo(window.unit).plus(1, window.unit).plus(Duration.ofHours(1));
        return Long.toString(Math.max(1, Duration.between(now, end).toMillis()));
    }

    private boolean fallBack(RuntimeException e) {
        if (whenUnavailable != RedisUnavailable.FALL_BACK_TO_LOCAL) {
            return false;
        }
        log.warn("Redis is unreachable ({}); this instance counts quotas alone until it answers again", e.toString());
        return true;
    }

    private FluxSchnellClientException unavailable(RuntimeException e) {
        return new FluxSchnellClientException("the shared quota cannot reach Redis; nothing was sent "
                + "(RedisUnavailable.FAIL_FAST): " + e, null, e);
    }

    /** Closes the quota's own connection (not the user's {@link RedisClient}). */
    @Override
    public void close() {
        connection.close();
    }

    @Override
    public String toString() {
        return "RedisQuota{key=" + key + ", window=" + window + "}";
    }

    /** Builds a {@link RedisQuota}; the Redis client and a limit are required. */
    public static final class Builder {
        private RedisClient client;
        private String key = "flux-schnell:quota";
        private Window window = Window.DAY;
        private long defaultLimit = -1;
        private ToLongFunction<String> limits;
        private Clock clock = Clock.systemUTC();
        private Duration timeout = Duration.ofSeconds(2);
        private RedisUnavailable whenUnavailable = RedisUnavailable.FAIL_FAST;

        private Builder() {}

        /**
         * The user's Lettuce client; the quota opens (and closes) its own connection from it.
         *
         * @param client the user's Lettuce client
         * @return this builder
         */
        public Builder redisClient(RedisClient client) {
            this.client = Objects.requireNonNull(client, "client must not be null");
            return this;
        }

        /**
         * The Redis key prefix (default flux-schnell:quota).
         *
         * @param key the Redis key prefix
         * @return this builder
         */
        public Builder key(String key) {
            this.key = Objects.requireNonNull(key, "key must not be null");
            return this;
        }

        /**
         * The window quotas are counted in (default a UTC day).
         *
         * @param window the window quotas are counted in
         * @return this builder
         */
        public Builder window(Window window) {
            this.window = Objects.requireNonNull(window, "window must not be null");
            return this;
        }

        /**
         * The same limit for every subject.
         *
         * @param limit the most images per subject per window, 0 or more
         * @return this builder
         */
        public Builder limit(long limit) {
            if (limit < 0) {
                throw new IllegalArgumentException("limit must be 0 or more, was " + limit);
            }
            this.defaultLimit = limit;
            this.limits = s -> limit;
            return this;
        }

        /**
         * A limit per subject (tiers), e.g. {@code s -> s.startsWith("pro:") ? 1000 : 100}; {@code fallback} for the
         * local quota.
         *
         * @param limits the limit of each subject
         * @param fallback the limit of the local quota used when Redis is unreachable
         * @return this builder
         */
        public Builder limits(ToLongFunction<String> limits, long fallback) {
            this.limits = Objects.requireNonNull(limits, "limits must not be null");
            this.defaultLimit = fallback;
            return this;
        }

        /**
         * The clock that decides the window (default UTC system clock); for tests.
         *
         * @param clock the clock that decides the window
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock must not be null");
            return this;
        }

        /**
         * How long one Redis command may take before Redis counts as unreachable (default 2 s).
         *
         * @param timeout how long one Redis command may take
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout must not be null");
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
         * Connects and builds the quota.
         *
         * @return the new quota, connected
         */
        public RedisQuota build() {
            if (client == null || limits == null) {
                throw new IllegalStateException("redisClient(...) and limit(...) or limits(...) are required");
            }
            return new RedisQuota(this);
        }
    }
}
