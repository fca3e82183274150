package dev.fluxschnell.examples.web;

import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.RequestOptions;
import dev.fluxschnell.sdk.batch.BatchItem;
import dev.fluxschnell.sdk.batch.BatchListener;
import dev.fluxschnell.sdk.batch.BatchOutcome;
import dev.fluxschnell.sdk.batch.BatchProgress;
import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.batch.QuotaPolicy;
import dev.fluxschnell.sdk.errors.FluxSchnellException;
import dev.fluxschnell.sdk.errors.QuotaExceededException;
import dev.fluxschnell.sdk.pricing.CostEstimate;
import dev.fluxschnell.sdk.pricing.Pricing;
import dev.fluxschnell.sdk.prompts.Catalogue;
import dev.fluxschnell.sdk.prompts.CatalogueRow;
import dev.fluxschnell.sdk.prompts.PromptEntry;
import dev.fluxschnell.sdk.prompts.PromptFile;
import dev.fluxschnell.sdk.prompts.PromptFileException;
import dev.fluxschnell.sdk.prompts.PromptTemplate;
import dev.fluxschnell.sdk.redis.QueueListener;
import dev.fluxschnell.sdk.redis.QueuedBatch;
import dev.fluxschnell.sdk.redis.QueuedItem;
import dev.fluxschnell.sdk.redis.RedisBatchQueue;
import dev.fluxschnell.sdk.request.AspectRatio;
import dev.fluxschnell.sdk.request.BackgroundModel;
import dev.fluxschnell.sdk.request.EditModel;
import dev.fluxschnell.sdk.request.EditRequest;
import dev.fluxschnell.sdk.request.ImageHeaders;
import dev.fluxschnell.sdk.request.ImageModel;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.InputField;
import dev.fluxschnell.sdk.request.InputImage;
import dev.fluxschnell.sdk.request.Model;
import dev.fluxschnell.sdk.request.ModelDescription;
import dev.fluxschnell.sdk.request.ModelRequest;
import dev.fluxschnell.sdk.request.ModelSchema;
import dev.fluxschnell.sdk.request.OutputFormat;
import dev.fluxschnell.sdk.request.PipelineRequest;
import dev.fluxschnell.sdk.request.RemoveBackgroundRequest;
import dev.fluxschnell.sdk.request.Step;
import dev.fluxschnell.sdk.request.Style;
import dev.fluxschnell.sdk.request.UpscaleModel;
import dev.fluxschnell.sdk.request.UpscaleRequest;
import dev.fluxschnell.sdk.result.GenerationResult;
import dev.fluxschnell.spring.boot.FluxSchnellRequests;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
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
 * ({@code POST /api/v1/edit/image/upload}). Everything belongs to the signed-in user ({@link WebSecurity#subject}):
 * the quota spent, the gallery, the batches and their progress, the images served.
 */
@RestController
class GenerationController {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(GenerationController.class);

    /** Prompts a batch modal may hold; a prompt file may hold up to {@link #MAX_FILE_PROMPTS}. */
    static final int MAX_MODAL_PROMPTS = 10;
    /** The most predictions a prompt file, template run or batch makes (counted before anything is expanded). */
    static final int MAX_FILE_PROMPTS = 500;
    /** The most lines of an uploaded prompt file or catalogue (comments and blank lines included), before parsing. */
    static final int MAX_FILE_LINES = 10 * MAX_FILE_PROMPTS;
    /** How much a pipeline may upscale in all: what a model makes (up to 4 MP) stays within the pixel limit. */
    static final int MAX_PIPELINE_UPSCALE = 2;
    /** The five social-media formats the seed lists first. */
    private static final List<AspectRatio> SOCIAL_FIRST = List.of(AspectRatio.SQUARE_1_1, AspectRatio.PORTRAIT_4_5,
            AspectRatio.PORTRAIT_9_16, AspectRatio.LANDSCAPE_16_9, AspectRatio.PORTRAIT_2_3);
    /** Only an upscale's factor is read from it: an image nothing fetches. */
    private static final InputImage PROBE = InputImage.of(URI.create("https://example.invalid/probe.png"));

    /**
     * One image in the gallery; {@code model} is {@code owner/name}; {@code settings} what its request set besides the
     * prompt — the SDK's settings (such as {@code style}) and the model's inputs by wire name, images left out.
     */
    record Card(String id, String prompt, String model, Map<String, String> settings, String outputFormat,
                String seed, String costUsd, String url, String downloadUrl) {}

    /** A queued batch this replica submitted: whose it is and what its items are (for the gallery and history). */
    record QueuedRun(String user, List<String> prompts, List<ModelRequest> requests) {}

    /**
     * The fields of an edit that are not the edit model's settings: which image, the instruction and the model. Every
     * other field of an edit is a setting of the model by its wire name ({@code aspect_ratio}, {@code seed},
     * {@code resolution}, …) or {@code size} ({@code WIDTHxHEIGHT}, FLUX.2).
     */
    static final String IMAGE_ID = "image_id";
    static final String PROMPT = "prompt";
    static final String MODEL = "model";
    /** What "Remove background" or "Upscale 2×" on a gallery image posts: a step as the CLI writes it. */
    static final String STEP = "step";
    /** The wire names and SDK keys that size an edit's output: one of them replaces the edit's own aspect ratio. */
    private static final Set<String> SIZE_KEYS = Set.of("size", "aspect_ratio", "width", "height");

    /**
     * The form fields that are not request settings: the batch modal's prompts, and its steps. Every other field of
     * the single-image form, the batch modal and the prompt-file upload is a prompt-file key ({@code prompt},
     * {@code style}, {@code aspect_ratio}, {@code model}, …), read by the SDK's {@link PromptFile} exactly as a row
     * of a prompt file. No field names a user: the signed-in user is the one who spends.
     */
    static final String PROMPTS = "prompts";
    /** The batch modal's rows from favourites: each a prompt-file row with its own settings. */
    static final String ROWS = "rows";
    static final String THEN = "then";
    static final String USER = "user";

    private final FluxSchnellClient client;
    private final FluxSchnellRequests requests;
    private final ObjectProvider<RedisBatchQueue> queue;
    private final boolean sandbox;
    private final long quotaLimit;
    private final WebSettings.Limits limits;
    private final Library library;
    private final Map<String, QueuedRun> queued = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, QueuedRun> eldest) {
            return size() > 10_000; // the oldest submissions first; issue #32 persists batches
        }
    });
    private final BatchEvents events;

    GenerationController(FluxSchnellClient client, FluxSchnellRequests requests, ObjectProvider<RedisBatchQueue> queue,
                         WebSettings settings, Library library,
                         @org.springframework.beans.factory.annotation.Value("${flux-schnell.quota.limit:0}")
                         long quotaLimit) {
        this.client = client;
        this.requests = requests;
        this.queue = queue;
        this.sandbox = settings.sandbox();
        this.quotaLimit = quotaLimit;
        this.limits = settings.limits();
        this.library = library;
        this.events = new BatchEvents(limits);
    }

    /** The page's choices (models, their ratios and formats, styles, edit models) and who is signed in. */
    @GetMapping("/api/v1/info")
    Map<String, Object> info(Principal principal) {
        ImageModel defaultModel = requests.imageModel();
        Map<String, Object> choices = new LinkedHashMap<>();
        for (ImageModel m : ImageModel.values()) {
            choices.put(m.value(), Map.of("model", m.model().toString(), "aspect_ratios", aspectRatios(m),
                    "output_formats", outputFormats(m)));
        }
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("user", principal.getName());
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
        List<Step> steps = steps(texts(then));
        boolean perImage = ModelDescription.of(m.model()).map(d -> d.billing() == ModelDescription.Billing.PER_IMAGE)
                .orElse(true);
        if (steps.isEmpty() && perImage) {
            return client.options().pricing().estimate(m.model(), images);
        }
        return Pricing.sum(Collections.nCopies(images, client.options().pricing().estimate(withSteps(
                ImageRequest.builder().model(m).prompt("estimate").build(), steps))));
    }

    /** The signed-in user's quota: the limit and what is left in this window. */
    @GetMapping("/api/v1/quota")
    Map<String, Object> quota(Principal principal) {
        String user = WebSecurity.subject(principal);
        return Map.of("user", principal.getName(), "limit", quotaLimit,
                "remaining", client.remainingQuota(user).orElse(Long.MAX_VALUE));
    }

    /** One request from the form's fields (prompt-file keys), on the signed-in user's quota. */
    @PostMapping("/api/v1/generate/image")
    Map<String, Object> generate(@RequestBody Map<String, Object> form, Principal principal) {
        Map<String, String> row = settings(form);
        PromptEntry entry;
        try {
            entry = PromptFile.entries(List.of(new CatalogueRow("request", 1, row)), Map.of(), null).get(0);
        } catch (PromptFileException e) {
            throw new IllegalArgumentException(String.join("; ", e.problems().stream()
                    .map(p -> p.replaceFirst("^request:1: ", "")).toList()), e);
        }
        checkUpscale(entry.then());
        return run(WebSecurity.subject(principal), entry.request());
    }

    /**
     * Runs one of the user's history entries again: the same model, settings and seed (the seed the model used), the
     * request rebuilt by {@code ModelRequest.fromInputs} from what the history kept.
     */
    @PostMapping("/api/v1/history/{id}/run")
    Map<String, Object> runAgain(@PathVariable String id, Principal principal) {
        String user = WebSecurity.subject(principal);
        return run(user, library.again(user, id));
    }

    /**
     * Runs one request on the user's quota: its images go to the gallery, the request to the history (a failure too:
     * then the SDK's error is answered, as a problem).
     */
    private Map<String, Object> run(String user, ModelRequest request) {
        GenerationResult r;
        try {
            r = client.generate(request, RequestOptions.subject(user));
        } catch (QuotaExceededException refused) {
            throw refused; // nothing ran
        } catch (FluxSchnellException e) {
            library.failed(user, request, "failed", e.getMessage());
            throw e;
        }
        return Map.of("id", r.predictionId(), "images", library.remember(user, r), "cost_usd", r.cost());
    }

    /**
     * A JSON form's fields as prompt-file values: text as it is, numbers and booleans as they print, blank and null
     * fields left out (the defaults apply). A {@code user} field is refused: the signed-in user spends.
     */
    static Map<String, String> settings(Map<String, Object> form) {
        Map<String, String> values = new LinkedHashMap<>();
        form.forEach((k, v) -> {
            if (USER.equals(k)) {
                throw new IllegalArgumentException(WebSecurity.NO_USER_FIELD);
            }
            if (v instanceof List<?> || v instanceof Map<?, ?>) {
                throw new IllegalArgumentException("'" + Problems.clean(k) + "' must be text, a number or a boolean");
            }
            if (v != null && !v.toString().isBlank()) {
                values.put(k, v.toString());
            }
        });
        return values;
    }

    /**
     * An edit of a gallery image: {@code image_id}, {@code prompt}, {@code model} (any edit model's short name or
     * owner/name; default {@code flux-schnell.defaults.edit.model}), and any setting of the model by its wire name, or
     * {@code size}; one the model does not take is a 400 with the SDK's message.
     */
    @PostMapping("/api/v1/edit/image")
    Map<String, Object> editGalleryImage(@RequestBody Map<String, Object> form, Principal principal) {
        Map<String, String> fields = settings(form);
        String user = WebSecurity.subject(principal);
        Path source = galleryFile(user, fields.remove(IMAGE_ID));
        header(source, 1);
        return edit(user, InputImage.of(source), fields);
    }

    /**
     * "Remove background" or "Upscale 2×" on a gallery image: {@code image_id} and {@code step} (the CLI's form). A
     * WebP image (flux-schnell's default) loses its background with 851-labs, as Bria takes PNG and JPEG only.
     */
    @PostMapping("/api/v1/postprocess/image")
    Map<String, Object> postProcess(@RequestBody Map<String, Object> form, Principal principal) {
        Map<String, String> fields = settings(form);
        String user = WebSecurity.subject(principal);
        Path source = galleryFile(user, fields.remove(IMAGE_ID));
        Step step = Step.parse(Objects.requireNonNullElse(fields.remove(STEP), ""));
        if (!fields.isEmpty()) {
            throw new IllegalArgumentException("a step takes image_id and step only");
        }
        ImageHeaders.Header h = header(source, upscaleFactor(step));
        ModelRequest request = step.on(PROBE) instanceof RemoveBackgroundRequest cut && h.format().equals("webp")
                ? RemoveBackgroundRequest.builder().model(BackgroundModel.BACKGROUND_REMOVER) // Bria takes no WebP
                        .background(cut.background()).image(InputImage.of(source)).build()
                : step.on(InputImage.of(source));
        return run(user, request);
    }

    /** The stored file of one of the user's images, as the input of an edit or a step. */
    private Path galleryFile(String user, String id) {
        return library.imageFile(user, id).orElseThrow(() -> new Problems.NotFound("No such gallery image."));
    }

    /** An edit of an uploaded photo: multipart {@code file}, and the fields of {@link #editGalleryImage}. */
    @PostMapping(path = "/api/v1/edit/image/upload", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Map<String, Object> editUpload(@RequestParam("file") MultipartFile file,
                                   @RequestParam MultiValueMap<String, String> form, Principal principal)
            throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        form.forEach((k, values) -> {
            if (!k.equals("file") && !values.isEmpty() && values.get(0) != null && !values.get(0).isBlank()) {
                fields.put(k, values.get(0));
            }
        });
        if (!fields.containsKey(PROMPT)) {
            throw new IllegalArgumentException("prompt is required");
        }
        byte[] bytes = file.getBytes(); // at most spring.servlet.multipart.max-file-size
        header(bytes, 1); // not an image, or too many pixels: 400 before anything decodes or sends it
        return edit(WebSecurity.subject(principal), InputImage.of(bytes), fields);
    }

    /**
     * Edits {@code source} with the form's fields: the starter's edit defaults and model, the form's model, then the
     * form's settings by wire name — checked by the SDK against the model (a 400 with its message, naming the model,
     * before anything is sent). A setting that is an image is refused: the image is the gallery image or the upload.
     */
    private Map<String, Object> edit(String user, InputImage source, Map<String, String> fields) {
        Map<String, String> settings = new LinkedHashMap<>(fields);
        String prompt = settings.remove(PROMPT);
        String model = settings.remove(MODEL);
        EditRequest.Builder b = requests.edit().image(source).prompt(prompt == null ? "" : prompt);
        if (model != null && !model.isBlank()) {
            b.model(EditModel.of(model));
        }
        EditRequest request = b.build();
        Optional<ModelSchema> schema = ModelDescription.of(request.model()).map(ModelDescription::schema);
        settings.keySet().stream().filter(k -> schema.flatMap(s -> s.field(k)).map(f -> f.type() == InputField.Type.URI
                || f.type() == InputField.Type.URI_LIST).orElse(false)).findFirst().ifPresent(k -> {
                    throw new IllegalArgumentException("'" + k + "' cannot be set: the image to edit is the gallery "
                            + "image or the uploaded photo");
                });
        if (!settings.isEmpty()) {
            Map<String, Object> view = new LinkedHashMap<>(request.inputs());
            if (settings.keySet().stream().anyMatch(SIZE_KEYS::contains)) {
                view.remove("aspect_ratio"); // the form's size or ratio replaces the edit's own
            }
            view.putAll(settings);
            request = EditRequest.fromInputs(request.model(), view);
        }
        return run(user, request);
    }

    /**
     * The batch modal: 1-10 prompts and favourites — {@code prompts} (text), {@code rows} (ids of the user's
     * favourites, each a prompt-file row with its own settings) — the other fields their defaults, {@code then} their
     * steps; answered 202.
     */
    @PostMapping("/api/v1/generate/image/batch")
    ResponseEntity<Map<String, Object>> batch(@RequestBody Map<String, Object> form, Principal principal) {
        String user = WebSecurity.subject(principal);
        Map<String, Object> fields = new LinkedHashMap<>(form);
        Object prompts = fields.remove(PROMPTS);
        Object favourites = fields.remove(ROWS);
        List<String> then = texts(fields.remove(THEN));
        List<?> texts = prompts == null ? List.of() : prompts instanceof List<?> list ? list : null;
        List<?> ids = favourites == null ? List.of() : favourites instanceof List<?> list ? list : null;
        if (texts == null || ids == null || texts.size() + ids.size() < 1
                || texts.size() + ids.size() > MAX_MODAL_PROMPTS) {
            throw new IllegalArgumentException("a batch has 1-" + MAX_MODAL_PROMPTS + " prompts (upload a prompt "
                    + "file for more)");
        }
        Map<String, String> defaults = withSteps(settings(fields), then);
        List<CatalogueRow> rows = new ArrayList<>();
        for (String prompt : texts(texts)) {
            rows.add(new CatalogueRow("prompts", rows.size() + 1, Map.of("prompt", prompt)));
        }
        for (Map<String, String> row : library.rows(user, texts(ids))) {
            rows.add(new CatalogueRow("favourites", rows.size() + 1, row));
        }
        return startItems(runs(PromptFile.entries(rows, defaults, null)), user);
    }

    /** An uploaded prompt file, the other fields the defaults of every row; answered 202. */
    @PostMapping(path = "/api/v1/generate/image/batch/file", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<Map<String, Object>> batchFile(@RequestParam("file") MultipartFile file,
                                                  @RequestParam MultiValueMap<String, String> fields,
                                                  Principal principal) throws IOException {
        String name = uploadName(file, "upload.txt");
        Map<String, String> defaults = new LinkedHashMap<>();
        fields.forEach((k, values) -> {
            if (!k.equals("file") && !k.equals(THEN) && !values.isEmpty() && !values.get(0).isBlank()) {
                defaults.put(k, values.get(0));
            }
        });
        List<CatalogueRow> rows = rows(name, file);
        return startItems(runs(PromptFile.entries(rows, withSteps(defaults, texts(fields.get(THEN))), null)),
                WebSecurity.subject(principal));
    }

    /** An upload's name for messages (its extension gives the format), or {@code fallback}; cleaned. */
    static String uploadName(MultipartFile file, String fallback) {
        String name = file.getOriginalFilename();
        return name == null || name.isBlank() ? fallback : Problems.clean(Path.of(name.replace('\\', '/'))
                .getFileName().toString());
    }

    /**
     * The rows of an uploaded prompt file or catalogue, refused before parsing above {@code web.limits.prompt-file}
     * bytes or {@value #MAX_FILE_LINES} lines, and after it above {@value #MAX_FILE_PROMPTS} rows.
     */
    List<CatalogueRow> rows(String name, MultipartFile file) throws IOException {
        if (file.getSize() > limits.promptFile().toBytes()) {
            throw new Problems.TooLarge(name + " is " + file.getSize() + " bytes; a prompt file takes at most "
                    + limits.promptFile().toBytes());
        }
        byte[] content = file.getBytes();
        long lines = 1;
        for (byte b : content) {
            lines += b == '\n' ? 1 : 0;
        }
        if (lines > MAX_FILE_LINES) {
            throw new IllegalArgumentException(name + " has " + lines + " lines; at most " + MAX_FILE_LINES);
        }
        List<CatalogueRow> rows = Catalogue.parse(name, content);
        if (rows.size() > MAX_FILE_PROMPTS) {
            throw new IllegalArgumentException(name + " has " + rows.size() + " rows; at most " + MAX_FILE_PROMPTS
                    + " predictions");
        }
        return rows;
    }

    /**
     * What prompt-file or template entries run — each one's predictions (its count), with its steps — after checking,
     * before anything is expanded, that they make at most {@value #MAX_FILE_PROMPTS} predictions (the SDK names the
     * row that passes it) and that no pipeline upscales more than {@value #MAX_PIPELINE_UPSCALE}× in all.
     */
    static List<ModelRequest> runs(List<PromptEntry> entries) {
        PromptFile.predictionCount(entries, 1, MAX_FILE_PROMPTS);
        entries.forEach(e -> checkUpscale(e.then()));
        return PromptTemplate.runs(entries, 1);
    }

    /** The factor an upscale step multiplies an image's sides by (1 for any other step). */
    private static int upscaleFactor(Step step) {
        return step.on(PROBE) instanceof UpscaleRequest u
                ? u.scale().orElse(u.upscaleModel() == UpscaleModel.REAL_ESRGAN ? 4 : 2) : 1;
    }

    /** Refuses a pipeline that would upscale more than {@value #MAX_PIPELINE_UPSCALE}× in all. */
    static void checkUpscale(List<Step> steps) {
        long factor = 1;
        for (Step s : steps) {
            factor *= upscaleFactor(s);
            if (factor > MAX_PIPELINE_UPSCALE) {
                throw new IllegalArgumentException("a pipeline here upscales at most " + MAX_PIPELINE_UPSCALE
                        + "× in all (upscale a gallery image again with its button)");
            }
        }
    }

    /** The defaults with the form's steps ({@code then}, as the CLI's {@code --then} writes them). */
    private static Map<String, String> withSteps(Map<String, String> defaults, List<String> steps) {
        if (steps.isEmpty()) {
            return defaults;
        }
        steps(steps); // a bad step, or too many, is refused with the SDK's message
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

    /**
     * The steps a form asked for, parsed as the CLI's {@code --then}: more than {@link PipelineRequest#MAX_STEPS} are
     * refused before any is parsed.
     */
    private static List<Step> steps(List<String> steps) {
        if (steps.size() > PipelineRequest.MAX_STEPS) {
            throw new IllegalArgumentException("a pipeline takes at most " + PipelineRequest.MAX_STEPS + " steps, "
                    + "this one " + steps.size());
        }
        List<Step> parsed = steps.stream().map(Step::parse).toList();
        checkUpscale(parsed);
        return parsed;
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
     * Reads an image's header and refuses it — before anything decodes or sends it — when it is not an image, does not
     * say its size, or has more than {@code web.limits.image-pixels} pixels (after an upscale by {@code scale}).
     */
    private ImageHeaders.Header header(byte[] image, int scale) {
        try {
            return checked(ImageHeaders.read(new ByteArrayInputStream(image)), scale);
        } catch (IOException e) {
            throw new IllegalArgumentException("not an image: a PNG, JPEG, WebP or GIF is needed", e);
        }
    }

    /** {@link #header(byte[], int)} of a stored gallery image (one that is gone is not found). */
    private ImageHeaders.Header header(Path image, int scale) {
        try (InputStream in = Files.newInputStream(image)) {
            return checked(ImageHeaders.read(in), scale);
        } catch (IOException e) {
            throw new Problems.NotFound("No such gallery image.");
        }
    }

    /** The header when it passes the checks of {@link #header(byte[], int)}. */
    private ImageHeaders.Header checked(ImageHeaders.Header h, int scale) {
        if (h == null) {
            throw new IllegalArgumentException("not an image: a PNG, JPEG, WebP or GIF is needed");
        }
        if (!h.hasSize()) {
            throw new IllegalArgumentException("the image's header does not say its size");
        }
        long pixels = (long) h.width() * h.height() * scale * scale;
        if (pixels > limits.imagePixels()) {
            throw new IllegalArgumentException("the image is " + h.width() + "×" + h.height() + (scale > 1 ? ", "
                    + scale + "× upscaled " : " ") + "(" + pixels + " pixels); at most " + limits.imagePixels()
                    + " pixels");
        }
        return h;
    }

    /**
     * Starts a batch of {@code items} for {@code user}, answered 202 with its event stream: in the Redis queue when the
     * app has one (any replica's workers run it, any replica streams its progress to its owner), else in this JVM.
     */
    ResponseEntity<Map<String, Object>> startItems(List<ModelRequest> items, String user) {
        List<String> prompts = items.stream().map(ModelRequest::summary).toList();
        RedisBatchQueue q = queue.getIfAvailable();
        if (q != null && items.stream().allMatch(RedisBatchQueue::canQueue)) {
            BatchRequest batch = BatchRequest.builder().addAll(items).subject(user).build();
            CostEstimate estimate = client.estimateCost(batch);
            String batchId = q.submit(batch);
            queued.put(batchId, new QueuedRun(user, prompts, List.copyOf(items)));
            Map<String, Object> body = new LinkedHashMap<>(accepted(batchId, estimate, prompts));
            body.put("queued", true);
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(body);
        }
        String batchId = UUID.randomUUID().toString();
        BatchRequest batch = BatchRequest.builder().addAll(items).subject(user)
                .quotaPolicy(QuotaPolicy.SKIP_EXCESS).listener(new BatchListener() {
                    @Override
                    public void started(int index, String predictionId, BatchProgress p) {
                        events.publish(batchId, "progress", progress(index, "started", p, null));
                    }

                    @Override
                    public void succeeded(BatchItem item, BatchProgress p) {
                        List<Card> cards = library.remember(user, item.result().orElseThrow());
                        events.publish(batchId, "progress", progress(item.index(), "succeeded", p, cards));
                    }

                    @Override
                    public void failed(BatchItem item, BatchProgress p) {
                        if (item.outcome() != BatchOutcome.SKIPPED_QUOTA) { // nothing ran: not in the history
                            library.failed(user, item.request(), item.outcome().name().toLowerCase(), item.error()
                                    .map(Throwable::getMessage).orElse(""));
                        }
                        events.publish(batchId, "progress", progress(item.index(), item.outcome().name()
                                .toLowerCase(), p, item.error().map(Throwable::getMessage).orElse("")));
                    }
                }).build();
        CostEstimate estimate = client.estimateCost(batch);
        events.open(user, batchId);
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

    /** The progress of one of the user's batches; another user's batch is not found, as an unknown one. */
    @GetMapping(path = "/api/v1/batches/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter batchEvents(@PathVariable String id, Principal principal) {
        String user = WebSecurity.subject(principal);
        if (!id.matches("[0-9a-fA-F-]{36}")) {
            throw new Problems.NotFound("No such batch.");
        }
        if (events.owner(id).isEmpty()) {
            RedisBatchQueue q = queue.getIfAvailable();
            QueuedBatch batch = q == null ? null : q.status(id).orElse(null);
            if (batch == null || !user.equals(batch.subject())) {
                throw new Problems.NotFound("No such batch.");
            }
            follow(q, batch); // a queued batch of this user, submitted on this replica or another
        }
        return events.subscribe(user, id);
    }

    /** A queued batch as server-sent events on this replica: what finished so far, then live, then {@code done}. */
    private synchronized void follow(RedisBatchQueue q, QueuedBatch found) {
        String id = found.id();
        if (events.owner(id).isPresent()) {
            return;
        }
        QueuedRun known = queued.get(id);
        QueuedRun run = known != null ? known : new QueuedRun(found.subject(), List.of(), List.of());
        new QueuedFollow(q, id, run, events.open(run.user(), id)).start();
    }

    /**
     * One queued batch followed on this replica: each finished item's progress event once (from the replay of what
     * Redis holds, or live), then {@code done} after all of them, whichever thread sends the last.
     */
    private final class QueuedFollow implements QueueListener {
        private final RedisBatchQueue q;
        private final String id;
        private final QueuedRun run;
        private final BatchEvents.Batch channel; // a later follow of this id has its own
        private final Set<Integer> seen = ConcurrentHashMap.newKeySet(); // items taken by the replay or live events
        private final java.util.concurrent.atomic.AtomicInteger published =
                new java.util.concurrent.atomic.AtomicInteger(); // items whose progress event is out
        private final java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();
        private final java.util.concurrent.atomic.AtomicReference<AutoCloseable> subscription =
                new java.util.concurrent.atomic.AtomicReference<>();

        QueuedFollow(RedisBatchQueue q, String id, QueuedRun run, BatchEvents.Batch channel) {
            this.q = q;
            this.id = id;
            this.run = run;
            this.channel = channel;
        }

        /** Subscribes, then replays what Redis holds; when Redis fails, nothing follows the batch and it throws. */
        void start() {
            try {
                subscription.set(q.listen(id, this)); // first: none is missed
                if (ended.get()) {
                    unsubscribe(); // it ended while listen() ran
                }
                replay();
            } catch (RuntimeException e) {
                stop();
                throw e;
            }
        }

        @Override
        public void itemFinished(QueuedItem item, QueuedBatch batch) {
            if (!seen.add(item.index())) {
                return;
            }
            Object detail;
            try {
                List<Card> cards = rememberQueued(id, run, item);
                detail = item.outcome() == BatchOutcome.SUCCEEDED ? cards : item.error().orElse("");
            } catch (RuntimeException e) { // the item still gets its event, so that the stream ends
                LOG.warn("queued item {} of batch {} was not added to the gallery: {}", item.index(), id, e.toString());
                detail = "not added to the gallery: " + e.getMessage();
            }
            events.publish(channel, "progress", Map.of("index", item.index(), "state", item.outcome().name()
                    .toLowerCase(), "done", batch.done(), "total", batch.total(), "succeeded", batch.succeeded(),
                    "detail", detail));
            published.incrementAndGet();
            endIfDone(batch);
        }

        @Override
        public void mayHaveMissedEvents(Optional<QueuedBatch> now) {
            try {
                replay();
            } catch (RuntimeException e) { // Redis failed again, or the batch expired
                LOG.warn("queued batch {} could not be followed after a gap: {}", id, e.toString());
                stop();
            }
        }

        /** What Redis holds: items recorded before the subscription, or while it was down. */
        private void replay() {
            QueuedBatch now = q.status(id).orElseThrow();
            for (QueuedItem item : q.items(id)) {
                itemFinished(item, now);
            }
            endIfDone(q.status(id).orElseThrow()); // the last item may have ended during the replay
        }

        private void endIfDone(QueuedBatch seenAs) {
            if (published.get() < seenAs.total() || ended.get()) {
                return;
            }
            // every item's outcome is recorded (with the counts, atomically): a snapshot older than that is read again
            QueuedBatch batch = seenAs.isFinished() ? seenAs : q.status(id).orElse(seenAs);
            if (batch.isFinished() && ended.compareAndSet(false, true)) {
                events.publish(channel, "done", Map.of("succeeded", batch.succeeded(), "total", batch.total(),
                        "cost_usd", batch.cost()));
                java.util.concurrent.CompletableFuture.runAsync(this::unsubscribe); // not on the Redis client's thread
            }
        }

        /** Ends the subscription, once: the batch may end before listen() has returned. */
        private void unsubscribe() {
            AutoCloseable s = subscription.getAndSet(null);
            try {
                if (s != null) {
                    s.close();
                }
            } catch (Exception ignored) {
                // already gone
            }
        }

        /** Nothing follows the batch here now: its streams end, and the next request starts again. */
        private void stop() {
            unsubscribe();
            events.forget(channel);
        }
    }

    /** A finished queued item into the owner's gallery and history (the request when this replica submitted it). */
    private List<Card> rememberQueued(String batchId, QueuedRun run, QueuedItem item) {
        String prompt = item.index() < run.prompts().size() ? run.prompts().get(item.index())
                : "queued item " + item.index();
        ModelRequest request = item.index() < run.requests().size() ? run.requests().get(item.index()) : null;
        return library.rememberQueued(run.user(), batchId, item, request, prompt);
    }

    /** The signed-in user's gallery, newest first. */
    @GetMapping("/api/v1/gallery")
    List<Card> gallery(Principal principal) {
        return library.gallery(WebSecurity.subject(principal));
    }

    /**
     * One of the user's images (in the gallery, or starred): only a file under the storage root (checked after
     * resolving links), only the user's own; anything else is not found.
     */
    @GetMapping("/images/{id}")
    ResponseEntity<FileSystemResource> image(@PathVariable String id, @RequestParam(defaultValue = "false")
                                             boolean download, Principal principal) throws IOException {
        Path file = library.imageFile(WebSecurity.subject(principal), id)
                .orElseThrow(() -> new Problems.NotFound("No such gallery image."));
        return file(file, download);
    }

    /** A stored image as an answer: its content type from its name, as an attachment when {@code download}. */
    static ResponseEntity<FileSystemResource> file(Path file, boolean download) throws IOException {
        ResponseEntity.BodyBuilder ok = ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(Objects.requireNonNullElse(Files.probeContentType(file),
                        "application/octet-stream")));
        if (download) {
            ok.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + file.getFileName() + "\"");
        }
        return ok.body(new FileSystemResource(file));
    }
}
