package dev.fluxschnell.sdk.batch;

import dev.fluxschnell.sdk.ImageRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/** A batch of image requests with its concurrency, progress listener, and who pays (the quota subject). */
public final class BatchRequest {
    /** The quota subject used when none is set. */
    public static final String DEFAULT_SUBJECT = "default";
    private static final int MAX_OUTPUTS = 4;

    private final List<ImageRequest> items;
    private final Integer maxConcurrency;
    private final BatchListener listener;
    private final String subject;
    private final QuotaPolicy quotaPolicy;
    private final String id;
    private final BatchJournal journal;
    private final List<String> itemKeys;

    private BatchRequest(Builder b) {
        this.items = List.copyOf(b.items);
        this.maxConcurrency = b.maxConcurrency;
        this.listener = b.listener;
        this.subject = b.subject;
        this.quotaPolicy = b.quotaPolicy;
        this.id = b.id;
        this.journal = b.journal;
        List<String> keys = new ArrayList<>(items.size());
        Map<String, Integer> seen = new HashMap<>();
        for (ImageRequest r : items) { // stable across runs: the parameters and their occurrence
            String base = r.cacheKey();
            keys.add(base + "#" + seen.merge(base, 1, Integer::sum));
        }
        this.itemKeys = List.copyOf(keys);
    }

    /** A batch of these requests with default settings. */
    public static BatchRequest of(List<ImageRequest> requests) {
        return builder().addAll(requests).build();
    }

    /**
     * The requests that make {@code count} images of {@code request} (its {@code numOutputs} is replaced): as few
     * predictions as the model allows, up to 4 images each. With a seed, prediction {@code i} gets {@code seed + i},
     * so the predictions do not repeat each other's images and the whole set stays reproducible.
     *
     * @throws IllegalArgumentException if {@code count} is less than 1
     */
    public static List<ImageRequest> split(ImageRequest request, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, was " + count);
        }
        List<ImageRequest> requests = new ArrayList<>();
        for (int made = 0, i = 0; made < count; made += MAX_OUTPUTS, i++) {
            ImageRequest.Builder b = request.toBuilder().numOutputs(Math.min(MAX_OUTPUTS, count - made));
            long base = request.seed().orElse(0);
            if (request.seed().isPresent() && base != 0) {
                b.seed(base + i);
            }
            requests.add(b.build());
        }
        return List.copyOf(requests);
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The requests, in order. */
    public List<ImageRequest> items() {
        return items;
    }

    /**
     * Each item's key in a {@link BatchJournal}, in order: stable across runs of the same batch (the request's
     * parameters and which occurrence of them it is), so a resumed batch finds its items again.
     */
    public List<String> itemKeys() {
        return itemKeys;
    }

    /** The number of requests. */
    public int size() {
        return items.size();
    }

    /** The number of images the batch asks for (sum of {@code numOutputs}). */
    public int imageCount() {
        return items.stream().mapToInt(ImageRequest::numOutputs).sum();
    }

    /** This batch's own concurrency limit, if set (otherwise the client's applies). */
    public OptionalInt maxConcurrency() {
        return maxConcurrency == null ? OptionalInt.empty() : OptionalInt.of(maxConcurrency);
    }

    /** The progress listener ({@link BatchListener#NONE} if none was set). */
    public BatchListener listener() {
        return listener;
    }

    /** Who pays: the quota key. */
    public String subject() {
        return subject;
    }

    /** What to do when the quota cannot hold the batch. */
    public QuotaPolicy quotaPolicy() {
        return quotaPolicy;
    }

    /** The batch's id, if it was given one (needed to resume it). */
    public Optional<String> id() {
        return Optional.ofNullable(id);
    }

    /** The journal the batch records its progress in, if any (then it has an id). */
    public Optional<BatchJournal> journal() {
        return Optional.ofNullable(journal);
    }

