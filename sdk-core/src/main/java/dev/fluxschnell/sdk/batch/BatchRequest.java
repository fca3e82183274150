package dev.fluxschnell.sdk.batch;

import dev.fluxschnell.sdk.RequestOptions;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.ModelDescription;
import dev.fluxschnell.sdk.webhook.WebhookEventType;
import java.net.URI;
import dev.fluxschnell.sdk.request.ModelRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** A batch of image requests with its concurrency, progress listener, and who pays (the quota subject). */
public final class BatchRequest {
    /** The quota subject used when none is set. */
    public static final String DEFAULT_SUBJECT = "default";
    /**
     * The most predictions one batch may create, whatever a client allows ({@code maxPredictionsPerBatch} is at most
     * this): what prompt files, templates and {@link #split} check before they expand anything.
     */
    public static final int MAX_PREDICTIONS = 100_000;

    private final List<ModelRequest> items;
    private final Integer maxConcurrency;
    private final java.time.Duration syncWait;
    private final BatchListener listener;
    private final String subject;
    private final QuotaPolicy quotaPolicy;
    private final String id;
    private final BatchJournal journal;
    private volatile List<String> itemKeys; // made at first use: a batch without a journal never needs them
    private final List<OutputName> names;
    private final URI webhook;
    private final Set<WebhookEventType> webhookEvents;

    /** The name an item's images are stored under: {@code stem}, numbered from {@code first} of {@code total}. */
    private record OutputName(String stem, int first, int total) {}

    private BatchRequest(Builder b) {
        this.items = List.copyOf(b.items);
        this.names = java.util.Collections.unmodifiableList(new ArrayList<>(b.names));
        this.maxConcurrency = b.maxConcurrency;
        this.syncWait = b.syncWait;
        this.listener = b.listener;
        this.subject = b.subject;
        this.quotaPolicy = b.quotaPolicy;
        this.id = b.id;
        this.journal = b.journal;
        this.webhook = b.webhook;
        this.webhookEvents = b.webhookEvents;
    }

    /**
     * {@return a batch of these requests with default settings}
     *
     * @param requests the requests, in order
     */
    public static BatchRequest of(List<? extends ModelRequest> requests) {
        return builder().addAll(requests).build();
    }

