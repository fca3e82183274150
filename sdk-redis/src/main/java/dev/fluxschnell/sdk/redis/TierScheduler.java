package dev.fluxschnell.sdk.redis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which tier a worker takes its next item from: smooth weighted round robin over the tiers. Each round every tier gains
 * its weight; the one with the most credit is tried first ({@link #round()}) and pays the total weight when it yields
 * an item ({@link #served}). A tier found empty ({@link #empty}) keeps no positive credit, and credit stays within
 * ± the total, so an idle tier never comes back with a long run of its own. With {@code pro=10, free=1} and both busy,
 * every eleven items are ten pro and one free, interleaved. One per worker thread: not thread-safe.
 */
final class TierScheduler {
    private final Map<String, Integer> weights;
    private final long total;
    private final Map<String, Long> credit = new LinkedHashMap<>();

    /**
     * A scheduler over {@code weights}, in their order (ties go to the earlier tier).
     *
     * @param weights each tier's weight, at least 1
     */
    TierScheduler(Map<String, Integer> weights) {
        if (weights.isEmpty()) {
            throw new IllegalArgumentException("at least one tier is needed");
        }
        this.weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
        this.total = this.weights.values().stream().mapToLong(Integer::longValue).sum();
        this.weights.keySet().forEach(t -> credit.put(t, 0L));
    }

    /**
     * Starts a round: every tier gains its weight.
     *
     * @return the tiers in the order to try them, the most credit first
     */
    List<String> round() {
        weights.forEach((t, w) -> credit.merge(t, (long) w, (a, b) -> Math.max(-total, Math.min(total, a + b))));
        List<String> order = new ArrayList<>(weights.keySet());
        order.sort((a, b) -> Long.compare(credit.get(b), credit.get(a)));
        return order;
    }

    /**
     * The tier yielded an item: it pays the total weight.
     *
     * @param tier the tier
     */
    void served(String tier) {
        credit.merge(Objects.requireNonNull(tier), -total, (a, b) -> Math.max(-total, a + b));
    }

    /**
     * The tier had no item: it keeps no credit saved up for later.
     *
     * @param tier the tier
     */
    void empty(String tier) {
        credit.merge(Objects.requireNonNull(tier), 0L, Math::min);
    }

    /** {@return each tier's credit now, for tests} */
    Map<String, Long> credit() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(credit));
    }
}
