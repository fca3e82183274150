package dev.fluxschnell.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fluxschnell.sdk.GeneratedImage;
import dev.fluxschnell.sdk.GenerationResult;
import dev.fluxschnell.sdk.ImageRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The record of what a batch already stored in an output directory ({@code manifest.jsonl}), so an interrupted job
 * resumes without paying twice. One JSON line per stored item, appended and synced as soon as the item is stored: a
 * crash loses at most the items in flight.
 */
public final class Manifest {
    /** The manifest's file name inside the output directory. */
    public static final String FILE = "manifest.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Path file;
    private final Map<String, ObjectNode> entries = new LinkedHashMap<>();

    private Manifest(Path dir) {
        this.dir = dir;
        this.file = dir.resolve(FILE);
    }

    /** Loads the manifest of {@code dir} (empty if none); a torn last line from a crash is ignored. */
    public static Manifest load(Path dir) throws IOException {
        Manifest m = new Manifest(dir);
        if (Files.exists(m.file)) {
            String content = Files.readString(m.file, StandardCharsets.UTF_8);
            if (!content.isEmpty() && !content.endsWith("\n")) {
                // a crash cut the last line short: drop it, or the next append would be glued onto it
                Files.writeString(m.file, content.substring(0, content.lastIndexOf('\n') + 1), StandardCharsets.UTF_8,
                        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
            }
            for (String line : Files.readAllLines(m.file, StandardCharsets.UTF_8)) {
                try {
                    JsonNode n = JSON.readTree(line);
                    if (n != null && n.isObject() && n.hasNonNull("key")) {
                        m.entries.put(n.get("key").asText(), (ObjectNode) n);
                    }
                } catch (IOException torn) {
                    // a line cut short by a crash: that item was not fully recorded, so it runs again
                }
            }
        }
        return m;
    }

    /**
     * A stable key for the {@code occurrence}-th time this exact request appears in the file (so duplicate prompts
     * stay distinct items).
     */
    public static String key(ImageRequest r, int occurrence) {
        return r.cacheKey().substring(0, 32) + "-" + occurrence;
    }

    /**
     * Whether the item is recorded and every one of its local files is still there (objects in remote storage, such
     * as {@code s3://} locations, are trusted as recorded).
     */
    public synchronized boolean isStored(String key) {
        ObjectNode n = entries.get(key);
        if (n == null) {
            return false;
        }
        for (JsonNode f : n.path("files")) {
            boolean remote = f.asText().matches("^[a-z][a-z0-9+.-]*://.*");
            if (!remote && !Files.isRegularFile(dir.resolve(f.asText()))) {
                return false;
            }
        }
        return true;
    }

    /** Records a stored item, durably, before returning. */
    public synchronized void record(String key, int line, GenerationResult r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("key", key);
        n.put("line", line);
        n.put("prediction_id", r.predictionId());
        n.put("prompt", r.prompt());
        n.put("sent_prompt", r.sentPrompt());
        n.put("style", r.request().style().value());
        n.put("aspect", r.request().aspectRatio().value());
        n.put("format", r.request().outputFormat().value());
        // the seed the model used (it draws one when none was asked for); the requested one if it did not say
        n.put("seed", r.seed().isPresent() ? Long.toString(r.seed().getAsLong())
                : r.request().seed().isPresent() ? Long.toString(r.request().seed().getAsLong()) : "random");
        n.put("cost_usd", r.cost().toPlainString());
        var files = n.putArray("files");
        var urls = n.putArray("urls");
        for (GeneratedImage img : r.images()) {
            if ("file".equals(img.location().getScheme())) {
                Path p = Path.of(img.location());
                files.add(dir.toAbsolutePath().normalize().relativize(p.toAbsolutePath().normalize()).toString()
                        .replace('\\', '/'));
            } else {
                files.add(img.location().toString());
            }
            urls.add(img.stored().flatMap(st -> st.downloadUrl()).map(Object::toString).orElse(""));
        }
        try {
            Files.createDirectories(dir);
            Files.writeString(file, JSON.writeValueAsString(n) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        entries.put(key, n);
    }

    /** Every recorded item, in the order it was stored. */
    public synchronized List<JsonNode> entries() {
        return new ArrayList<>(entries.values());
    }
}
