package dev.fluxschnell.examples.web;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link UserStore} every replica shares, in Redis (through the app's Lettuce client). A user's list is a sorted
 * set of ids (score: its place, newest highest) beside a hash of id → JSON; the counters are a hash; a share link's
 * owner is a string. Keys: {@code PREFIX:user:{USER}:gallery}, {@code …:gallery:values}, {@code …:usage},
 * {@code PREFIX:share:ID}; the user escaped as sdk-redis escapes subjects (UTF-8 bytes other than letters, digits and
 * {@code -._~@+} as {@code %XX}), so no name reaches into another's keys, and in braces, so a user's keys share a
 * Redis Cluster slot. Adding and evicting is one Lua script: replicas never overfill a list.
 */
final class RedisUserStore implements UserStore {
    /** KEYS: order, values; ARGV: id, value, cap. Returns {1 if added, evicted ids...}. */
    private static final String PUT = """
            if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then return {0} end
            local top = redis.call('ZREVRANGE', KEYS[1], 0, 0, 'WITHSCORES')
            local score = 1
            if top[2] then score = tonumber(top[2]) + 1 end
            redis.call('ZADD', KEYS[1], score, ARGV[1])
            redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
            local out = {1}
            local over = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[3])
            if over > 0 then
              local old = redis.call('ZRANGE', KEYS[1], 0, over - 1)
              redis.call('ZREMRANGEBYRANK', KEYS[1], 0, over - 1)
              for _, id in ipairs(old) do
                redis.call('HDEL', KEYS[2], id)
                table.insert(out, id)
              end
            end
            return out
            """;
    /** KEYS: counters; ARGV: name, increment, name, increment... Returns the new values. */
    private static final String COUNT = """
            local out = {}
            for i = 1, #ARGV, 2 do table.insert(out, redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[i + 1])) end
            return out
            """;
    private static final String KEPT = "-._~@+";

    private final StatefulRedisConnection<String, String> connection;
    private final String prefix;

    /** A store under {@code prefix} on the client's server (the client stays the caller's). */
    RedisUserStore(RedisClient client, String prefix) {
        this.connection = client.connect();
        this.prefix = prefix;
    }

    @Override
    public Put put(String user, Kind kind, String id, String value, int cap) {
        if (kind == Kind.SHARES) {
            redis().set(shareKey(id), user); // before the list: a share is found only once its owner's list has it
        }
        List<Object> out = redis().eval(PUT, ScriptOutputType.MULTI, new String[] {order(user, kind),
                values(user, kind)}, id, value, Integer.toString(cap));
        boolean added = ((Long) out.get(0)) == 1;
        List<String> evicted = out.subList(1, out.size()).stream().map(String::valueOf).toList();
        if (kind == Kind.SHARES) {
            evicted.forEach(e -> redis().del(shareKey(e)));
        }
        return new Put(added, evicted);
    }

    @Override
    public Optional<String> get(String user, Kind kind, String id) {
        return Optional.ofNullable(redis().hget(values(user, kind), id));
    }

    @Override
    public List<String> list(String user, Kind kind) {
        List<String> ids = redis().zrevrange(order(user, kind), 0, -1);
        if (ids.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (KeyValue<String, String> kv : redis().hmget(values(user, kind), ids.toArray(String[]::new))) {
            kv.ifHasValue(out::add); // one removed meanwhile is left out
        }
        return out;
    }

    @Override
    public boolean remove(String user, Kind kind, String id) {
        boolean had = redis().hdel(values(user, kind), id) > 0;
        redis().zrem(order(user, kind), id);
        if (kind == Kind.SHARES) {
            redis().del(shareKey(id));
        }
        return had;
    }

    @Override
    public Optional<String> shareOwner(String shareId) {
        String owner = redis().get(shareKey(shareId));
        return owner != null && redis().hexists(values(owner, Kind.SHARES), shareId) ? Optional.of(owner)
                : Optional.empty();
    }

    @Override
    public Map<String, Long> count(String user, Map<String, Long> increments) {
        List<String> args = new ArrayList<>();
        increments.forEach((name, n) -> {
            args.add(name);
            args.add(Long.toString(n));
        });
        List<Object> out = redis().eval(COUNT, ScriptOutputType.MULTI, new String[] {usage(user)},
                args.toArray(String[]::new));
        Map<String, Long> now = new LinkedHashMap<>();
        int i = 0;
        for (String name : increments.keySet()) {
            now.put(name, (Long) out.get(i++));
        }
        return now;
    }

    @Override
    public Map<String, Long> counters(String user) {
        Map<String, Long> out = new LinkedHashMap<>();
        redis().hgetall(usage(user)).forEach((k, v) -> out.put(k, Long.parseLong(v)));
        return out;
    }

    @Override
    public void removeCounters(String user, Collection<String> names) {
        if (!names.isEmpty()) {
            redis().hdel(usage(user), names.toArray(String[]::new));
        }
    }

    @Override
    public void close() {
        connection.close();
    }

    private RedisCommands<String, String> redis() {
        return connection.sync();
    }

    private String userKey(String user) {
        return prefix + ":user:{" + segment(user) + "}";
    }

    private String order(String user, Kind kind) {
        return userKey(user) + ":" + kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    private String values(String user, Kind kind) {
        return order(user, kind) + ":values";
    }

    private String usage(String user) {
        return userKey(user) + ":usage";
    }

    private String shareKey(String id) {
        return prefix + ":share:" + segment(id);
    }

    /** {@return text as one key segment: letters, digits and {@code -._~@+} kept, every other UTF-8 byte as %XX} */
    static String segment(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || KEPT.indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }
}