    /**
     * {@return the requests that make {@code count} images of {@code request} (its {@code num_outputs} is replaced): as
     * few predictions as the model allows — up to its schema's most {@code num_outputs} each (4 on flux-schnell), one
     * each on models that make one image} With a seed, prediction {@code i} gets {@code seed + i}, so the predictions do
     * not repeat each other's images and the whole set stays reproducible.
     *
     * @param request the request to repeat (not a pipeline: repeat its first request, then add the steps)
     * @param count how many images to make, 1 or more
     * @throws IllegalArgumentException if {@code count} is less than 1, or for a pipeline
     */
    public static List<ModelRequest> split(ModelRequest request, int count) {
        Objects.requireNonNull(request, "request must not be null");
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, was " + count);
        }
        if (request instanceof dev.fluxschnell.sdk.request.PipelineRequest) {
            throw new IllegalArgumentException("split the pipeline's first request, then add its steps to each part");
        }
        int perPrediction = maxOutputs(request);
        long predictions = (count + (long) perPrediction - 1) / perPrediction;
        if (predictions > MAX_PREDICTIONS) {
            throw new IllegalArgumentException(count + " images of " + request.model() + " take " + predictions
                    + " predictions; a batch makes at most " + MAX_PREDICTIONS);
        }
        Map<String, Object> view = new java.util.LinkedHashMap<>(request.inputs());
        view.putAll(request.settings());
        List<ModelRequest> requests = new ArrayList<>();
        long base = request.seed().orElse(0);
        int i = 0;
        for (long made = 0; made < count; made += perPrediction, i++) {
            if (perPrediction > 1 || request.inputs().containsKey("num_outputs")) {
                view.put("num_outputs", (int) Math.min(perPrediction, count - made));
            }
            if (base != 0) {
                view.put("seed", base + i);
            }
            requests.add(i == 0 && view.equals(request.inputs()) ? request : ModelRequest.fromInputs(request.model(),
                    view));
        }
        return List.copyOf(requests);
    }

    /** The most images one prediction of the request's model makes. */
    static int maxOutputs(ModelRequest request) {
        return ModelDescription.of(request.model()).map(ModelDescription::maxOutputsPerPrediction).orElse(1);
    }

    /** {@return a new builder} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the requests, in order} */
    public List<ModelRequest> items() {
        return items;
    }

    /**
     * {@return each item's key in a {@link BatchJournal}, in order: stable across runs of the same batch (the request's
     * parameters and which occurrence of them it is), so a resumed batch finds its items again}
     */
    public List<String> itemKeys() {
        List<String> made = itemKeys;
        if (made == null) { // (two threads may both make them: the same list)
            List<String> keys = new ArrayList<>(items.size());
            Map<String, Integer> seen = new HashMap<>();
            for (ModelRequest r : items) { // stable across runs: the parameters and their occurrence
                String base = r.cacheKey();
                keys.add(base + "#" + seen.merge(base, 1, Integer::sum));
            }
            made = List.copyOf(keys);
            itemKeys = made;
        }
        return made;
    }

    /**
     * {@return the name image {@code image} (0-based) of item {@code item} is stored under, when the item was added
     * with a name (e.g. {@code sku-123-2}); empty for the storage's own names}
     *
     * @param item the item's index
     * @param image the image's index within the item
     */
    public Optional<String> outputName(int item, int image) {
        OutputName n = names.get(item);
        if (n == null) {
            return Optional.empty();
        }
        return Optional.of(n.total() == 1 ? n.stem() : n.stem() + "-" + (n.first() + image));
    }

    /** {@return the number of requests} */
    public int size() {
        return items.size();
    }

    /**
     * {@return how many predictions the batch creates when every item runs: one per item, a pipeline's every step's
     * (what {@code maxPredictionsPerBatch} counts)}
     */
    public long predictionCount() {
        long n = 0;
        for (ModelRequest r : items) {
            n = Math.addExact(n, r.predictionCount());
        }
        return n;
    }

    /** {@return the number of images the batch asks for (sum of {@code numOutputs})} */
    public int imageCount() {
        return items.stream().mapToInt(ModelRequest::numOutputs).sum();
    }

    /** {@return this batch's own concurrency limit, if set (otherwise the client's applies)} */
    public OptionalInt maxConcurrency() {
        return maxConcurrency == null ? OptionalInt.empty() : OptionalInt.of(maxConcurrency);
    }

    /** {@return this batch's own sync wait, if set (otherwise the client's applies)} */
    public Optional<java.time.Duration> syncWait() {
        return Optional.ofNullable(syncWait);
    }

    /** {@return the progress listener ({@link BatchListener#NONE} if none was set)} */
    public BatchListener listener() {
        return listener;
    }

    /** {@return who pays: the quota key} */
    public String subject() {
        return subject;
    }

    /** {@return what to do when the quota cannot hold the batch} */
    public QuotaPolicy quotaPolicy() {
        return quotaPolicy;
    }

    /** {@return the batch's id, if it was given one (needed to resume it)} */
    public Optional<String> id() {
        return Optional.ofNullable(id);
    }

    /** {@return the journal the batch records its progress in, if any (then it has an id)} */
    public Optional<BatchJournal> journal() {
        return Optional.ofNullable(journal);
    }

    /** {@return the URL Replicate tells about each of the batch's predictions, if set} */
    public Optional<URI> webhook() {
        return Optional.ofNullable(webhook);
    }

    /** {@return which events are sent to the webhook; empty means Replicate's default} */
    public Set<WebhookEventType> webhookEvents() {
        return webhookEvents;
    }

    /** An id reduced to {@code [A-Za-z0-9_.-]}, safe in a file name or key. */
    static String safeId(String id) {
        return id.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    /** Builds a {@link BatchRequest}; not thread-safe. */
    public static final class Builder {
        private final List<ModelRequest> items = new ArrayList<>();
        private static final java.util.regex.Pattern SAFE_NAME = java.util.regex.Pattern.compile(
                "[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*");
        private static final java.util.regex.Pattern RESERVED = java.util.regex.Pattern.compile(
                "(?i)con|prn|aux|nul|com[1-9]|lpt[1-9]");
        private final List<OutputName> names = new ArrayList<>();
        private final java.util.Set<String> stems = new java.util.HashSet<>();
        private Integer maxConcurrency;
        private java.time.Duration syncWait;
        private BatchListener listener = BatchListener.NONE;
        private String subject = DEFAULT_SUBJECT;
        private QuotaPolicy quotaPolicy = QuotaPolicy.FAIL_BATCH;
        private String id;
        private BatchJournal journal;
        private URI webhook;
        private Set<WebhookEventType> webhookEvents = Set.of();

        private Builder() {}

        /**
         * Makes the batch resumable: its progress is recorded in {@code journal} under {@code id}; submitting a batch
         * with the same id, requests and journal again — on any instance sharing the journal — skips what was stored
         * and adopts the predictions already created.
         *
         * @param id the batch's id, 1–200 characters, the same on every run
         * @param journal where the progress is recorded
         * @return this builder
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

        /**
         * Adds one request.
         *
         * @param request the request to add
         * @return this builder
         */
        public Builder add(ModelRequest request) {
            items.add(Objects.requireNonNull(request, "request must not be null"));
            names.add(null);
            return this;
        }

        /**
         * Adds one request whose images are stored under {@code name}: {@code name.webp} for one image,
         * {@code name-1.webp}, {@code name-2.webp}… for several (instead of the storage's
         * {@code <date>/<prediction id>-<i>} names), so an output maps back to its catalogue row.
         *
         * @param request the request to add
         * @param name the stem: letters, digits, {@code .}, {@code _}, {@code -}, and {@code /} between folders
         * @return this builder
         * @throws IllegalArgumentException for an unsafe name, or one this batch already uses
         */
        public Builder add(ModelRequest request, String name) {
            return addAll(List.of(Objects.requireNonNull(request, "request must not be null")), name);
        }

        /**
         * Adds {@code images} images of {@code request} ({@link #add(ModelRequest, int)}) stored under {@code name},
         * numbered across the predictions: {@code name-1} to {@code name-N} ({@code name} alone when N is 1).
         *
         * @param request the request to repeat
         * @param images how many images to make, 1 or more
         * @param name the stem
         * @return this builder
         * @throws IllegalArgumentException for an unsafe name, one this batch already uses, or {@code images} below 1
         */
        public Builder add(ModelRequest request, int images, String name) {
            return addAll(split(Objects.requireNonNull(request, "request must not be null"), images), name);
        }

        /**
         * Adds requests whose images are stored under {@code name}, numbered across them: {@code name-1} to
         * {@code name-N} ({@code name} alone when they make one image) — e.g. the predictions of one catalogue row.
         *
         * @param requests the requests, in order
         * @param name the stem
         * @return this builder
         * @throws IllegalArgumentException for an unsafe name, or one this batch already uses
         */
        public Builder addAll(List<? extends ModelRequest> requests, String name) {
            Objects.requireNonNull(requests, "requests must not be null");
            String stem = checkedName(name);
            int total = requests.stream().mapToInt(ModelRequest::numOutputs).sum();
            int first = 1;
            for (ModelRequest part : requests) {
                items.add(Objects.requireNonNull(part, "requests must not contain null"));
                names.add(new OutputName(stem, first, total));
                first += part.numOutputs();
            }
            return this;
        }

        private String checkedName(String name) {
            Objects.requireNonNull(name, "name must not be null");
            if (!SAFE_NAME.matcher(name).matches() || name.length() > 150
                    || name.contains("..")) {
                throw new IllegalArgumentException("an output name is letters, digits, '.', '_', '-' and '/' between "
                        + "folders, at most 150 characters, was '" + name + "'");
            }
            for (String segment : name.split("/")) {
                String base = segment.contains(".") ? segment.substring(0, segment.indexOf('.')) : segment;
                if (RESERVED.matcher(base).matches()) {
                    throw new IllegalArgumentException("output name '" + name + "' uses '" + segment + "', a device "
                            + "name on Windows (CON, PRN, AUX, NUL, COM1-9, LPT1-9)");
                }
            }
            if (!stems.add(name.toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalArgumentException("output name '" + name + "' is used twice in this batch (names are "
                        + "compared ignoring case)");
            }
            return name;
        }

        /**
         * Refuses names that collide once numbered — {@code sku} × 2 makes {@code sku-1}, {@code sku-2}, which a row
         * named {@code sku-1} would overwrite — comparing them ignoring case, as macOS and Windows file systems and
         * many buckets' users do.
         */
        private void checkNamesApart() {
            Map<String, String> seen = new java.util.HashMap<>();
            for (int i = 0; i < items.size(); i++) {
                OutputName n = names.get(i);
                if (n == null) {
                    continue;
                }
                for (int image = 0; image < items.get(i).numOutputs(); image++) {
                    String name = n.total() == 1 ? n.stem() : n.stem() + "-" + (n.first() + image);
                    String where = "'" + name + "' (item " + i + ")";
                    String before = seen.putIfAbsent(name.toLowerCase(java.util.Locale.ROOT), where);
                    if (before != null) {
                        throw new IllegalArgumentException("output names collide: " + before + " and " + where
                                + "; names are compared ignoring case, once numbered");
                    }
                }
            }
        }

        /**
         * Adds every request of the list, in order.
         *
         * @param requests the requests to add
         * @return this builder
         */
        public Builder addAll(List<? extends ModelRequest> requests) {
            Objects.requireNonNull(requests, "requests must not be null").forEach(this::add);
            return this;
        }

        /**
         * Adds {@code images} images of {@code request} (any number): as few predictions as the model allows
         * ({@link #split}), seeded {@code seed + i} when the request has a seed.
         *
         * @param request the request to repeat
         * @param images how many images to make, 1 or more
         * @return this builder
         * @throws IllegalArgumentException if {@code images} is less than 1
         */
        public Builder add(ModelRequest request, int images) {
            return addAll(split(Objects.requireNonNull(request, "request must not be null"), images));
        }

        /**
         * Adds one request per prompt, each with the default settings.
         *
         * @param prompts the prompts, one request each
         * @return this builder
         */
        public Builder prompts(List<String> prompts) {
            return prompts(prompts, settings -> { });
        }

        /**
         * Adds one request per prompt, each with the settings {@code settings} applies to a new builder, e.g.
         * {@code prompts(lines, r -> r.style(Style.REALISTIC).aspectRatio(AspectRatio.LANDSCAPE_16_9))}.
         *
         * @param prompts the prompts, one request each
         * @param settings sets every request's other settings on a new builder
         * @return this builder
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
         * How long each create waits for its prediction to finish ({@code Prefer: wait}), whole seconds 1–60; default:
         * the client's sync wait. A short wait makes each prediction's id known sooner, so canceling the batch cancels
         * running predictions remotely instead of letting them finish (a queue's workers use 1 s).
         *
         * @param syncWait the wait
         * @return this builder
         */
        public Builder syncWait(java.time.Duration syncWait) {
            Objects.requireNonNull(syncWait, "syncWait must not be null");
            if (syncWait.toSeconds() < 1 || syncWait.toSeconds() > 60 || syncWait.toNanos() % 1_000_000_000L != 0) {
                throw new IllegalArgumentException("syncWait must be whole seconds between 1 and 60, was " + syncWait);
            }
            this.syncWait = syncWait;
            return this;
        }

        /**
         * The most predictions of this batch in flight at once (1 or more); default: the client's setting.
         *
         * @param maxConcurrency the most predictions in flight at once, 1 or more
         * @return this builder
         */
        public Builder maxConcurrency(int maxConcurrency) {
            if (maxConcurrency < 1) {
                throw new IllegalArgumentException("maxConcurrency must be at least 1, was " + maxConcurrency);
            }
            this.maxConcurrency = maxConcurrency;
            return this;
        }

        /**
         * The progress listener.
         *
         * @param listener told of the batch's progress
         * @return this builder
         */
        public Builder listener(BatchListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener must not be null");
            return this;
        }

        /**
         * Who pays: the quota key (default {@value #DEFAULT_SUBJECT}).
         *
         * @param subject whose quota pays for the images
         * @return this builder
         */
        public Builder subject(String subject) {
            this.subject = RequestOptions.checkSubject(subject);
            return this;
        }

        /**
         * A URL Replicate tells about every prediction of the batch (absolute http or https), with the events to send
         * (empty: Replicate's default, all of them). The batch still follows and stores its predictions itself.
         *
         * @param webhook the URL
         * @param events the events
         * @return this builder
         */
        public Builder webhook(URI webhook, Set<WebhookEventType> events) {
            RequestOptions checked = RequestOptions.builder().webhook(webhook).webhookEvents(events).build();
            this.webhook = checked.webhook().orElseThrow();
            this.webhookEvents = checked.webhookEvents();
            return this;
        }

        /**
         * What to do when the quota cannot hold the batch (default {@link QuotaPolicy#FAIL_BATCH}).
         *
         * @param quotaPolicy what to do when the quota cannot hold the batch
         * @return this builder
         */
        public Builder quotaPolicy(QuotaPolicy quotaPolicy) {
            this.quotaPolicy = Objects.requireNonNull(quotaPolicy, "quotaPolicy must not be null");
            return this;
        }

        /**
         * Builds the batch.
         *
         * @return the new batch
         * @throws IllegalStateException when the batch is empty
         */
        public BatchRequest build() {
            if (items.isEmpty()) {
                throw new IllegalStateException("a batch needs at least one request");
            }
            checkNamesApart();
            return new BatchRequest(this);
        }
    }
}