    /** An id reduced to {@code [A-Za-z0-9_.-]}, safe in a file name or key. */
    static String safeId(String id) {
        return id.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    /** Builds a {@link BatchRequest}; not thread-safe. */
    public static final class Builder {
        private final List<ImageRequest> items = new ArrayList<>();
        private Integer maxConcurrency;
        private BatchListener listener = BatchListener.NONE;
        private String subject = DEFAULT_SUBJECT;
        private QuotaPolicy quotaPolicy = QuotaPolicy.FAIL_BATCH;
        private String id;
        private BatchJournal journal;

        private Builder() {}

        /**
         * Makes the batch resumable: its progress is recorded in {@code journal} under {@code id}; submitting a batch
         * with the same id, requests and journal again — on any instance sharing the journal — skips what was stored
         * and adopts the predictions already created.
         */
        public Builder journal(String id, BatchJournal journal) {
            Objects.requireNonNull(id, "id must not be null");
            if (id.isBlank() || id.length() > 200) {
                throw new IllegalArgumentException("a batch id must be 1-200 characters, was " + id);
            }
            this.id = id;
            this.journal = Objects.requireNonNull(journal, "journal must not be null");
            return this;
        }

        /** Adds one request. */
        public Builder add(ImageRequest request) {
            items.add(Objects.requireNonNull(request, "request must not be null"));
            return this;
        }

        /** Adds every request of the list, in order. */
        public Builder addAll(List<ImageRequest> requests) {
            Objects.requireNonNull(requests, "requests must not be null").forEach(this::add);
            return this;
        }

        /**
         * Adds {@code images} images of {@code request} (any number): as few predictions as the model allows, up to 4
         * images each, seeded {@code seed + i} when the request has a seed ({@link #split}).
         *
         * @throws IllegalArgumentException if {@code images} is less than 1
         */
        public Builder add(ImageRequest request, int images) {
            return addAll(split(Objects.requireNonNull(request, "request must not be null"), images));
        }

        /** Adds one request per prompt, each with the default settings. */
        public Builder prompts(List<String> prompts) {
            return prompts(prompts, settings -> { });
        }

        /**
         * Adds one request per prompt, each with the settings {@code settings} applies to a new builder, e.g.
         * {@code prompts(lines, r -> r.style(Style.REALISTIC).aspectRatio(AspectRatio.LANDSCAPE_16_9))}.
         *
         * @throws IllegalArgumentException naming the prompt's position when a prompt or setting is invalid
         */
        public Builder prompts(List<String> prompts, java.util.function.Consumer<ImageRequest.Builder> settings) {
            Objects.requireNonNull(prompts, "prompts must not be null");
            Objects.requireNonNull(settings, "settings must not be null");
            for (int i = 0; i < prompts.size(); i++) {
                ImageRequest.Builder b = ImageRequest.builder();
                settings.accept(b);
                String prompt = Objects.requireNonNull(prompts.get(i), "prompts must not contain null");
                try {
                    add(b.prompt(prompt).build());
                } catch (IllegalArgumentException | IllegalStateException e) {
                    throw new IllegalArgumentException("prompt " + (i + 1) + " of " + prompts.size() + ": "
                            + e.getMessage(), e);
                }
            }
            return this;
        }

        /**
         * Adds one request per prompt, each with the template's other settings.
         *
         * @deprecated the template needs a throw-away prompt; use {@link #prompts(List, java.util.function.Consumer)}
         */
        @Deprecated(since = "0.2.0", forRemoval = true)
        public Builder prompts(List<String> prompts, ImageRequest template) {
            Objects.requireNonNull(template, "template must not be null");
            for (String p : Objects.requireNonNull(prompts, "prompts must not be null")) {
                add(template.toBuilder().prompt(p).build());
            }
            return this;
        }

        /** The most predictions of this batch in flight at once (1 or more); default: the client's setting. */
        public Builder maxConcurrency(int maxConcurrency) {
            if (maxConcurrency < 1) {
                throw new IllegalArgumentException("maxConcurrency must be at least 1, was " + maxConcurrency);
            }
            this.maxConcurrency = maxConcurrency;
            return this;
        }

        /** The progress listener. */
        public Builder listener(BatchListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener must not be null");
            return this;
        }

        /** Who pays: the quota key (default {@value #DEFAULT_SUBJECT}). */
        public Builder subject(String subject) {
            Objects.requireNonNull(subject, "subject must not be null");
            if (subject.isBlank()) {
                throw new IllegalArgumentException("subject must not be blank");
            }
            this.subject = subject;
            return this;
        }

        /** What to do when the quota cannot hold the batch (default {@link QuotaPolicy#FAIL_BATCH}). */
        public Builder quotaPolicy(QuotaPolicy quotaPolicy) {
            this.quotaPolicy = Objects.requireNonNull(quotaPolicy, "quotaPolicy must not be null");
            return this;
        }

        /**
         * Builds the batch.
         *
         * @throws IllegalStateException when the batch is empty
         */
        public BatchRequest build() {
            if (items.isEmpty()) {
                throw new IllegalStateException("a batch needs at least one request");
            }
            return new BatchRequest(this);
        }
    }
}
