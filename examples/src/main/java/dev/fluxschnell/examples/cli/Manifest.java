package dev.fluxschnell.examples.cli;

import dev.fluxschnell.sdk.result.GenerationResult;
import dev.fluxschnell.sdk.batch.BatchJournal;
import dev.fluxschnell.sdk.batch.FileBatchJournal;
import dev.fluxschnell.sdk.storage.StoredImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The record of what {@code flux batch} did in an output directory ({@code manifest.jsonl}), so an interrupted job
 * resumes without paying twice: the SDK's {@link FileBatchJournal} in one file, plus the CLI's one rule — an item
 * whose local image file was deleted since is made again. The gallery is drawn from the same entries.
 */
final class Manifest implements BatchJournal {
    /** The manifest's file name inside the output directory. */
    static final String FILE = "manifest.jsonl";
    /** The batch id every {@code flux batch} run into a directory shares: items are found by their request. */
    static final String BATCH_ID = "flux-batch";

    private final FileBatchJournal journal;

    private Manifest(Path dir) {
        this.journal = FileBatchJournal.at(dir.resolve(FILE));
    }

    /** The manifest of the output directory {@code dir} (empty until a batch runs into it). */
    static Manifest in(Path dir) {
        return new Manifest(dir);
    }

    /** Every item of this directory's batches, without those whose stored local files are gone. */
    Map<String, Entry> load() {
        return load(BATCH_ID);
    }

    @Override
    public Map<String, Entry> load(String batchId) {
        Map<String, Entry> entries = new LinkedHashMap<>(journal.load(batchId));
        entries.values().removeIf(e -> e.stored().stream().anyMatch(Manifest::isMissingLocalFile));
        return entries;
    }

    /** Objects in remote storage ({@code s3://}, {@code gs://}) are trusted as recorded; local files are checked. */
    private static boolean isMissingLocalFile(StoredImage image) {
        return "file".equals(image.location().getScheme()) && !Files.isRegularFile(Path.of(image.location()));
    }

    @Override
    public void creating(String batchId, String itemKey, Instant sentAt) {
        journal.creating(batchId, itemKey, sentAt);
    }

    @Override
    public void created(String batchId, String itemKey, String predictionId) {
        journal.created(batchId, itemKey, predictionId);
    }

    @Override
    public void stored(String batchId, String itemKey, GenerationResult result) {
        journal.stored(batchId, itemKey, result);
    }

    @Override
    public String toString() {
        return "Manifest{" + journal + "}";
    }
}
