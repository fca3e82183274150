package dev.fluxschnell.langchain4j;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fluxschnell.sdk.batch.BatchItem;
import dev.fluxschnell.sdk.batch.BatchOutcome;
import dev.fluxschnell.sdk.errors.FluxSchnellException;
import dev.fluxschnell.sdk.errors.FluxSchnellServiceException;
import dev.fluxschnell.sdk.request.Model;
import dev.fluxschnell.sdk.request.ModelRequest;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.model.batch.BatchError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The batches a {@link FluxSchnellBatchImageModel} knows — id, requests, who pays, whether canceled, and each item's
 * outcome once it ended — as one JSON file per batch ({@code <id>.batch.json}) beside the journal, or in memory. Each
 * is kept as JSON in memory too, so a batch is always rebuilt the way a restarted model rebuilds it.
 */
final class BatchCatalogue {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,200}");
    private static final String SUFFIX = ".batch.json";

    /** One batch: its items in order, and their outcomes ({@code null} until the batch ended or was canceled). */
    record Batch(String id, String submittedAt, String subject, List<Item> items, boolean canceled,
                 List<Outcome> outcomes) {
        /** {@return whether nothing more will run for it: it was canceled, or its outcomes are recorded} */
        boolean ended() {
            return canceled || outcomes != null;
        }

        Batch withCanceled() {
            return new Batch(id, submittedAt, subject, items, true, outcomes);
        }

        Batch withOutcomes(List<Outcome> ended) {
            return new Batch(id, submittedAt, subject, items, canceled, List.copyOf(ended));
        }
    }

    /** One item: the prompt, the model ({@code owner/name}) and the request's view (wire inputs and SDK settings). */
    record Item(String prompt, String model, Map<String, Object> inputs) {
        static Item of(String prompt, ModelRequest request) {
            Map<String, Object> view = new LinkedHashMap<>(request.inputs());
            view.putAll(request.settings());
            return new Item(prompt, request.model().owner() + "/" + request.model().name(), view);
        }

        /** The SDK request again: the same on every run, so the journal finds the item by its key. */
        ModelRequest request() {
            return ModelRequest.fromInputs(Model.of(model), inputs);
        }
    }

    /**
     * How an item ended: {@code outcome} a {@link BatchOutcome} name; for one that did not succeed, its
     * {@link BatchError}'s code, message and details.
     */
    record Outcome(String outcome, int code, String message, Map<String, Object> details) {
        static final Outcome SUCCEEDED = new Outcome(BatchOutcome.SUCCEEDED.name(), 0, null, null);

        static Outcome of(BatchItem item) {
            return item.outcome() == BatchOutcome.SUCCEEDED ? SUCCEEDED
                    : failed(item.error().orElseThrow(), item.outcome());
        }

        /** The SDK's exception as the adapter maps it: its message, and whether sending again is safe. */
        static Outcome failed(Throwable error, BatchOutcome outcome) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put(FluxSchnellBatchImageModel.OUTCOME, outcome.name());
            if (error instanceof FluxSchnellException e) {
                RuntimeException mapped = FluxSchnellLangChain4jExceptions.translate(e);
                details.put(FluxSchnellBatchImageModel.RETRYABLE, mapped instanceof RetriableException);
                details.put(FluxSchnellBatchImageModel.EXCEPTION, mapped.getClass().getName());
                e.predictionId().ifPresent(id -> details.put(FluxSchnellBatchImageModel.PREDICTION_ID, id));
                return new Outcome(outcome.name(), e instanceof FluxSchnellServiceException s ? s.statusCode() : 0,
                        mapped.getMessage(), details);
            }
            details.put(FluxSchnellBatchImageModel.RETRYABLE, false);
            details.put(FluxSchnellBatchImageModel.EXCEPTION, error.getClass().getName());
            return new Outcome(outcome.name(), 0, "flux-schnell: " + error.getMessage(), details);
        }

        boolean succeeded() {
            return outcome.equals(BatchOutcome.SUCCEEDED.name());
        }

        BatchError error() {
            return new BatchError(code, message, details == null ? List.of() : List.of(details));
        }
    }

    private final Path dir;
    private final Map<String, String> memory = new ConcurrentHashMap<>();

    /** A catalogue in {@code dir} (created when needed), or in memory when {@code dir} is null. */
    BatchCatalogue(Path dir) {
        this.dir = dir;
    }

    /** {@return {@code batch} as a restarted model reads it back (a JSON round trip)} */
    static Batch copy(Batch batch) {
        return read(write(batch));
    }

    synchronized void save(Batch batch) {
        String json = write(batch);
        if (dir == null) {
            memory.put(batch.id(), json);
            return;
        }
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, batch.id(), ".tmp");
            Files.writeString(tmp, json, StandardCharsets.UTF_8);
            Files.move(tmp, file(batch.id()), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write batch " + batch.id() + " in " + dir, e);
        }
    }

    synchronized Optional<Batch> load(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return Optional.empty();
        }
        if (dir == null) {
            return Optional.ofNullable(memory.get(id)).map(BatchCatalogue::read);
        }
        Path file = file(id);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(read(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read batch " + id + " in " + dir, e);
        }
    }

    /** Applies {@code change} to the batch and saves the result, atomically with respect to this catalogue. */
    synchronized Optional<Batch> update(String id, UnaryOperator<Batch> change) {
        Optional<Batch> changed = load(id).map(change);
        changed.ifPresent(this::save);
        return changed;
    }

    synchronized void delete(String id) {
        memory.remove(id);
        if (dir != null) {
            try {
                Files.deleteIfExists(file(id));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete batch " + id + " in " + dir, e);
            }
        }
    }

    /** {@return every batch, newest first} */
    synchronized List<Batch> all() {
        List<Batch> all = new ArrayList<>();
        if (dir == null) {
            memory.values().forEach(json -> all.add(read(json)));
        } else if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).toList()) {
                    all.add(read(Files.readString(f, StandardCharsets.UTF_8)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list the batches in " + dir, e);
            }
        }
        all.sort((a, b) -> a.submittedAt().equals(b.submittedAt()) ? b.id().compareTo(a.id())
                : java.time.Instant.parse(b.submittedAt()).compareTo(java.time.Instant.parse(a.submittedAt())));
        return all;
    }

    private Path file(String id) {
        return dir.resolve(id + SUFFIX);
    }

    private static String write(Batch batch) {
        try {
            return JSON.writeValueAsString(batch);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("batch " + batch.id() + " cannot be written as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    private static Batch read(String json) {
        try {
            return JSON.readValue(json, Batch.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("unreadable batch file: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public String toString() {
        return dir != null ? dir.toString() : "memory";
    }
}
