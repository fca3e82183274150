package dev.fluxschnell.examples.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The embedded {@link UserStore}: one JSON file per user ({@code users/<SHA-256 of the user>.json}: their lists and
 * counters) and one small file per share link ({@code shares/<id>}: its owner), under a directory. Every change
 * rewrites the user's file atomically — a temporary file, forced to disk, renamed over the old one — so a crash leaves
 * the old file or the new one, never half of one. No dependency and nothing to run; one instance only (several
 * replicas share a {@link RedisUserStore}). The users used last are kept in memory, at most {@code cachedUsers}. One
 * lock for the store: a change waits for the previous one's write to reach the disk (a few milliseconds), which bounds
 * it to a few hundred changes a second — plenty for one instance's users; Redis for more.
 */
final class FileUserStore implements UserStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHARE_ID = "[A-Za-z0-9_-]{1,64}";

    /** One user's lists (oldest first) and counters. */
    private record Data(String user, Map<Kind, LinkedHashMap<String, String>> lists, TreeMap<String, Long> counters) {}

    private final Path users;
    private final Path shares;
    private final LinkedHashMap<String, Data> cache;

    /** Opens (or creates) the store in {@code directory}, keeping at most {@code cachedUsers} users in memory. */
    FileUserStore(Path directory, int cachedUsers) {
        this.users = directory.resolve("users");
        this.shares = directory.resolve("shares");
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Data> eldest) {
                return size() > cachedUsers;
            }
        };
        try {
            Files.createDirectories(users);
            Files.createDirectories(shares);
            for (Path dir : List.of(users, shares)) { // a write a crash interrupted: the old file is still there
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList()) {
                        Files.deleteIfExists(f);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the store in " + directory, e);
        }
    }

    @Override
    public synchronized Put put(String user, Kind kind, String id, String value, int cap) {
        Data d = data(user);
        LinkedHashMap<String, String> list = d.lists().get(kind);
        if (list.containsKey(id)) {
            return new Put(false, List.of());
        }
        list.put(id, value);
        List<String> evicted = new ArrayList<>();
        while (list.size() > cap) {
            String oldest = list.keySet().iterator().next();
            list.remove(oldest);
            evicted.add(oldest);
        }
        if (kind == Kind.SHARES) {
            write(shares.resolve(checkedShareId(id)), user.getBytes(StandardCharsets.UTF_8));
        }
        write(d);
        if (kind == Kind.SHARES) {
            evicted.forEach(this::deleteShare);
        }
        return new Put(true, evicted);
    }

    @Override
    public synchronized Optional<String> get(String user, Kind kind, String id) {
        return Optional.ofNullable(data(user).lists().get(kind).get(id));
    }

    @Override
    public synchronized List<String> list(String user, Kind kind) {
        List<String> values = new ArrayList<>(data(user).lists().get(kind).values());
        java.util.Collections.reverse(values);
        return values;
    }

    @Override
    public synchronized boolean remove(String user, Kind kind, String id) {
        Data d = data(user);
        if (d.lists().get(kind).remove(id) == null) {
            return false;
        }
        write(d);
        if (kind == Kind.SHARES) {
            deleteShare(id);
        }
        return true;
    }

    @Override
    public synchronized Optional<String> shareOwner(String shareId) {
        if (!shareId.matches(SHARE_ID)) {
            return Optional.empty();
        }
        try {
            String owner = Files.readString(shares.resolve(shareId), StandardCharsets.UTF_8);
            return data(owner).lists().get(Kind.SHARES).containsKey(shareId) ? Optional.of(owner) : Optional.empty();
        } catch (NoSuchFileException revoked) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized Map<String, Long> count(String user, Map<String, Long> increments) {
        Data d = data(user);
        Map<String, Long> now = new LinkedHashMap<>();
        increments.forEach((name, n) -> now.put(name, d.counters().merge(name, n, Long::sum)));
        write(d);
        return now;
    }

    @Override
    public synchronized Map<String, Long> counters(String user) {
        return Map.copyOf(data(user).counters());
    }

    @Override
    public synchronized void removeCounters(String user, Collection<String> names) {
        Data d = data(user);
        if (d.counters().keySet().removeAll(names)) {
            write(d);
        }
    }

    @Override
    public synchronized void close() {
        cache.clear(); // every change is on disk already
    }

    /** The user's data: from memory, else from their file, else empty. */
    private Data data(String user) {
        Data d = cache.get(user);
        if (d != null) {
            return d;
        }
        Map<Kind, LinkedHashMap<String, String>> lists = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            lists.put(k, new LinkedHashMap<>());
        }
        d = new Data(user, lists, new TreeMap<>());
        Path file = fileOf(user);
        if (Files.exists(file)) {
            try {
                JsonNode json = JSON.readTree(file.toFile());
                for (Kind k : Kind.values()) {
                    for (JsonNode entry : json.path("lists").path(k.name())) {
                        lists.get(k).put(entry.path("id").asText(), entry.path("value").toString());
                    }
                }
                TreeMap<String, Long> counters = d.counters();
                json.path("counters").fields().forEachRemaining(e -> counters.put(e.getKey(), e.getValue().asLong()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        cache.put(user, d);
        return d;
    }

    private void write(Data d) {
        ObjectNode json = JSON.createObjectNode();
        json.put("user", d.user());
        ObjectNode lists = json.putObject("lists");
        d.lists().forEach((kind, values) -> {
            ArrayNode array = lists.putArray(kind.name());
            values.forEach((id, value) -> {
                try {
                    array.addObject().put("id", id).set("value", JSON.readTree(value));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        });
        ObjectNode counters = json.putObject("counters");
        d.counters().forEach(counters::put);
        try {
            write(fileOf(d.user()), JSON.writeValueAsBytes(json));
        } catch (IOException | UncheckedIOException e) {
            cache.remove(d.user()); // the change is not on disk: the next read takes the file as it is
            throw e instanceof UncheckedIOException u ? u : new UncheckedIOException((IOException) e);
        }
    }

    /** Replaces {@code file} atomically: a temporary file beside it, forced to disk, renamed over it. */
    private static void write(Path file, byte[] content) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile(file.getParent(), "write-", ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            if (tmp != null) {
                tmp.toFile().delete();
            }
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private void deleteShare(String id) {
        try {
            Files.deleteIfExists(shares.resolve(checkedShareId(id)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String checkedShareId(String id) {
        if (!id.matches(SHARE_ID)) {
            throw new IllegalArgumentException("not a share id");
        }
        return id;
    }

    /** A user's file: named by the SHA-256 of the name, so any name is a safe, short, case-distinct file name. */
    private Path fileOf(String user) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(user.getBytes(StandardCharsets.UTF_8));
            return users.resolve(HexFormat.of().formatHex(hash) + ".json");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
