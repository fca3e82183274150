package dev.fluxschnell.sdk.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fluxschnell.sdk.GenerationResult;
import dev.fluxschnell.sdk.internal.Json;
import dev.fluxschnell.sdk.storage.StoredImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link BatchJournal} in a directory of one machine: {@code <batch id>.jsonl}, one synced JSON line per event, so a
 * crash loses at most the line being written (a torn last line is ignored on load).
 */
public final class FileBatchJournal implements BatchJournal {
    private final Path dir;

    private FileBatchJournal(Path dir) {
        this.dir = dir;
    }

    /** A journal in {@code dir} (created when needed). */
    public static FileBatchJournal in(Path dir) {
        return new FileBatchJournal(Objects.requireNonNull(dir, "dir"));
    }

    @Override
    public synchronized Map<String, Entry> load(String batchId) {
        Path file = file(batchId);
        Map<String, Entry> entries = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return entries;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                JsonNode n;
                try {
                    n = Json.tree(line.getBytes(StandardCharsets.UTF_8));
                } catch (RuntimeException tornLine) {
                    continue; // a line cut by a crash
                }
                List<StoredImage> stored = new ArrayList<>();
                for (JsonNode s : n.path("stored")) {
                    stored.add(StoredImage.of(URI.create(s.path("location").asText()), s.path("size").asLong(),
                            s.path("content_type").asText()));
                }
                String item = n.path("item").asText();
                Entry before = entries.get(item);
                Instant sentAt = n.hasNonNull("sent_at") ? Instant.parse(n.get("sent_at").asText())
                        : before != null ? before.sentAt() : Instant.EPOCH;
                entries.put(item, new Entry(n.path("prediction_id").asText(""), sentAt, stored));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read batch journal " + file, e);
        }
        return entries;
    }

    @Override
    public void creating(String batchId, String itemKey, Instant sentAt) {
        append(batchId, Json.object().put("item", itemKey).put("sent_at", sentAt.toString()));
    }

    @Override
    public void created(String batchId, String itemKey, String predictionId) {
        ObjectNode n = Json.object().put("item", itemKey).put("prediction_id", predictionId);
        append(batchId, n);
    }

    @Override
    public void stored(String batchId, String itemKey, GenerationResult result) {
        ObjectNode n = Json.object().put("item", itemKey).put("prediction_id", result.predictionId());
        ArrayNode stored = n.putArray("stored");
        result.images().forEach(img -> img.stored().ifPresent(s -> stored.addObject()
                .put("location", s.location().toString()).put("size", s.sizeBytes())
                .put("content_type", s.contentType())));
        append(batchId, n);
    }

    private synchronized void append(String batchId, ObjectNode n) {
        try {
            Files.createDirectories(dir);
            Files.writeString(file(batchId), Json.write(n) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write batch journal in " + dir, e);
        }
    }

    private Path file(String batchId) {
        return dir.resolve(BatchRequest.safeId(batchId) + ".jsonl");
    }

    @Override
    public String toString() {
        return "FileBatchJournal{" + dir + "}";
    }
}
