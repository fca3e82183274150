package dev.fluxschnell.examples.web;

import dev.fluxschnell.sdk.request.AspectRatio;
import dev.fluxschnell.sdk.pricing.CostEstimate;
import dev.fluxschnell.sdk.request.EditModel;
import dev.fluxschnell.sdk.request.EditRequest;
import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.RequestOptions;
import dev.fluxschnell.sdk.result.GeneratedImage;
import dev.fluxschnell.sdk.result.GenerationResult;
import dev.fluxschnell.sdk.request.ImageModel;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.InputField;
import dev.fluxschnell.sdk.request.InputImage;
import dev.fluxschnell.sdk.request.Model;
import dev.fluxschnell.sdk.request.ModelDescription;
import dev.fluxschnell.sdk.request.ModelSchema;
import dev.fluxschnell.sdk.request.ModelRequest;
import dev.fluxschnell.sdk.request.Step;
import dev.fluxschnell.sdk.request.OutputFormat;
import dev.fluxschnell.sdk.request.Style;
import dev.fluxschnell.sdk.batch.BatchItem;
import dev.fluxschnell.sdk.batch.BatchListener;
import dev.fluxschnell.sdk.batch.BatchProgress;
import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.batch.QuotaPolicy;
import dev.fluxschnell.sdk.prompts.CatalogueRow;
import dev.fluxschnell.sdk.prompts.PromptEntry;
import dev.fluxschnell.sdk.prompts.PromptFile;
import dev.fluxschnell.sdk.prompts.PromptFileException;
import dev.fluxschnell.sdk.prompts.PromptTemplate;
import dev.fluxschnell.sdk.errors.FluxSchnellException;
import dev.fluxschnell.sdk.errors.QuotaExceededException;
import dev.fluxschnell.sdk.redis.QueuedBatch;
import dev.fluxschnell.sdk.redis.QueuedItem;
import dev.fluxschnell.sdk.redis.RedisBatchQueue;
import dev.fluxschnell.spring.boot.FluxSchnellRequests;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The seed's JSON API ({@code POST /api/v1/generate/image}, {@code POST /api/v1/generate/image/batch}) plus what the
 * page needs: options, estimates, quota, live batch progress (server-sent events), gallery and image downloads, and
 * edits — of a gallery image ({@code POST /api/v1/edit/image}) or of an uploaded photo
 * ({@code POST /api/v1/edit/image/upload}).
 */
@RestController
class GenerationController {
    /** Prompts a batch modal may hold; a prompt file may hold up to {@link #MAX_FILE_PROMPTS}. */
    static final int MAX_MODAL_PROMPTS = 10;
    static final int MAX_FILE_PROMPTS = 500;
    /** The five social-media formats the seed lists first. */
    private static final List<AspectRatio> SOCIAL_FIRST = List.of(AspectRatio.SQUARE_1_1, AspectRatio.PORTRAIT_4_5,
            AspectRatio.PORTRAIT_9_16, AspectRatio.LANDSCAPE_16_9, AspectRatio.PORTRAIT_2_3);

    /**
     * One image in the gallery; {@code model} is {@code owner/name}; {@code settings} what its request set besides the
     * prompt — the SDK's settings (such as {@code style}) and the model's inputs by wire name, images left out.
     */
    record Card(String id, String user, String prompt, String model, Map<String, String> settings,
                String outputFormat, String seed, String costUsd, String url, String downloadUrl) {}

    /**
     * The fields of an edit that are not the edit model's settings: which image, the instruction, the model and who
     * asks. Every other field of an edit is a setting of the model by its wire name ({@code aspect_ratio},
     * {@code seed}, {@code resolution}, …) or {@code size} ({@code WIDTHxHEIGHT}, FLUX.2).
     */
    static final String IMAGE_ID = "image_id";
    static final String PROMPT = "prompt";
    static final String MODEL = "model";
    /** The wire names and SDK keys that size an edit's output: one of them replaces the edit's own aspect ratio. */
    private static final java.util.Set<String> SIZE_KEYS = java.util.Set.of("size", "aspect_ratio", "width", "height");
    /** The wire names of an edit's images, which come from the gallery image or the upload. */
    private static final java.util.Set<String> IMAGE_KEYS = java.util.Set.of("input_image", "image", "input_images",
            "images");

