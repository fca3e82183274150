package dev.fluxschnell.examples.web;

import dev.fluxschnell.sdk.request.AspectRatio;
import dev.fluxschnell.sdk.pricing.CostEstimate;
import dev.fluxschnell.sdk.request.EditModel;
import dev.fluxschnell.sdk.request.EditRequest;
import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.result.GeneratedImage;
import dev.fluxschnell.sdk.result.GenerationResult;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.InputImage;
import dev.fluxschnell.sdk.request.ModelRequest;
import dev.fluxschnell.sdk.request.PipelineRequest;
import dev.fluxschnell.sdk.request.Step;
import dev.fluxschnell.sdk.request.OutputFormat;
import dev.fluxschnell.sdk.request.Style;
import dev.fluxschnell.sdk.batch.BatchItem;
import dev.fluxschnell.sdk.batch.BatchListener;
import dev.fluxschnell.sdk.batch.BatchProgress;
import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.batch.QuotaPolicy;
import dev.fluxschnell.sdk.prompts.PromptEntry;
import dev.fluxschnell.sdk.prompts.PromptFile;
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

    /** One image in the gallery; {@code model} is {@code owner/name}, style and aspect ratio are empty for edits. */
    record Card(String id, String user, String prompt, String model, String style, String aspectRatio,
                String outputFormat, String seed, String costUsd, String url, String downloadUrl) {}

    /** What "Edit…" on a gallery image posts. */
    record EditForm(String imageId, String prompt, String model, String user) {}

    /** What "Remove background" or "Upscale 2×" on a gallery image posts: a step as the CLI writes it. */
    record StepForm(String imageId, String step, String user) {}

    /** What the single-image form posts. */
    record ImageForm(String prompt, String style, String aspectRatio, String outputFormat, Long seed, String user) {}

    /** What the batch modal posts; {@code then}: steps after each prompt ({@code remove-background}, ...). */
    record BatchForm(List<String> prompts, String style, String aspectRatio, String outputFormat, List<String> then,
                     String user) {}

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
        List<String> aspects = new ArrayList<>(SOCIAL_FIRST.stream().map(AspectRatio::value).toList());
        Arrays.stream(AspectRatio.values()).filter(a -> !SOCIAL_FIRST.contains(a)).forEach(a -> aspects.add(a.value()));
        return Map.of("sandbox", sandbox, "styles", Arrays.stream(Style.values()).map(Style::value).toList(),
                "aspect_ratios", aspects,
                "output_formats", Arrays.stream(OutputFormat.values()).map(OutputFormat::value).toList(),
                "price_per_image", client.options().pricing().perImage(), "max_modal_prompts", MAX_MODAL_PROMPTS,
                "max_file_prompts", MAX_FILE_PROMPTS, "edit_models", Arrays.stream(EditModel.values())
                        .map(EditModel::value).toList(), "default_edit_model", requests.editModel().value());
    }

    @GetMapping("/api/v1/estimate")
    CostEstimate estimate(@RequestParam int images, @RequestParam(required = false) List<String> then) {
        if (images < 0 || images > MAX_FILE_PROMPTS * 4) {
            throw new IllegalArgumentException("images must be 0-" + MAX_FILE_PROMPTS * 4);
        }
        List<Step> steps = steps(then);
        if (steps.isEmpty()) {
            return client.options().pricing().estimate(images);
        }
        return dev.fluxschnell.sdk.pricing.Pricing.sum(java.util.Collections.nCopies(images,
                client.options().pricing().estimate(withSteps(ImageRequest.of("estimate"), steps))));
    }

    @GetMapping("/api/v1/quota")
    Map<String, Object> quota(@RequestParam(defaultValue = "demo") String user) {
        return Map.of("user", user(user), "limit", quotaLimit,
                "remaining", client.remainingQuota(user(user)).orElse(Long.MAX_VALUE));
    }

    @PostMapping("/api/v1/generate/image")
    Map<String, Object> generate(@RequestBody ImageForm form) {
        ImageRequest request = request(form.prompt(), form.style(), form.aspectRatio(), form.outputFormat(),
                form.seed());
        String user = user(form.user());
        return answer(user, client.generate(request, user));
    }

    @PostMapping("/api/v1/edit/image")
    Map<String, Object> editGalleryImage(@RequestBody EditForm form) {
        return edit(galleryImage(form.imageId()), form.prompt(), form.model(), form.user());
    }

    @PostMapping("/api/v1/postprocess/image")
    Map<String, Object> postProcess(@RequestBody StepForm form) {
        InputImage source = galleryImage(form.imageId());
        String who = user(form.user());
        return answer(who, client.generate(Step.parse(form.step() == null ? "" : form.step()).on(source), who));
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

    @PostMapping(path = "/api/v1/edit/image/upload", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Map<String, Object> editUpload(@RequestParam("file") MultipartFile file, @RequestParam String prompt,
                                   @RequestParam(required = false) String model,
                                   @RequestParam(required = false) String user) throws IOException {
        return edit(InputImage.of(file.getBytes()), prompt, model, user); // not an image: 400 before anything is sent
    }

    private Map<String, Object> edit(InputImage source, String prompt, String model, String user) {
        EditRequest.Builder b = requests.edit().image(source).prompt(prompt == null ? "" : prompt);
        if (model != null && !model.isBlank()) {
            b.model(EditModel.of(model));
        }
        String who = user(user);
        return answer(who, client.generate(b.build(), who));
    }

    @PostMapping("/api/v1/generate/image/batch")
    ResponseEntity<Map<String, Object>> batch(@RequestBody BatchForm form) {
        if (form.prompts() == null || form.prompts().isEmpty() || form.prompts().size() > MAX_MODAL_PROMPTS) {
            throw new IllegalArgumentException("a batch has 1-" + MAX_MODAL_PROMPTS + " prompts (upload a prompt "
                    + "file for more)");
        }
        return startBatch(form.prompts().stream().map(p -> request(p, form.style(), form.aspectRatio(),
                form.outputFormat(), null)).toList(), steps(form.then()), form.user());
    }

    @PostMapping(path = "/api/v1/generate/image/batch/file", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<Map<String, Object>> batchFile(@RequestParam("file") MultipartFile file,
                                                  @RequestParam(required = false) String style,
                                                  @RequestParam(name = "aspect_ratio", required = false) String aspect,
                                                  @RequestParam(name = "output_format", required = false) String format,
                                                  @RequestParam(required = false) List<String> then,
                                                  @RequestParam(required = false) String user) throws IOException {
        String name = file.getOriginalFilename() == null || file.getOriginalFilename().isBlank() ? "upload.txt"
                : file.getOriginalFilename();
        List<ImageRequest> requests = new ArrayList<>();
        for (PromptEntry entry : PromptFile.parse(name, file.getBytes(), b -> settings(b, style, aspect, format, null))) {
            requests.addAll(entry.requests(1));
        }
        if (requests.size() > MAX_FILE_PROMPTS) {
            throw new IllegalArgumentException("a prompt file makes at most " + MAX_FILE_PROMPTS + " predictions, "
                    + name + " makes " + requests.size());
        }
        return startBatch(requests, steps(then), user);
    }

    /** The steps a batch form asked for, parsed as the CLI's {@code --then} (blank entries ignored). */
    private static List<Step> steps(List<String> steps) {
        return steps == null ? List.of() : steps.stream().filter(s -> s != null && !s.isBlank()).map(Step::parse)
                .toList();
    }

    private ResponseEntity<Map<String, Object>> startBatch(List<ImageRequest> requests, List<Step> steps,
                                                           String user) {
        return startItems(requests.stream().map(r -> withSteps(r, steps)).toList(), user);
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
            Card card = new Card(cardId, run.user(), prompt, "queued", "", "", ext, "random",
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
        ModelRequest made = r.request() instanceof PipelineRequest p ? p.first() : r.request();
        ImageRequest q = made instanceof ImageRequest i ? i : null;
        String model = (r.steps().isEmpty() ? r.model() : r.steps().get(r.steps().size() - 1).model()).toString();
        for (GeneratedImage image : r.images()) {
            String id = r.predictionId() + "-" + image.index();
            if ("file".equals(image.location().getScheme())) {
                files.put(id, Path.of(image.location()));
            }
            String seed = image.seed().isPresent() ? Long.toString(image.seed().getAsLong())
                    : r.seed().isPresent() ? Long.toString(r.seed().getAsLong()) : "random";
            Card card = new Card(id, user, r.request().summary(), model,
                    q != null ? q.style().value() : "", q != null ? q.aspectRatio().value() : "",
                    image.format().value(), seed, each.stripTrailingZeros().toPlainString(), "/images/" + id,
                    "/images/" + id + "?download=true");
            gallery.add(card);
            cards.add(card);
        }
        return cards;
    }

    private static ImageRequest request(String prompt, String style, String aspect, String format, Long seed) {
        ImageRequest.Builder b = ImageRequest.builder().prompt(prompt);
        settings(b, style, aspect, format, seed);
        return b.build();
    }

    /** The form's settings (blank ones keep the defaults). */
    private static void settings(ImageRequest.Builder b, String style, String aspect, String format, Long seed) {
        if (style != null && !style.isBlank()) {
            b.style(Style.of(style));
        }
        if (aspect != null && !aspect.isBlank()) {
            b.aspectRatio(AspectRatio.of(aspect));
        }
        if (format != null && !format.isBlank()) {
            b.outputFormat(OutputFormat.of(format));
        }
        if (seed != null) {
            b.seed(seed);
        }
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
