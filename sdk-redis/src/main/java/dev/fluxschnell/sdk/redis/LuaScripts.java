package dev.fluxschnell.sdk.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The Lua scripts the module runs in Redis ({@code EVAL}), kept as resources beside this class
 * ({@code dev/fluxschnell/sdk/redis/*.lua}) and read once, when the class that runs them is loaded.
 */
final class LuaScripts {
    /** Moves a batch's items into its tier's stream, once ({@link RedisBatchQueue}). */
    static final String QUEUE_ENQUEUE = read("queue-enqueue.lua");
    /** Marks an item running unless its batch was canceled: the fence before any create ({@link RedisBatchQueue}). */
    static final String QUEUE_START = read("queue-start.lua");
    /** Marks a batch canceled, atomically with the fence ({@link RedisBatchQueue}). */
    static final String QUEUE_CANCEL = read("queue-cancel.lua");
    /** Records a queued item's outcome once and counts it ({@link RedisBatchQueue}). */
    static final String QUEUE_RECORD = read("queue-record.lua");
    /** Reserves images within a subject's limit ({@link RedisQuota}). */
    static final String QUOTA_RESERVE = read("quota-reserve.lua");
    /** Commits or releases a reservation ({@link RedisQuota}). */
    static final String QUOTA_SETTLE = read("quota-settle.lua");
    /** Keeps the longest of the shared 429 pauses ({@link RedisCreateRateLimiter}). */
    static final String LIMITER_MAX_PAUSE = read("limiter-max-pause.lua");

    private LuaScripts() {}

    /**
     * {@return a script's text}
     *
     * @param name the resource's name beside this class
     * @throws IllegalStateException when the resource is missing (a broken jar)
     */
    static String read(String name) {
        try (InputStream in = LuaScripts.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the Lua script " + name + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the Lua script " + name + " failed", e);
        }
    }
}
