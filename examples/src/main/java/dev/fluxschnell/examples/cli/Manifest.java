package dev.fluxschnell.examples.cli;

import dev.fluxschnell.sdk.batch.BatchJournal;
import dev.fluxschnell.sdk.batch.FileBatchJournal;
import dev.fluxschnell.sdk.result.GenerationResult;
import dev.fluxschnell.sdk.storage.StoredImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The journal of every paying command in an output directory ({@code manifest.jsonl}), so an interrupted run resumes
 * without paying twice: the SDK's {@link FileBatchJournal} in one file, a batch per command and API
 * ({@link #batchId}) whose items are the command's requests (the SDK's item keys), plus the CLI's rules — an item whose
 * local image file was deleted since is made again, and what a run is told to ignore ({@link Resume}) is not read. The
 * gallery is drawn from the same entries.
 */
final class Manifest implements BatchJournal {
    /** The manifest's file name inside the output directory. */
    static final String FILE = "manifest.jsonl";
    /** The API key of the sandbox: its emulator lives as long as one run. */
    static final String SANDBOX = "sandbox";

    /** What a run reads of what earlier runs recorded. */
    enum Resume {
        /** Everything: stored items are skipped, created predictions adopted. */
        ALL,
        /** Only stored items: the predictions of an earlier sandbox run vanished with its emulator. */
        STORED,
        /** Nothing ({@code --fresh}). */
        NONE
    }

    private final FileBatchJournal journal;
    private final Instant runStarted;
    private final Resume resume;

    private Manifest(Path dir, Instant runStarted, Resume resume) {
        this.journal = FileBatchJournal.at(dir.resolve(FILE));
        this.runStarted = runStarted;
        this.resume = resume;
    }

    /** {@return the manifest of the output directory {@code dir}, every entry read} */
    static Manifest in(Path dir) {
        return new Manifest(dir, Instant.MAX, Resume.ALL);
    }

    /** {@return the manifest of a run starting now: entries recorded before it are read as {@code resume} says} */
    static Manifest forRun(Path dir, Resume resume) {
        return new Manifest(dir, Instant.now(), resume);
    }

    /**
     * {@return the batch a command's runs against an API share, e.g. {@code batch@https://api.replicate.com}: a rerun
     * of the command resumes it; another command, or another API (the sandbox's placeholders), never does}
     *
     * @param command the command, e.g. {@code batch} or {@code again <prediction id>}
     * @param api {@link #SANDBOX}, or the API's base URL
     */
    static String batchId(String command, String api) {
        String id = command + "@" + api;
        return id.length() <= 200 ? id : id.substring(0, 190) + "#" + Integer.toHexString(id.hashCode());
    }

    @Override
    public Map<String, Entry> load(String batchId) {
        Map<String, Entry> entries = new LinkedHashMap<>(journal.load(batchId));
        entries.values().removeIf(e -> e.stored().stream().anyMatch(Manifest::isMissingLocalFile) || ignored(e));
        return entries;
    }

    /** Whether an earlier run's entry is one this run was told not to read. */
    private boolean ignored(Entry e) {
        boolean earlier = e.sentAt().isBefore(runStarted);
        return earlier && (resume == Resume.NONE || resume == Resume.STORED && !e.isStored());
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