    /** What "Remove background" or "Upscale 2×" on a gallery image posts: a step as the CLI writes it. */
    record StepForm(String imageId, String step, String user) {}

    /**
     * The form fields that are not request settings: who asks, the batch modal's prompts, and its steps. Every other
     * field of the single-image form, the batch modal and the prompt-file upload is a prompt-file key
     * ({@code prompt}, {@code style}, {@code aspect_ratio}, {@code model}, …), read by the SDK's {@link PromptFile}
     * exactly as a row of a prompt file.
     */
    static final String USER = "user";
    static final String PROMPTS = "prompts";
    static final String THEN = "then";

    private final FluxSchnellClient client;
    private final FluxSchnellRequests requests;
    private final org.springframework.beans.factory.ObjectProvider<RedisBatchQueue> queue;
    private final Map<String, QueuedRun> queued = new ConcurrentHashMap<>();
    private final boolean sandbox;
    private final long quotaLimit;
    private final BatchEvents events = new BatchEvents();
    private final List<Card> gallery = new CopyOnWriteArrayList<>();
    private final Map<String, Path> files = new ConcurrentHashMap<>();

    GenerationController(FluxSchnellClient client, FluxSchnellRequests requests,
                         org.springframework.beans.factory.ObjectProvider<RedisBatchQueue> queue,
                         @Value("${web.sandbox:false}") boolean sandbox,
                         @Value("${flux-schnell.quota.limit:0}") long quotaLimit) {
        this.client = client;
        this.requests = requests;
        this.queue = queue;
        this.sandbox = sandbox;
        this.quotaLimit = quotaLimit;
    }

    @GetMapping("/api/v1/info")
    Map<String, Object> info() {
        ImageModel defaultModel = requests.imageModel();
        Map<String, Object> choices = new LinkedHashMap<>();
        for (ImageModel m : ImageModel.values()) {
            choices.put(m.value(), Map.of("model", m.model().toString(), "aspect_ratios", aspectRatios(m),
                    "output_formats", outputFormats(m)));
        }
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("sandbox", sandbox);
        info.put("styles", Arrays.stream(Style.values()).map(Style::value).toList());
        info.put("aspect_ratios", aspectRatios(defaultModel));
        info.put("output_formats", outputFormats(defaultModel));
        info.put("price_per_image", client.options().pricing().perImage(Model.FLUX_SCHNELL));
        info.put("max_modal_prompts", MAX_MODAL_PROMPTS);
        info.put("max_file_prompts", MAX_FILE_PROMPTS);
        info.put("image_models", List.copyOf(choices.keySet()));
        info.put("default_image_model", defaultModel.value());
        info.put("image_model_choices", choices);
        info.put("edit_models", Arrays.stream(EditModel.values()).map(EditModel::value).toList());
        info.put("default_edit_model", requests.editModel().value());
        return info;
    }

    /** The aspect ratios {@code model} takes, the five social formats first: the SDK's validation says. */
    private static List<String> aspectRatios(ImageModel model) {
        List<String> aspects = new ArrayList<>(SOCIAL_FIRST.stream().filter(a -> takes(model, b -> b.aspectRatio(a)))
                .map(AspectRatio::value).toList());
        Arrays.stream(AspectRatio.values()).filter(a -> !SOCIAL_FIRST.contains(a) && takes(model, b -> b
                .aspectRatio(a))).forEach(a -> aspects.add(a.value()));
        return aspects;
    }

    /** The output formats {@code model} makes: the SDK's validation says. */
    private static List<String> outputFormats(ImageModel model) {
        return Arrays.stream(OutputFormat.values()).filter(f -> takes(model, b -> b.outputFormat(f)))
                .map(OutputFormat::value).toList();
    }

    /** Whether {@code model} takes the setting {@code set} makes. */
    private static boolean takes(ImageModel model, java.util.function.Consumer<ImageRequest.Builder> set) {
        try {
            ImageRequest.Builder b = ImageRequest.builder().model(model).prompt("check");
            set.accept(b);
            b.build();
            return true;
        } catch (IllegalArgumentException notThisModels) {
            return false;
        }
    }

