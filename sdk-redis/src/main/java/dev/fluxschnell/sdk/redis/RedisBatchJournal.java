package dev.fluxschnell.sdk.redis;

import dev.fluxschnell.sdk.result.GenerationResult;
import dev.fluxschnell.sdk.batch.BatchJournal;
import dev.fluxschnell.sdk.storage.StoredImage;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A {@link BatchJournal} every instance shares through Redis: a batch submitted with an id can be resumed by any
 * instance after a crash or a deploy. One hash per batch ({@code <key>:<batch id>}, the id escaped where it holds
 * anything but letters, digits and {@code - . _ ~ / @ +}, so that no id reaches into another key; field = item key,
 * value = the prediction id, send time and seed, then one tab-separated line per stored image), expiring after
 * {@code retention} (default 7 days; Replicate deletes outputs after an hour, so older progress is of no use).
 * Commands fail with the client's own exceptions when Redis is unreachable: the batch engine logs them and goes on.
 */
public final class RedisBatchJournal implements BatchJournal, AutoCloseable {
    private final StatefulRedisConnection<String, String> connection;
    private final String key;
    private final Duration retention;

    private RedisBatchJournal(RedisClient client, String key, Duration retention) {
        this.connection = client.connect();
        this.connection.setTimeout(Duration.ofSeconds(2));
        this.key = key;
        this.retention = retention;
    }

    /**
     * {@return a journal on {@code client} under the key prefix {@code flux-schnell:journal}, kept 7 days}
     *
     * @param client the user's Lettuce client; the journal opens its own connection from it
     */
    public static RedisBatchJournal of(RedisClient client) {
        return of(client, "flux-schnell:journal", Duration.ofDays(7));
    }

    /**
     * {@return a journal on {@code client} under {@code key}, each batch kept for {@code retention}}
     *
     * @param client the user's Lettuce client; the journal opens its own connection from it
     * @param key the Redis key prefix
     * @param retention how long each batch's progress is kept
     */
    public static RedisBatchJournal of(RedisClient client, String key, Duration retention) {
        return new RedisBatchJournal(Objects.requireNonNull(client, "client must not be null"), Objects.requireNonNull(key, "key must not be null"),
                Objects.requireNonNull(retention, "retention must not be null"));
    }

    @Override
    public Map<String, Entry> load(String batchId) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        connection.sync().hgetall(hash(batchId)).forEach((item, value) -> entries.put(item, decode(value)));
        return entries;
    }

    @Override
    public void creating(String batchId, String itemKey, Instant sentAt) {
        connection.sync().hsetnx(hash(batchId), itemKey, "\t" + sentAt.toEpochMilli()); // never overwrites progress
        connection.sync().pexpire(hash(batchId), retention.toMillis());
    }

    @Override
    public void created(String batchId, String itemKey, String predictionId) {
        connection.sync().hset(hash(batchId), itemKey, predictionId + "\t" + sentAt(batchId, itemKey));
        connection.sync().pexpire(hash(batchId), retention.toMillis());
    }

    @Override
    public void stored(String batchId, String itemKey, GenerationResult result) {
        StringBuilder v = new StringBuilder(result.predictionId()).append('\t').append(sentAt(batchId, itemKey));
        result.seed().ifPresent(seed -> v.append('\t').append(seed));
        result.images().forEach(img -> img.stored().ifPresent(s -> {
            v.append('\n').append(s.location()).append('\t').append(s.sizeBytes()).append('\t').append(s.contentType());
            s.downloadUrl().ifPresent(url -> v.append('\t').append(url));
        }));
        connection.sync().hset(hash(batchId), itemKey, v.toString());
        connection.sync().pexpire(hash(batchId), retention.toMillis());
    }

    /** The recorded send time of an item (epoch millis), or now when none was recorded. */
    private long sentAt(String batchId, String itemKey) {
        String v = connection.sync().hget(hash(batchId), itemKey);
        return v == null ? System.currentTimeMillis() : decode(v).sentAt().toEpochMilli();
    }

    private static Entry decode(String value) {
        String[] lines = value.split("\n");
        String[] head = lines[0].split("\t", -1);
        List<StoredImage> stored = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split("\t");
            stored.add(f.length > 3 ? StoredImage.of(URI.create(f[0]), Long.parseLong(f[1]), f[2], URI.create(f[3]))
                    : StoredImage.of(URI.create(f[0]), Long.parseLong(f[1]), f[2]));
        }
        OptionalLong seed = head.length > 2 ? OptionalLong.of(Long.parseLong(head[2])) : OptionalLong.empty();
        return new Entry(head[0], Instant.ofEpochMilli(Long.parseLong(head[1])), stored, seed);
    }

    /** The batch's hash: {@code <key>:<batch id, escaped>} ({@link RedisKeys#segment}). */
    private String hash(String batchId) {
        return key + ":" + RedisKeys.segment(batchId);
    }

    /** Closes the journal's own connection (not the user's {@link RedisClient}). */
    @Override
    public void close() {
        connection.close();
    }

    @Override
    public String toString() {
        return "RedisBatchJournal{key=" + key + "}";
    }
}
