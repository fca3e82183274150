package dev.fluxschnell.sdk.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fluxschnell.sdk.result.GenerationResult;
import dev.fluxschnell.sdk.storage.StoredImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
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
import java.util.OptionalLong;

/**
 * A {@link BatchJournal} in files of one machine, one synced JSON line per event, so a crash loses at most the line
 * being written (a torn last line is ignored on load): either a directory with {@code <batch id>.jsonl} per batch
 * ({@link #in}), or one file for every batch, each line naming its batch ({@link #at}; the {@code flux} CLI's
 * {@code manifest.jsonl}).
 *
 * <p>A line has {@code batch}, {@code item} and, as the item advances, {@code sent_at}, {@code prediction_id}, and
 * once it is stored {@code seed} and {@code stored} (each image's {@code location}, {@code size},
 * {@code content_type} and {@code download_url} when the storage gave one); a later line about an item supersedes
 * earlier ones.
 */
public final class FileBatchJournal implements BatchJournal {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();
    private final Path dir;
    private final Path singleFile;

    private FileBatchJournal(Path dir, Path singleFile) {
        this.dir = dir;
        this.singleFile = singleFile;
    }

    /**
     * {@return a journal in {@code dir} (created when needed), one file per batch}
     *
     * @param dir the directory of the journal files
     */
    public static FileBatchJournal in(Path dir) {
        return new FileBatchJournal(Objects.requireNonNull(dir, "dir must not be null"), null);
    }

    /**
     * {@return a journal in the one file {@code file} (created when needed) for every batch}
     *
     * @param file the journal file
     */
    public static FileBatchJournal at(Path file) {
        Path f = Objects.requireNonNull(file, "file must not be null").toAbsolutePath();
        return new FileBatchJournal(f.getParent(), f);
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
                    n = JSON.readTree(line);
                    if (n == null || !n.isObject()) {
                        continue;
                    }
                } catch (IOException | RuntimeException tornLine) {
                    continue; // a line cut by a crash
                }
                String item = n.path("item").asText("");
                if (item.isEmpty() || !n.path("batch").asText(batchId).equals(batchId)) {
                    continue; // another batch's line (one-file journal), or not a journal line
                }
                List<StoredImage> stored = new ArrayList<>();
                for (JsonNode s : n.path("stored")) {
                    URI location = URI.create(s.path("location").asText());
                    long size = s.path("size").asLong();
                    String type = s.path("content_type").asText();
                    stored.add(s.hasNonNull("download_url")
                            ? StoredImage.of(location, size, type, URI.create(s.get("download_url").asText()))
                            : StoredImage.of(location, size, type));
                }
                Entry before = entries.get(item);
                Instant sentAt = n.hasNonNull("sent_at") ? Instant.parse(n.get("sent_at").asText())
                        : before != null ? before.sentAt() : Instant.EPOCH;
                OptionalLong seed = n.path("seed").isIntegralNumber() ? OptionalLong.of(n.get("seed").asLong())
                        : OptionalLong.empty();
                entries.put(item, new Entry(n.path("prediction_id").asText(""), sentAt, stored, seed));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read batch journal " + file, e);
        }
        return entries;
    }

    @Override
    public void creating(String batchId, String itemKey, Instant sentAt) {
        append(line(batchId, itemKey).put("sent_at", sentAt.toString()));
    }

    @Override
    public void created(String batchId, String itemKey, String predictionId) {
        append(line(batchId, itemKey).put("prediction_id", predictionId));
    }

    @Override
    public void stored(String batchId, String itemKey, GenerationResult result) {
        ObjectNode n = line(batchId, itemKey).put("prediction_id", result.predictionId());
        result.seed().ifPresent(seed -> n.put("seed", seed));
        ArrayNode stored = n.putArray("stored");
        result.images().forEach(img -> img.stored().ifPresent(s -> {
            ObjectNode image = stored.addObject().put("location", s.location().toString()).put("size", s.sizeBytes())
                    .put("content_type", s.contentType());
            s.downloadUrl().ifPresent(url -> image.put("download_url", url.toString()));
        }));
        append(n);
    }

    private static ObjectNode line(String batchId, String itemKey) {
        return JSON.createObjectNode().put("batch", batchId).put("item", itemKey);
    }

    private synchronized void append(ObjectNode n) {
        try {
            if (!Files.isDirectory(dir)) { // (createDirectories throws and catches two exceptions when it exists)
                Files.createDirectories(dir);
            }
            Path file = file(n.get("batch").asText());
            // after a crash cut the last line short, start a new line: the torn one stays ignorable
            String prefix = endsTorn(file) ? "\n" : "";
            Files.writeString(file, prefix + JSON.writeValueAsString(n) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write batch journal in " + dir, e);
        }
    }

    private static boolean endsTorn(Path file) throws IOException {
        if (!Files.exists(file)) {
            return false;
        }
        try (SeekableByteChannel ch = Files.newByteChannel(file)) {
            if (ch.size() == 0) {
                return false;
            }
            ByteBuffer last = ByteBuffer.allocate(1);
            ch.position(ch.size() - 1).read(last);
            return last.get(0) != '\n';
        }
    }

    private Path file(String batchId) {
        return singleFile != null ? singleFile : dir.resolve(BatchRequest.safeId(batchId) + ".jsonl");
    }

    @Override
    public String toString() {
        return "FileBatchJournal{" + (singleFile != null ? singleFile : dir) + "}";
    }
}