    /**
     * The estimate for {@code images} images of {@code model} (a text-to-image model's short name or owner/name;
     * default flux-schnell) at its default size, each run on through {@code then}.
     */
    @GetMapping("/api/v1/estimate")
    CostEstimate estimate(@RequestParam int images, @RequestParam(required = false) List<String> then,
                          @RequestParam(required = false) String model) {
        if (images < 0 || images > MAX_FILE_PROMPTS * 4) {
            throw new IllegalArgumentException("images must be 0-" + MAX_FILE_PROMPTS * 4);
        }
        ImageModel m = model == null || model.isBlank() ? ImageModel.FLUX_SCHNELL : ImageModel.of(model);
        List<Step> steps = steps(then);
        boolean perImage = ModelDescription.of(m.model()).map(d -> d.billing() == ModelDescription.Billing.PER_IMAGE)
                .orElse(true);
        if (steps.isEmpty() && perImage) {
            return client.options().pricing().estimate(m.model(), images);
        }
        return dev.fluxschnell.sdk.pricing.Pricing.sum(java.util.Collections.nCopies(images,
                client.options().pricing().estimate(withSteps(ImageRequest.builder().model(m).prompt("estimate")
                        .build(), steps))));
    }

    @GetMapping("/api/v1/quota")
    Map<String, Object> quota(@RequestParam(defaultValue = "demo") String user) {
        return Map.of("user", user(user), "limit", quotaLimit,
                "remaining", client.remainingQuota(user(user)).orElse(Long.MAX_VALUE));
    }

    @PostMapping("/api/v1/generate/image")
    Map<String, Object> generate(@RequestBody Map<String, Object> form) {
        Map<String, String> row = settings(form);
        String user = user(row.remove(USER));
        PromptEntry entry;
        try {
            entry = PromptFile.entries(List.of(new CatalogueRow("request", 1, row)), Map.of(), null).get(0);
        } catch (PromptFileException e) {
            throw new IllegalArgumentException(String.join("; ", e.problems().stream()
                    .map(p -> p.replaceFirst("^request:1: ", "")).toList()), e);
        }
        return answer(user, client.generate(entry.request(), RequestOptions.subject(user)));
    }

    /**
     * A JSON form's fields as prompt-file values: text as it is, numbers and booleans as they print, blank and null
     * fields left out (the defaults apply).
     */
    private static Map<String, String> settings(Map<String, Object> form) {
        Map<String, String> values = new LinkedHashMap<>();
        form.forEach((k, v) -> {
            if (v instanceof List<?>) {
                throw new IllegalArgumentException("'" + k + "' must be text, a number or a boolean");
            }
            if (v != null && !v.toString().isBlank()) {
                values.put(k, v.toString());
            }
        });
        return values;
    }

    /**
     * An edit of a gallery image: {@code image_id}, {@code prompt}, {@code model} (any edit model's short name or
     * owner/name; default {@code flux-schnell.defaults.edit.model}), {@code user}, and any setting of the model by its
     * wire name, or {@code size}; one the model does not take is a 400 with the SDK's message.
     */
    @PostMapping("/api/v1/edit/image")
    Map<String, Object> editGalleryImage(@RequestBody Map<String, Object> form) {
        Map<String, String> fields = settings(form);
        String imageId = fields.remove(IMAGE_ID);
        return edit(galleryImage(imageId), fields);
    }

    @PostMapping("/api/v1/postprocess/image")
    Map<String, Object> postProcess(@RequestBody StepForm form) {
        InputImage source = galleryImage(form.imageId());
        String who = user(form.user());
        return answer(who, client.generate(Step.parse(form.step() == null ? "" : form.step()).on(source),
                RequestOptions.subject(who)));
    }

    /** A gallery image (one this app stored) as the input of an edit or a step. */
    private InputImage galleryImage(String id) {
        Path source = id == null ? null : files.get(id);
        if (source == null) {
            throw new IllegalArgumentException("no gallery image " + id);
        }
        return InputImage.of(source);
    }

