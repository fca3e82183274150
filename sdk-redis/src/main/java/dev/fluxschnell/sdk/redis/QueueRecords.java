package dev.fluxschnell.sdk.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fluxschnell.sdk.batch.BatchOutcome;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a {@link RedisBatchQueue} writes what it records and reads it back: a batch's hash as a {@link QueuedBatch}, an
 * item's outcome as JSON and as a {@link QueuedItem}, and the event published when an item finishes.
 */
final class QueueRecords {
    static final ObjectMapper JSON = new ObjectMapper();

    private QueueRecords() {}

    /**
     * {@return a batch's hash ({@code state}, {@code total}, the counters, ...) as the batch's status}
     *
     * @param id the batch's id
     * @param m the batch's hash
     */
    static QueuedBatch toBatch(String id, Map<String, String> m) {
        int total = num(m, "total");
        int succeeded = num(m, "succeeded");
        int failed = num(m, "failed");
        int canceled = num(m, "canceled");
        int skipped = num(m, "skipped");
        int done = succeeded + failed + canceled + skipped;
        String s = m.getOrDefault("state", "queued");
        QueuedBatch.State state = s.equals("canceled") ? QueuedBatch.State.CANCELED
                : done >= total ? QueuedBatch.State.DONE : s.equals("scheduled") ? QueuedBatch.State.SCHEDULED
                : done > 0 ? QueuedBatch.State.RUNNING : QueuedBatch.State.QUEUED;
        return new QueuedBatch(id, m.get("subject"), m.get("tier"), state, total, succeeded, failed, canceled, skipped,
                num(m, "dead"), num(m, "images"), BigDecimal.valueOf(Long.parseLong(m.getOrDefault("cost_micros",
                "0")), 6).stripTrailingZeros(), Instant.ofEpochMilli(Long.parseLong(m.getOrDefault("created_at",
                "0"))), Optional.ofNullable(m.get("not_before")).map(v -> Instant.ofEpochMilli(Long.parseLong(v))));
    }

    private static int num(Map<String, String> m, String key) {
        return Integer.parseInt(m.getOrDefault(key, "0"));
    }

    /** {@return the hash counter an outcome increments} */
    static String counter(BatchOutcome outcome) {
        return switch (outcome) {
            case SUCCEEDED -> "succeeded";
            case FAILED -> "failed";
            case CANCELED -> "canceled";
            case SKIPPED_QUOTA -> "skipped";
        };
    }

    /** {@return an item's outcome as the JSON object stored in the batch's outcomes hash} */
    static ObjectNode item(int index, BatchOutcome outcome, List<String> ids, List<URI> images, BigDecimal cost,
                           String error, int deliveries, String worker) {
        ObjectNode n = JSON.createObjectNode().put("index", index).put("outcome", outcome.name())
                .put("cost_usd", cost.toPlainString()).put("worker", worker).put("deliveries", deliveries);
        ids.forEach(n.putArray("prediction_ids")::add);
        images.forEach(u -> n.withArray("images").add(u.toString()));
        if (error != null) {
            n.put("error", error);
        }
        return n;
    }

    /**
     * {@return a stored outcome as a finished item}
     *
     * @throws IllegalStateException when it is not JSON
     */
    static QueuedItem toItem(String json) {
        try {
            return toItem(JSON.readTree(json));
        } catch (IOException e) {
            throw new IllegalStateException("a queued item's outcome is not JSON: " + json, e);
        }
    }

    /** {@return a stored outcome, already parsed, as a finished item} */
    static QueuedItem toItem(JsonNode n) {
        List<String> ids = new ArrayList<>();
        n.path("prediction_ids").forEach(x -> ids.add(x.asText()));
        List<URI> images = new ArrayList<>();
        n.path("images").forEach(x -> images.add(URI.create(x.asText())));
        return new QueuedItem(n.path("index").asInt(), BatchOutcome.valueOf(n.path("outcome").asText()), ids,
                images, new BigDecimal(n.path("cost_usd").asText("0")), Optional.ofNullable(n.path("error")
                .isTextual() ? n.get("error").asText() : null), n.path("worker").asText(),
                n.path("deliveries").asInt(1));
    }

    /** {@return the event published when an item finishes: the item's outcome and the batch's hash after it} */
    static String event(ObjectNode item, Map<String, String> batch) {
        ObjectNode event = JSON.createObjectNode();
        event.set("item", item);
        ObjectNode b = event.putObject("batch");
        batch.forEach(b::put);
        return event.toString();
    }

    /**
     * A finished item and its batch, read from an event.
     *
     * @param item the item
     * @param batch the batch after it
     */
    record Event(QueuedItem item, QueuedBatch batch) {}

    /**
     * {@return an event read back}
     *
     * @throws IOException when it is not JSON
     */
    static Event readEvent(String id, String message) throws IOException {
        JsonNode n = JSON.readTree(message);
        QueuedItem item = toItem(n.get("item"));
        Map<String, String> meta = new LinkedHashMap<>();
        n.get("batch").fields().forEachRemaining(e -> meta.put(e.getKey(), e.getValue().asText()));
        return new Event(item, toBatch(id, meta));
    }
}
