package dev.fluxschnell.examples.web;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The newest values of each owner, in memory and bounded: at most {@code perOwner} each (the oldest dropped first),
 * for at most {@code owners} owners (the one used longest ago forgotten first). Thread-safe.
 *
 * @param <V> the values
 */
final class Recent<V> {
    private final int perOwner;
    private final int owners;
    private final LinkedHashMap<String, Deque<V>> byOwner = new LinkedHashMap<>(16, 0.75f, true);

    Recent(int perOwner, int owners) {
        if (perOwner < 1 || owners < 1) {
            throw new IllegalArgumentException("perOwner and owners must be positive");
        }
        this.perOwner = perOwner;
        this.owners = owners;
    }

    /** Adds {@code value} as the owner's newest and returns what fell out, for the caller to let go of too. */
    synchronized List<V> add(String owner, V value) {
        Deque<V> values = byOwner.computeIfAbsent(owner, k -> new ArrayDeque<>());
        values.addFirst(value);
        List<V> dropped = new ArrayList<>();
        while (values.size() > perOwner) {
            dropped.add(values.removeLast());
        }
        if (byOwner.size() > owners) {
            Iterator<Map.Entry<String, Deque<V>>> eldest = byOwner.entrySet().iterator();
            dropped.addAll(eldest.next().getValue());
            eldest.remove();
        }
        return dropped;
    }

    /** The owner's values, newest first. */
    synchronized List<V> newestFirst(String owner) {
        Deque<V> values = byOwner.get(owner);
        return values == null ? List.of() : List.copyOf(values);
    }
}