    /** The answer to a one-image request: its prediction, the gallery cards made, what it cost. */
    private Map<String, Object> answer(String user, GenerationResult r) {
        return Map.of("id", r.predictionId(), "images", remember(user, r), "cost_usd", r.cost());
    }

    /** An edit of an uploaded photo: multipart {@code file}, and the fields of {@link #editGalleryImage}. */
    @PostMapping(path = "/api/v1/edit/image/upload", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Map<String, Object> editUpload(@RequestParam("file") MultipartFile file,
                                   @RequestParam MultiValueMap<String, String> form) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        form.forEach((k, values) -> {
            if (!k.equals("file") && !values.isEmpty() && values.get(0) != null && !values.get(0).isBlank()) {
                fields.put(k, values.get(0));
            }
        });
        if (!fields.containsKey(PROMPT)) {
            throw new IllegalArgumentException("prompt is required");
        }
        return edit(InputImage.of(file.getBytes()), fields); // not an image: 400 before anything is sent
    }

    /**
     * Edits {@code source} with the form's fields: the starter's edit defaults and model, the form's model, then the
     * form's settings by wire name — checked by the SDK against the model (a 400 with its message, naming the model,
     * before anything is sent).
     */
    private Map<String, Object> edit(InputImage source, Map<String, String> fields) {
        Map<String, String> settings = new LinkedHashMap<>(fields);
        String who = user(settings.remove(USER));
        String prompt = settings.remove(PROMPT);
        String model = settings.remove(MODEL);
        EditRequest.Builder b = requests.edit().image(source).prompt(prompt == null ? "" : prompt);
        if (model != null && !model.isBlank()) {
            b.model(EditModel.of(model));
        }
        EditRequest request = b.build();
        settings.keySet().stream().filter(IMAGE_KEYS::contains).findFirst().ifPresent(k -> {
            throw new IllegalArgumentException("'" + k + "' cannot be set: the image to edit is the gallery image or "
                    + "the uploaded photo");
        });
        if (!settings.isEmpty()) {
            Map<String, Object> view = new LinkedHashMap<>(request.inputs());
            if (settings.keySet().stream().anyMatch(SIZE_KEYS::contains)) {
                view.remove("aspect_ratio"); // the form's size or ratio replaces the edit's own
            }
            view.putAll(settings);
            request = EditRequest.fromInputs(request.model(), view);
        }
        return answer(who, client.generate(request, RequestOptions.subject(who)));
    }

    @PostMapping("/api/v1/generate/image/batch")
    ResponseEntity<Map<String, Object>> batch(@RequestBody Map<String, Object> form) {
        Map<String, Object> fields = new LinkedHashMap<>(form);
        Object prompts = fields.remove(PROMPTS);
        List<String> then = texts(fields.remove(THEN));
        if (!(prompts instanceof List<?> list) || list.isEmpty() || list.size() > MAX_MODAL_PROMPTS) {
            throw new IllegalArgumentException("a batch has 1-" + MAX_MODAL_PROMPTS + " prompts (upload a prompt "
                    + "file for more)");
        }
        Map<String, String> defaults = settings(fields);
        String user = defaults.remove(USER);
        List<CatalogueRow> rows = new ArrayList<>();
        for (String prompt : texts(list)) {
            rows.add(new CatalogueRow("prompts", rows.size() + 1, Map.of("prompt", prompt)));
        }
        return startItems(runs(PromptFile.entries(rows, withSteps(defaults, then), null)), user);
    }

