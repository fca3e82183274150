package dev.fluxschnell.langchain4j;

import dev.fluxschnell.sdk.request.AspectRatio;
import dev.fluxschnell.sdk.request.EditModel;
import dev.fluxschnell.sdk.request.EditRequest;
import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.result.GeneratedImage;
import dev.fluxschnell.sdk.result.GenerationResult;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.InpaintModel;
import dev.fluxschnell.sdk.request.InpaintRequest;
import dev.fluxschnell.sdk.request.InputImage;
import dev.fluxschnell.sdk.request.Megapixels;
import dev.fluxschnell.sdk.request.ModelRequest;
import dev.fluxschnell.sdk.request.OutputFormat;
import dev.fluxschnell.sdk.request.Resolution;
import dev.fluxschnell.sdk.request.Style;
import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.batch.BatchResult;
import dev.fluxschnell.sdk.errors.FluxSchnellException;
import dev.fluxschnell.sdk.storage.StoredImage;
import dev.langchain4j.data.image.Image;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.model.image.ImageModel;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.Response;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Flux family as a LangChain4j {@link ImageModel}, over a {@link FluxSchnellClient} (its retries, limits, quota and
 * storage apply): {@code generate} with flux-schnell or any other text-to-image model of the SDK — flux-dev, FLUX 1.1
 * Pro and Ultra, FLUX.2 pro, max, flex, dev, Klein ({@link Builder#imageModel}); {@code edit(image, prompt)} with
 * Kontext Pro or any other edit model — Kontext Max and Dev, flux-dev image to image, the FLUX.2 models
 * ({@link Builder#editModel}); {@link #edit(List, String)}, beyond LangChain4j's interface, an edit of several images
 * (the first and its references) on FLUX.2; {@code edit(image, mask, prompt)} with Fill
 * ({@link Builder#inpaintModel}). The image settings are fixed when the model is built (LangChain4j's image API takes
 * none per call) and checked then; settings left unset are not sent, and the model's own defaults apply. Each call
 * runs through {@link FluxSchnellClient#generate(ModelRequest)}; {@code generate(prompt, n)} runs one prediction for
 * as many images as the model makes in one (4 on flux-schnell and flux-dev, 1 on the others), a batch of them beyond.
 * An input {@link Image} is read from its base64 data, or its {@code https:} or {@code file:} URL.
 *
 * <p>Images are stored before a call returns: each {@link Image} has the stored image's download URL (presigned S3,
 * Firebase token URL) or storage location ({@code file:}, {@code s3:}), its MIME type, the bytes as base64 with
 * {@code responseFormat("b64_json")}, and as revised prompt the one actually sent when a style extended it. Failures
 * are LangChain4j's exceptions with the SDK's as cause (a bad input image: {@code InvalidRequestException}). When some
 * predictions of a large {@code n} fail, the others' images are
 * returned with finish reason {@link FinishReason#OTHER} and the failures under {@value #FAILURES} in the metadata.
 */
public final class FluxSchnellImageModel implements ImageModel, AutoCloseable {
    /** Metadata key of the prediction ids ({@code List<String>}). */
    public static final String PREDICTION_IDS = "flux-schnell.prediction-ids";
    /** Metadata key of the cost in USD ({@link BigDecimal}). */
    public static final String COST = "flux-schnell.cost-usd";
    /** Metadata key of the seeds the model used, one per image ({@code List<Long>}, -1 where none was reported). */
    public static final String SEEDS = "flux-schnell.seeds";
    /** Metadata key of the failure messages ({@code List<String>}, empty when everything succeeded). */
    public static final String FAILURES = "flux-schnell.failures";

    private final FluxSchnellClient client;
    private final boolean ownsClient;
    private final ImageRequest template;
    private final EditModel editModel;
    private final InpaintModel inpaintModel;
    private final boolean base64;

    private FluxSchnellImageModel(Builder b) {
        if ((b.client == null) == (b.apiToken == null)) {
            throw new IllegalArgumentException("set exactly one of client(...) and apiToken(...)");
        }
        this.ownsClient = b.client == null;
        this.template = b.template();
        this.editModel = b.editModel;
        this.inpaintModel = b.inpaintModel;
        this.base64 = base64(b.responseFormat);
        this.client = ownsClient ? FluxSchnellClient.builder().apiToken(b.apiToken).build() : b.client;
    }

    /** {@return a builder} */
    public static Builder builder() {
        return new Builder();
    }

    /** Makes one image for {@code prompt}. */
    @Override
    public Response<Image> generate(String prompt) {
        return first(generate(prompt, 1));
    }

    /**
     * Makes {@code n} images for {@code prompt}: one prediction up to what the model makes in one (4 on flux-schnell
     * and flux-dev, 1 on the others), a batch of predictions beyond.
     */
    @Override
    public Response<List<Image>> generate(String prompt, int n) {
        return run(requests(prompt, n));
    }

    /**
     * The requests {@code generate(prompt, n)} sends — this model's settings with {@code prompt}, split into as few
     * predictions as the model allows; shared with {@link FluxSchnellBatchImageModel}.
     *
     * @throws IllegalArgumentException for a prompt or count the model refuses (nothing is sent)
     */
    List<ModelRequest> requests(String prompt, int n) {
        return BatchRequest.split(template.toBuilder().prompt(prompt).build(), n);
    }

    /** The client this model runs on. */
    FluxSchnellClient client() {
        return client;
    }

    /** Edits {@code image} as {@code prompt} says, with the edit model (default Kontext Pro): one image. */
    @Override
    public Response<Image> edit(Image image, String prompt) {
        return edit(java.util.Collections.singletonList(image), prompt);
    }

    /**
     * Edits several images together as {@code prompt} says ("put the logo of the second on the bag of the first"): the
     * first is the image to edit, the others its references — FLUX.2 models (up to 8 images on pro and max, 10 on
     * flex, 4 on dev, 5 on Klein, the first included); the others edit one image and refuse more, as an invalid
     * request, before anything is sent. Not part of LangChain4j's {@link ImageModel}, whose edits take one image.
     *
     * @param images the image to edit, then its references
     * @param prompt the instruction
     * @return the edited image
     * @throws dev.langchain4j.exception.InvalidRequestException when there is no image, an image cannot be read, or the
     *     model does not take that many
     */
    public Response<Image> edit(List<Image> images, String prompt) {
        return first(run(List.of(build(() -> {
            if (images == null || images.isEmpty()) {
                throw new IllegalArgumentException("an edit needs an image");
            }
            EditRequest.Builder b = EditRequest.builder().model(editModel).image(input(images.get(0), "image"))
                    .prompt(prompt);
            for (int i = 1; i < images.size(); i++) {
                b.reference(input(images.get(i), "image " + (i + 1)));
            }
            template.seed().ifPresent(b::seed);
            return b.build();
        }))));
    }

    /** Repaints {@code image} where {@code mask} is white, with the inpainting model (default Fill Pro): one image. */
    @Override
    public Response<Image> edit(Image image, Image mask, String prompt) {
        return first(run(List.of(build(() -> {
            InpaintRequest.Builder b = InpaintRequest.builder().model(inpaintModel).image(input(image, "image"))
                    .mask(input(mask, "mask")).prompt(prompt);
            template.seed().ifPresent(b::seed);
            return b.build();
        }))));
    }

    /** The response of one image: the first of {@code r}, with its finish reason and metadata. */
    static Response<Image> first(Response<List<Image>> r) {
        return new Response<>(r.content().get(0), null, r.finishReason(), r.metadata());
    }

    /**
     * Builds a request — its input images read from LangChain4j's — a bad input or setting failing as LangChain4j's
     * invalid request (nothing was sent).
     */
    private static ModelRequest build(java.util.function.Supplier<ModelRequest> builder) {
        try {
            return builder.get();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new dev.langchain4j.exception.InvalidRequestException("flux-schnell: " + e.getMessage(), e);
        }
    }

    /** An input image from LangChain4j's {@link Image}: its base64 data, else its https or file URL. */
    private static InputImage input(Image image, String what) {
        if (image == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        if (image.base64Data() != null) {
            return InputImage.of(Base64.getDecoder().decode(image.base64Data()));
        }
        java.net.URI url = image.url();
        if (url != null && "file".equalsIgnoreCase(url.getScheme())) {
            return InputImage.of(java.nio.file.Path.of(url));
        }
        if (url != null) {
            return InputImage.of(url);
        }
        throw new IllegalArgumentException(what + " has neither base64 data nor a URL");
    }

    /** Runs the requests: one through {@link FluxSchnellClient#generate(ModelRequest)}, several as a batch. */
    private Response<List<Image>> run(List<? extends ModelRequest> requests) {
        List<GenerationResult> results;
        List<String> failures;
        try {
            if (requests.size() == 1) {
                results = List.of(client.generate(requests.get(0)));
                failures = List.of();
            } else { // a batch keeps the images of the predictions that succeed
                BatchResult batch = client.generateBatch(BatchRequest.of(requests));
                results = batch.results();
                if (results.isEmpty()) {
                    throw batch.errors().get(0);
                }
                failures = batch.errors().stream().map(Throwable::getMessage).toList();
            }
        } catch (FluxSchnellException e) {
            throw FluxSchnellLangChain4jExceptions.translate(e);
        }
        return response(results, failures);
    }

    /**
     * The response for stored results: each image (its URL, MIME type, revised prompt, base64 bytes with
     * {@code b64_json}) and the metadata; finish reason {@code OTHER} when there are {@code failures}.
     */
    Response<List<Image>> response(List<GenerationResult> results, List<String> failures) {
        List<Image> images = new ArrayList<>();
        List<Long> seeds = new ArrayList<>();
        for (GenerationResult r : results) {
            for (GeneratedImage image : r.images()) {
                images.add(image(r, image));
                seeds.add(image.seed().orElse(r.seed().orElse(-1)));
            }
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put(PREDICTION_IDS, results.stream().map(GenerationResult::predictionId).toList());
        metadata.put(COST, results.stream().map(GenerationResult::cost).reduce(BigDecimal.ZERO, BigDecimal::add));
        metadata.put(SEEDS, List.copyOf(seeds));
        metadata.put(FAILURES, List.copyOf(failures));
        return new Response<>(List.copyOf(images), null, failures.isEmpty() ? FinishReason.STOP : FinishReason.OTHER,
                metadata);
    }

    private Image image(GenerationResult result, GeneratedImage image) {
        StoredImage stored = image.stored().orElse(null);
        Image.Builder b = Image.builder().mimeType(image.format().mimeType())
                .url(stored != null ? stored.downloadUrl().orElse(stored.location()) : image.location());
        result.sentPrompt().filter(sent -> !result.prompt().equals(Optional.of(sent))).ifPresent(b::revisedPrompt);
        if (base64) {
            if (stored == null) {
                throw new NonRetriableException("flux-schnell: image " + image.index() + " was not stored, so its bytes"
                        + " cannot be returned");
            }
            try (InputStream in = client.storage().open(stored)) {
                b.base64Data(Base64.getEncoder().encodeToString(in.readAllBytes()));
            } catch (IOException | UnsupportedOperationException | dev.fluxschnell.sdk.errors.StorageException e) {
                throw new NonRetriableException("flux-schnell: reading the stored image " + stored.location()
                        + " back failed: " + e.getMessage(), e);
            }
        }
        return b.build();
    }

    private static boolean base64(String responseFormat) {
        if (responseFormat == null || responseFormat.equalsIgnoreCase("url")) {
            return false;
        }
        if (responseFormat.equalsIgnoreCase("b64_json")) {
            return true;
        }
        throw new IllegalArgumentException("responseFormat must be url or b64_json, was '" + responseFormat + "'");
    }

    /** Closes the client if this model made it ({@link Builder#apiToken}); a client passed in is left open. */
    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }

    @Override
    public String toString() {
        return "FluxSchnellImageModel{" + client + ", " + template + "}";
    }

    /** Builds a {@link FluxSchnellImageModel} in LangChain4j's style; settings are checked by {@link #build()}. */
    public static final class Builder {
        private FluxSchnellClient client;
        private String apiToken;
        private String responseFormat;
        private Integer width;
        private Integer height;
        private AspectRatio aspectRatio;
        private Megapixels megapixels;
        private Style style;
        private Long seed;
        private Boolean goFast;
        private Integer numInferenceSteps;
        private OutputFormat outputFormat;
        private Integer outputQuality;
        private Boolean disableSafetyChecker;
        private Resolution resolution;
        private Double guidance;
        private Integer safetyTolerance;
        private Boolean promptUpsampling;
        private Boolean raw;
        private dev.fluxschnell.sdk.request.ImageModel imageModel = dev.fluxschnell.sdk.request.ImageModel.FLUX_SCHNELL;
        private EditModel editModel = EditModel.KONTEXT_PRO;
        private InpaintModel inpaintModel = InpaintModel.FILL_PRO;

        private Builder() {}

        /**
         * The model {@code generate} calls (default {@link dev.fluxschnell.sdk.request.ImageModel#FLUX_SCHNELL}; any
         * text-to-image model of the SDK, e.g. {@code FLUX_2_PRO}); the settings are checked against its inputs and
         * ranges, and one it does not take fails {@link #build()} naming it.
         *
         * @param imageModel the generation model
         * @return this builder
         */
        public Builder imageModel(dev.fluxschnell.sdk.request.ImageModel imageModel) {
            this.imageModel = java.util.Objects.requireNonNull(imageModel, "imageModel must not be null");
            return this;
        }

        /**
         * The model {@code edit(image, prompt)} and {@code edit(images, prompt)} call (default
         * {@link EditModel#KONTEXT_PRO}; any edit model of the SDK, e.g. {@code FLUX_2_PRO}, which also takes
         * references); it runs with the model's own defaults and this builder's seed.
         *
         * @param editModel the edit model
         * @return this builder
         */
        public Builder editModel(EditModel editModel) {
            this.editModel = java.util.Objects.requireNonNull(editModel, "editModel must not be null");
            return this;
        }

        /**
         * The model {@code edit(image, mask, prompt)} calls (default {@link InpaintModel#FILL_PRO}); it runs with the
         * model's own defaults and this builder's seed.
         *
         * @param inpaintModel the inpainting model
         * @return this builder
         */
        public Builder inpaintModel(InpaintModel inpaintModel) {
            this.inpaintModel = java.util.Objects.requireNonNull(inpaintModel, "inpaintModel must not be null");
            return this;
        }

        /**
         * The client that makes and stores the images (shared with the rest of the application).
         *
         * @param client the client that makes and stores the images
         * @return this builder
         */
        public Builder client(FluxSchnellClient client) {
            this.client = client;
            return this;
        }

        /**
         * The Replicate API token, for a client this model makes (and closes); or pass {@link #client}.
         *
         * @param apiToken the Replicate API token
         * @return this builder
         */
        public Builder apiToken(String apiToken) {
            this.apiToken = apiToken;
            return this;
        }

        /**
         * {@code url} (default: the stored image's URL or location) or {@code b64_json} (also its bytes).
         *
         * @param responseFormat {@code url} or {@code b64_json}
         * @return this builder
         */
        public Builder responseFormat(String responseFormat) {
            this.responseFormat = responseFormat;
            return this;
        }

        /**
         * A size in pixels (see {@link ImageRequest.Builder#size}): exact on FLUX.2 (not Klein) and FLUX 1.1 Pro
         * ({@code aspect_ratio: custom}), the nearest aspect ratio and megapixels on flux-schnell and flux-dev, the
         * nearest aspect ratio on the others.
         *
         * @param width the wanted width in pixels
         * @param height the wanted height in pixels
         * @return this builder
         */
        public Builder size(int width, int height) {
            this.width = width;
            this.height = height;
            return this;
        }

        /**
         * The aspect ratio (instead of a size).
         *
         * @param aspectRatio the aspect ratio
         * @return this builder
         */
        public Builder aspectRatio(AspectRatio aspectRatio) {
            this.aspectRatio = aspectRatio;
            return this;
        }

        /**
         * The megapixel setting (instead of a size).
         *
         * @param megapixels the megapixel setting
         * @return this builder
         */
        public Builder megapixels(Megapixels megapixels) {
            this.megapixels = megapixels;
            return this;
        }

        /**
         * A style preset.
         *
         * @param style the style preset, whose suffix is appended to the prompt
         * @return this builder
         */
        public Builder style(Style style) {
            this.style = style;
            return this;
        }

        /**
         * A fixed seed (reproducible with {@code goFast(false)}).
         *
         * @param seed the seed, or null for a random one
         * @return this builder
         */
        public Builder seed(Long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * The fp8 fast path (flux-schnell's default: on).
         *
         * @param goFast whether the fp8 fast path is on
         * @return this builder
         */
        public Builder goFast(Boolean goFast) {
            this.goFast = goFast;
            return this;
        }

        /**
         * Denoising steps ({@code num_inference_steps}; FLUX.2 Flex's {@code steps}): 1–4 on flux-schnell, 1–50 on
         * flux-dev and Flex.
         *
         * @param numInferenceSteps denoising steps
         * @return this builder
         */
        public Builder numInferenceSteps(Integer numInferenceSteps) {
            this.numInferenceSteps = numInferenceSteps;
            return this;
        }

        /**
         * The image format.
         *
         * @param outputFormat the image format
         * @return this builder
         */
        public Builder outputFormat(OutputFormat outputFormat) {
            this.outputFormat = outputFormat;
            return this;
        }

        /**
         * Encoder quality 0–100.
         *
         * @param outputQuality encoder quality, 0–100
         * @return this builder
         */
        public Builder outputQuality(Integer outputQuality) {
            this.outputQuality = outputQuality;
            return this;
        }

        /**
         * Disables the model's safety checker.
         *
         * @param disableSafetyChecker true to disable the model's safety checker
         * @return this builder
         */
        public Builder disableSafetyChecker(Boolean disableSafetyChecker) {
            this.disableSafetyChecker = disableSafetyChecker;
            return this;
        }

        /**
         * The FLUX.2 resolution ({@code resolution}; Klein's {@code output_megapixels}); not with a size on a model that
         * takes an exact one.
         *
         * @param resolution the resolution
         * @return this builder
         */
        public Builder resolution(Resolution resolution) {
            this.resolution = resolution;
            return this;
        }

        /**
         * The guidance scale ({@code guidance}: flux-dev, FLUX.2 Flex, Klein 9B).
         *
         * @param guidance the scale
         * @return this builder
         */
        public Builder guidance(Double guidance) {
            this.guidance = guidance;
            return this;
        }

        /**
         * The safety tolerance ({@code safety_tolerance}: FLUX 1.1 Pro and Ultra 1–6, FLUX.2 1–5; 1 the strictest).
         *
         * @param safetyTolerance the tolerance
         * @return this builder
         */
        public Builder safetyTolerance(Integer safetyTolerance) {
            this.safetyTolerance = safetyTolerance;
            return this;
        }

        /**
         * Automatic prompt improvement ({@code prompt_upsampling}: FLUX 1.1 Pro, FLUX.2 Flex).
         *
         * @param promptUpsampling whether to improve the prompt
         * @return this builder
         */
        public Builder promptUpsampling(Boolean promptUpsampling) {
            this.promptUpsampling = promptUpsampling;
            return this;
        }

        /**
         * FLUX 1.1 Pro Ultra's raw mode ({@code raw}): less processed, more natural-looking images.
         *
         * @param raw whether raw mode is on
         * @return this builder
         */
        public Builder raw(Boolean raw) {
            this.raw = raw;
            return this;
        }

        private ImageRequest template() {
            ImageRequest.Builder b = ImageRequest.builder().model(imageModel).prompt("template");
            if (width != null) {
                if (aspectRatio != null || megapixels != null) {
                    throw new IllegalArgumentException("set either size(width, height) or aspectRatio/megapixels");
                }
                b.size(width, height);
            }
            if (aspectRatio != null) {
                b.aspectRatio(aspectRatio);
            }
            if (megapixels != null) {
                b.megapixels(megapixels);
            }
            if (style != null) {
                b.style(style);
            }
            if (seed != null) {
                b.seed(seed);
            }
            if (goFast != null) {
                b.goFast(goFast);
            }
            if (numInferenceSteps != null) {
                b.numInferenceSteps(numInferenceSteps);
            }
            if (outputFormat != null) {
                b.outputFormat(outputFormat);
            }
            if (outputQuality != null) {
                b.outputQuality(outputQuality);
            }
            if (disableSafetyChecker != null) {
                b.disableSafetyChecker(disableSafetyChecker);
            }
            if (resolution != null) {
                b.resolution(resolution);
            }
            if (guidance != null) {
                b.guidance(guidance);
            }
            if (safetyTolerance != null) {
                b.safetyTolerance(safetyTolerance);
            }
            if (promptUpsampling != null) {
                b.promptUpsampling(promptUpsampling);
            }
            if (raw != null) {
                b.raw(raw);
            }
            return b.build();
        }

        /**
         * {@return the model}
         *
         * @throws IllegalArgumentException when a setting is out of range, or not exactly one of client and apiToken is
         *     set
         */
        public FluxSchnellImageModel build() {
            return new FluxSchnellImageModel(this);
        }
    }
}