    @PostMapping(path = "/api/v1/generate/image/batch/file", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<Map<String, Object>> batchFile(@RequestParam("file") MultipartFile file,
                                                  @RequestParam MultiValueMap<String, String> fields)
            throws IOException {
        String name = file.getOriginalFilename() == null || file.getOriginalFilename().isBlank() ? "upload.txt"
                : file.getOriginalFilename();
        Map<String, String> defaults = new LinkedHashMap<>();
        fields.forEach((k, values) -> {
            if (!k.equals("file") && !k.equals(THEN) && !values.isEmpty() && !values.get(0).isBlank()) {
                defaults.put(k, values.get(0));
            }
        });
        String user = defaults.remove(USER);
        List<ModelRequest> runs = runs(PromptFile.parse(name, file.getBytes(), withSteps(defaults,
                texts(fields.get(THEN)))));
        if (runs.size() > MAX_FILE_PROMPTS) {
            throw new IllegalArgumentException("a prompt file makes at most " + MAX_FILE_PROMPTS + " predictions, "
                    + name + " makes " + runs.size());
        }
        return startItems(runs, user);
    }

    /** What prompt-file entries run: each one's predictions (its count), with its steps. */
    private static List<ModelRequest> runs(List<PromptEntry> entries) {
        return PromptTemplate.runs(entries, 1);
    }

    /** The defaults with the form's steps ({@code then}, as the CLI's {@code --then} writes them). */
    private static Map<String, String> withSteps(Map<String, String> defaults, List<String> steps) {
        if (steps.isEmpty()) {
            return defaults;
        }
        steps.forEach(Step::parse); // a bad step is refused with the SDK's message
        Map<String, String> m = new LinkedHashMap<>(defaults);
        m.put(THEN, String.join(",", steps));
        return m;
    }

    /** A form field's values: text, blank ones left out. */
    private static List<String> texts(Object value) {
        if (value == null) {
            return List.of();
        }
        List<?> values = value instanceof List<?> list ? list : List.of(value);
        return values.stream().filter(v -> v != null && !v.toString().isBlank()).map(Object::toString).toList();
    }

    /** The steps a form asked for, parsed as the CLI's {@code --then} (blank entries ignored). */
    private static List<Step> steps(List<String> steps) {
        return texts(steps).stream().map(Step::parse).toList();
    }

    /** {@code request}, then each step in turn; the request itself when there are none. */
    private static ModelRequest withSteps(ModelRequest request, List<Step> steps) {
        ModelRequest item = request;
        for (Step step : steps) {
            item = item.then(step);
        }
        return item;
    }

    /**
     * Starts a batch of {@code items} for {@code user} (a name checked here), answered 202 with its event stream: in
     * the Redis queue when the app has one (any replica's workers run it, any replica streams its progress), else in
     * this JVM.
     */
    ResponseEntity<Map<String, Object>> startItems(List<ModelRequest> items, String rawUser) {
        String user = user(rawUser);
        List<String> prompts = items.stream().map(ModelRequest::summary).toList();
        RedisBatchQueue q = queue.getIfAvailable();
        if (q != null && items.stream().allMatch(RedisBatchQueue::canQueue)) {
            BatchRequest batch = BatchRequest.builder().addAll(items).subject(user).build();
            CostEstimate estimate = client.estimateCost(batch);
            String batchId = q.submit(batch);
            queued.put(batchId, new QueuedRun(user, prompts));
            Map<String, Object> body = new java.util.LinkedHashMap<>(accepted(batchId, estimate, prompts));
            body.put("queued", true);
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(body);
        }
        String batchId = UUID.randomUUID().toString();
        events.open(batchId);
        BatchRequest batch = BatchRequest.builder().addAll(items).subject(user)
                .quotaPolicy(QuotaPolicy.SKIP_EXCESS).listener(new BatchListener() {
                    @Override
                    public void started(int index, String predictionId, BatchProgress p) {
                        events.publish(batchId, "progress", progress(index, "started", p, null));
                    }

                    @Override
                    public void succeeded(BatchItem item, BatchProgress p) {
                        List<Card> cards = remember(user, item.result().orElseThrow());
                        events.publish(batchId, "progress", progress(item.index(), "succeeded", p, cards));
                    }

                    @Override
                    public void failed(BatchItem item, BatchProgress p) {
                        events.publish(batchId, "progress", progress(item.index(), item.outcome().name()
                                .toLowerCase(), p, item.error().map(Throwable::getMessage).orElse("")));
                    }
                }).build();
        CostEstimate estimate = client.estimateCost(batch);
        client.submitBatch(batch).result().whenComplete((r, e) -> events.publish(batchId, "done", Map.of(
                "succeeded", r == null ? 0 : r.succeeded().size(), "total", items.size(),
                "cost_usd", r == null ? BigDecimal.ZERO : r.totalCost())));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(accepted(batchId, estimate, prompts));
    }

    /** The 202 answer to a batch: its id, size, estimate, event stream and items. */
    private static Map<String, Object> accepted(String batchId, CostEstimate estimate, List<String> prompts) {
        return Map.of("batch_id", batchId, "total", prompts.size(), "estimate", estimate, "events",
                "/api/v1/batches/" + batchId + "/events", "prompts", prompts);
    }

    private static Map<String, Object> progress(int index, String state, BatchProgress p, Object detail) {
        return Map.of("index", index, "state", state, "done", p.done(), "total", p.total(),
                "succeeded", p.succeeded(), "detail", detail == null ? "" : detail);
    }

    @GetMapping(path = "/api/v1/batches/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter batchEvents(@PathVariable String id) {
        if (!events.exists(id)) {
            RedisBatchQueue q = queue.getIfAvailable();
            QueuedBatch batch = q == null ? null : q.status(id).orElse(null);
            if (batch == null) {
                throw new IllegalArgumentException("no batch " + id);
            }
            follow(q, batch); // a queued batch, submitted on this replica or another
        }
        return events.subscribe(id);
    }

    /** A queued batch as server-sent events on this replica: what finished so far, then live, then {@code done}. */
    private synchronized void follow(RedisBatchQueue q, QueuedBatch found) {
        String id = found.id();
        if (events.exists(id)) {
            return;
        }
        events.open(id);
        QueuedRun known = queued.get(id);
        QueuedRun run = known != null ? known
                : new QueuedRun(java.util.Objects.requireNonNullElse(found.subject(), "demo"), List.of());
        java.util.Set<Integer> seen = ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();
        AutoCloseable[] subscription = new AutoCloseable[1];
        java.util.function.Consumer<QueuedBatch> endIfDone = batch -> {
            if (batch.isFinished() && seen.size() >= batch.total() && ended.compareAndSet(false, true)) {
                events.publish(id, "done", Map.of("succeeded", batch.succeeded(), "total", batch.total(),
                        "cost_usd", batch.cost()));
                java.util.concurrent.CompletableFuture.runAsync(() -> { // not on the Redis client's thread
                    try {
                        if (subscription[0] != null) {
                            subscription[0].close();
                        }
                    } catch (Exception ignored) {
                        // already gone
                    }
                });
            }
        };
        java.util.function.BiConsumer<QueuedItem, QueuedBatch> publish = (item, batch) -> {
            if (!seen.add(item.index())) {
                return;
            }
            Object detail = item.outcome() == dev.fluxschnell.sdk.batch.BatchOutcome.SUCCEEDED
                    ? rememberQueued(run, item) : item.error().orElse("");
            events.publish(id, "progress", Map.of("index", item.index(), "state", item.outcome().name()
                    .toLowerCase(), "done", batch.done(), "total", batch.total(), "succeeded", batch.succeeded(),
                    "detail", detail));
            endIfDone.accept(batch);
        };
        subscription[0] = q.listen(id, (item, batch) -> publish.accept(item, batch)); // first: no item is missed
        QueuedBatch now = q.status(id).orElseThrow();
        for (QueuedItem item : q.items(id)) {
            publish.accept(item, now);
        }
        endIfDone.accept(q.status(id).orElseThrow()); // the last item may have ended during the replay
    }

    /** A queued batch this replica submitted: whose it is and what its items are (for the gallery's cards). */
    record QueuedRun(String user, List<String> prompts) {}

    private List<Card> rememberQueued(QueuedRun run, QueuedItem item) {
        List<Card> cards = new ArrayList<>();
        String prompt = item.index() < run.prompts().size() ? run.prompts().get(item.index())
                : "queued item " + item.index();
        BigDecimal each = perImage(item.cost(), item.images().size());
        for (int i = 0; i < item.images().size(); i++) {
            java.net.URI location = item.images().get(i);
            String cardId = (item.predictionIds().isEmpty() ? "q" + item.index() : item.predictionIds()
                    .get(item.predictionIds().size() - 1)) + "-" + i;
            if ("file".equals(location.getScheme())) {
                files.put(cardId, Path.of(location));
            }
            String ext = location.getPath().substring(location.getPath().lastIndexOf('.') + 1);
            Card card = new Card(cardId, run.user(), prompt, "queued", Map.of(), ext, "random",
                    each.stripTrailingZeros().toPlainString(), "/images/" + cardId, "/images/" + cardId
                    + "?download=true");
            gallery.add(card);
            cards.add(card);
        }
        return cards;
    }

    @GetMapping("/api/v1/gallery")
    List<Card> gallery(@RequestParam(required = false) String user) {
        List<Card> cards = new ArrayList<>(gallery.stream()
                .filter(c -> user == null || c.user().equals(user(user))).toList());
        java.util.Collections.reverse(cards); // newest first
        return cards;
    }

    @GetMapping("/images/{id}")
    ResponseEntity<FileSystemResource> image(@PathVariable String id,
                                             @RequestParam(defaultValue = "false") boolean download) throws IOException {
        Path file = files.get(id);
        if (file == null || !Files.isRegularFile(file)) {
            return ResponseEntity.notFound().build();
        }
        ResponseEntity.BodyBuilder ok = ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(Objects.requireNonNullElse(Files.probeContentType(file),
                        "application/octet-stream")));
        if (download) {
            ok.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + file.getFileName() + "\"");
        }
        return ok.body(new FileSystemResource(file));
    }

    /** A cost shared by the images it made (zero when none). */
    private static BigDecimal perImage(BigDecimal cost, int images) {
        return images == 0 ? BigDecimal.ZERO : cost.divide(BigDecimal.valueOf(images), 4,
                java.math.RoundingMode.HALF_UP);
    }

    private List<Card> remember(String user, GenerationResult r) {
        List<Card> cards = new ArrayList<>();
        BigDecimal each = r.cached() ? BigDecimal.ZERO : perImage(r.cost(), r.images().size());
        Map<String, String> settings = shown(r.request());
        String model = (r.steps().isEmpty() ? r.model() : r.steps().get(r.steps().size() - 1).model()).toString();
        for (GeneratedImage image : r.images()) {
            String id = r.predictionId() + "-" + image.index();
            if ("file".equals(image.location().getScheme())) {
                files.put(id, Path.of(image.location()));
            }
            String seed = image.seed().isPresent() ? Long.toString(image.seed().getAsLong())
                    : r.seed().isPresent() ? Long.toString(r.seed().getAsLong()) : "random";
            Card card = new Card(id, user, r.request().summary(), model, settings, image.format().value(), seed, each.stripTrailingZeros().toPlainString(), "/images/" + id,
                    "/images/" + id + "?download=true");
            gallery.add(card);
            cards.add(card);
        }
        return cards;
    }

    /**
     * What a request set besides its prompt, for a card: the SDK's settings, then the model's inputs by wire name that
     * differ from the model's defaults (images, and the prompt, left out), as text.
     */
    private static Map<String, String> shown(ModelRequest request) {
        Map<String, String> shown = new LinkedHashMap<>(request.settings());
        java.util.Optional<ModelSchema> schema = ModelDescription.of(request.model()).map(ModelDescription::schema);
        request.inputs().forEach((k, v) -> {
            boolean image = v instanceof InputImage || v instanceof List<?>;
            boolean byDefault = schema.flatMap(s -> s.field(k)).flatMap(InputField::defaultValue).map(d -> same(d, v))
                    .orElse(false);
            if (!image && !byDefault && !v.equals(request.prompt())) {
                shown.put(k, String.valueOf(v));
            }
        });
        return shown;
    }

    private static boolean same(Object a, Object b) {
        return a instanceof Number x && b instanceof Number y ? x.doubleValue() == y.doubleValue()
                : String.valueOf(a).equals(String.valueOf(b));
    }

    private static String user(String user) {
        String u = user == null || user.isBlank() ? "demo" : user.strip();
        if (!u.matches("[A-Za-z0-9_.@-]{1,64}")) {
            throw new IllegalArgumentException("user must be 1-64 letters, digits or _.@-");
        }
        return u;
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(QuotaExceededException.class)
    ResponseEntity<Map<String, String>> overQuota(QuotaExceededException e) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(FluxSchnellException.class)
    ResponseEntity<Map<String, String>> failed(FluxSchnellException e) {
        return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(Map.of("error", String.valueOf(e.getMessage())));
    }
}
