package dev.fluxschnell.sdk.request;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Images from text, on flux-schnell (the default) or another generation model: an immutable, validated value.
 *
 * <p>Settings left unset are not sent: the model's own defaults apply (flux-schnell: 1:1, 1 megapixel, 4 steps, WebP
 * at quality 80, {@code go_fast} on). {@link Builder#build()} refuses what the model would — a setting it does not
 * take, a value out of its range — with a message naming the setting, before any network call or cost; the ranges
 * come from the model's recorded schema ({@link ModelDescription#schema()}).
 *
 * <pre>{@code
 * ImageRequest r = ImageRequest.builder()
 *         .prompt("Red running shoe on a white background")
 *         .aspectRatio(AspectRatio.LANDSCAPE_16_9)
 *         .build();
 * }</pre>
 */
public final class ImageRequest extends BaseRequest implements ModelRequest {
    /** The longest prompt accepted, in characters. The models read far fewer tokens; longer text is a mistake. */
    public static final int MAX_PROMPT_LENGTH = 10_000;
    /** The SDK keys {@link #fromInputs} reads beside the wire names: {@code style} and {@code size}. */
    public static final Set<String> SDK_KEYS = Set.of("style", "size");

    private final ImageModel imageModel;
    private final Style style;

    private ImageRequest(ImageModel imageModel, Map<String, Object> inputs, Style style) {
        super(imageModel.model(), inputs, style == Style.NONE ? Map.of() : Map.of("style", style.value()));
        this.imageModel = imageModel;
        this.style = style;
    }

    /** {@return a new builder (model: flux-schnell)} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@return a flux-schnell request for {@code prompt}, every other setting the model's default}
     *
     * @param prompt the text describing the image
     */
    public static ImageRequest of(String prompt) {
        return builder().prompt(prompt).build();
    }

    /**
     * {@return the request a wire view describes: the model's inputs by their wire names (text as a prompt file
     * writes it is accepted for numbers and booleans), plus the SDK keys {@code style} and {@code size}}
     *
     * @param model a generation model
     * @param inputs the inputs
     * @throws IllegalArgumentException for a key neither the model nor the SDK knows (listing the accepted ones), or a
     *     value the model refuses
     */
    public static ImageRequest fromInputs(Model model, Map<String, ?> inputs) {
        Objects.requireNonNull(inputs, "inputs must not be null");
        Inputs.checkKeys(model, inputs.keySet(), SDK_KEYS);
        Builder b = builder().model(ImageModel.of(model));
        inputs.forEach((k, v) -> b.set(k, Objects.requireNonNull(v, () -> k + " must not be null")));
        return b.build();
    }

    /** {@return a builder holding this request's settings, to derive a variant} */
    public Builder toBuilder() {
        Builder b = builder().model(imageModel).style(style);
        inputs().forEach(b::set);
        return b;
    }

    /** {@return the generation model} */
    public ImageModel imageModel() {
        return imageModel;
    }

    /** {@return the prompt as the user wrote it} */
    @Override
    public String summary() {
        return prompt();
    }

    /** {@return the prompt sent to the model: the user's prompt with the style's suffix} */
    public String sentPrompt() {
        return style.apply(prompt());
    }

    /** {@return the inputs as sent: the prompt with the style's suffix} */
    @Override
    public Map<String, Object> sentInputs() {
        if (style == Style.NONE) {
            return inputs();
        }
        Map<String, Object> sent = new LinkedHashMap<>(inputs());
        sent.put("prompt", sentPrompt());
        return java.util.Collections.unmodifiableMap(sent);
    }

    /** {@return the style preset} */
    public Style style() {
        return style;
    }

    /** {@return the aspect ratio, if set} */
    public Optional<AspectRatio> aspectRatio() {
        return text("aspect_ratio").filter(r -> !r.equals("custom")).map(AspectRatio::of);
    }

    /** {@return the megapixel setting, if set (flux-schnell, flux-dev)} */
    public Optional<Megapixels> megapixels() {
        return text("megapixels").map(Megapixels::of);
    }

    /** {@return the output format, if set} */
    public Optional<OutputFormat> outputFormat() {
        return text("output_format").map(OutputFormat::of);
    }

    /** {@return the encoder quality, 0–100, if set (ignored by the models for PNG)} */
    public OptionalInt outputQuality() {
        return integer("output_quality");
    }

    /** {@return the denoising steps, if set} */
    public OptionalInt numInferenceSteps() {
        return integer("num_inference_steps", "steps");
    }

    /** {@return the guidance scale, if set} */
    public OptionalDouble guidance() {
        return number("guidance");
    }

    /** {@return whether the fast path is on, if set (not deterministic even with a seed)} */
    public Optional<Boolean> goFast() {
        return bool("go_fast");
    }

    /** {@return whether the model's safety checker is disabled, if set} */
    public Optional<Boolean> disableSafetyChecker() {
        return bool("disable_safety_checker");
    }

    /** {@return the FLUX.2 resolution ({@code resolution} or Klein's {@code output_megapixels}), if set} */
    public Optional<Resolution> resolution() {
        return text("resolution", "output_megapixels").map(Resolution::of);
    }

    /** {@return the custom size, when {@code size(width, height)} asked a model that takes one for it} */
    public Optional<InputImage.Dimensions> customSize() {
        return text("aspect_ratio").filter("custom"::equals).map(c -> new InputImage.Dimensions(
                integer("width").orElseThrow(), integer("height").orElseThrow()));
    }

    /** {@return the safety tolerance, if set} */
    public OptionalInt safetyTolerance() {
        return integer("safety_tolerance");
    }

    /** {@return whether the prompt is improved automatically, if set} */
    public Optional<Boolean> promptUpsampling() {
        return bool("prompt_upsampling");
    }

    /** {@return whether Ultra's raw mode (less processed, more natural) is on, if set} */
    public Optional<Boolean> raw() {
        return bool("raw");
    }

    /** {@return the image prompt (FLUX 1.1 Pro and Ultra's Redux), if set} */
    public Optional<InputImage> imagePrompt() {
        return images("image_prompt").stream().findFirst();
    }

    /** Builds an {@link ImageRequest}; not thread-safe. */
    public static final class Builder {
        private ImageModel model = ImageModel.FLUX_SCHNELL;
        private String prompt;
        private Style style = Style.NONE;
        private AspectRatio aspectRatio;
        private Megapixels megapixels;
        private int[] size;
        private OutputFormat outputFormat;
        private Integer outputQuality;
        private Integer numOutputs;
        private Integer numInferenceSteps;
        private Double guidance;
        private Long seed;
        private Boolean goFast;
        private Boolean disableSafetyChecker;
        private Resolution resolution;
        private Integer safetyTolerance;
        private Boolean promptUpsampling;
        private Boolean raw;
        private InputImage imagePrompt;
        private Double imagePromptStrength;
        private final Map<String, Object> extra = new LinkedHashMap<>();

        private Builder() {}

        /** Sets one entry of a wire view (its wire name or SDK key), through the typed setter where there is one. */
        private void set(String key, Object v) {
            switch (key) {
                case "prompt" -> prompt(Inputs.text(v, key));
                case "style" -> style(v instanceof Style s ? s : Style.of(Inputs.text(v, key)));
                case "size" -> {
                    int[] wh = Sizes.parse(Inputs.text(v, key));
                    size = wh;
                }
                case "aspect_ratio" -> {
                    String ratio = Inputs.text(v, key);
                    if (!ratio.equals("custom")) { // a custom size is read from width and height
                        aspectRatio = AspectRatio.of(ratio); // not the setter: a view's conflicts reach build()
                    }
                }
                case "megapixels" -> megapixels = Megapixels.of(Inputs.text(v, key));
                case "output_format" -> outputFormat(OutputFormat.of(Inputs.text(v, key)));
                case "output_quality" -> outputQuality(Inputs.intValue(v, key));
                case "num_outputs" -> numOutputs(Inputs.intValue(v, key));
                case "num_inference_steps", "steps" -> numInferenceSteps(Inputs.intValue(v, key));
                case "guidance" -> guidance(Inputs.doubleValue(v, key));
                case "seed" -> seed(Inputs.longValue(v, key));
                case "go_fast" -> goFast(Inputs.bool(v, key));
                case "disable_safety_checker" -> disableSafetyChecker(Inputs.bool(v, key));
                case "resolution", "output_megapixels" -> resolution = Resolution.of(Inputs.text(v, key));
                case "width", "height" -> customSide(key, Inputs.intValue(v, key));
                case "safety_tolerance" -> safetyTolerance(Inputs.intValue(v, key));
                case "prompt_upsampling" -> promptUpsampling(Inputs.bool(v, key));
                case "raw" -> raw(Inputs.bool(v, key));
                case "image_prompt" -> imagePrompt(Inputs.image(v, key));
                case "image_prompt_strength" -> imagePromptStrength(Inputs.doubleValue(v, key));
                default -> input(key, v);
            }
        }

        /** A custom size's side, read back from a view ({@code aspect_ratio: custom} with width and height). */
        private void customSide(String key, int pixels) {
            int[] s = size == null ? new int[] {0, 0} : size;
            s[key.equals("width") ? 0 : 1] = pixels;
            size = s;
        }

        /**
         * The model (default {@link ImageModel#FLUX_SCHNELL}); a setting it does not take is refused by
         * {@link #build()}.
         *
         * @param model the generation model
         * @return this builder
         */
        public Builder model(ImageModel model) {
            this.model = Objects.requireNonNull(model, "model must not be null");
            return this;
        }

        /**
         * The text describing the image (required, non-blank, at most {@value #MAX_PROMPT_LENGTH} characters).
         *
         * @param prompt the text describing the image
         * @return this builder
         */
        public Builder prompt(String prompt) {
            this.prompt = prompt;
            return this;
        }

        /**
         * The style preset (default {@link Style#NONE}): its suffix is appended to the prompt that is sent.
         *
         * @param style the style preset
         * @return this builder
         */
        public Builder style(Style style) {
            this.style = Objects.requireNonNull(style, "style must not be null");
            return this;
        }

        /**
         * The aspect ratio ({@code aspect_ratio}; flux-schnell's default 1:1).
         *
         * @param aspectRatio the aspect ratio of the images
         * @return this builder
         */
        public Builder aspectRatio(AspectRatio aspectRatio) {
            this.aspectRatio = Objects.requireNonNull(aspectRatio, "aspectRatio must not be null");
            this.size = null;
            return this;
        }

        /**
         * The output format ({@code output_format}; flux-schnell's default WebP).
         *
         * @param outputFormat the image format to return
         * @return this builder
         */
        public Builder outputFormat(OutputFormat outputFormat) {
            this.outputFormat = Objects.requireNonNull(outputFormat, "outputFormat must not be null");
            return this;
        }

        /**
         * Encoder quality 0–100 ({@code output_quality}; flux-schnell's default 80).
         *
         * @param outputQuality encoder quality, 0–100
         * @return this builder
         */
        public Builder outputQuality(int outputQuality) {
            this.outputQuality = outputQuality;
            return this;
        }

        /**
         * Images per prediction ({@code num_outputs}, 1–4 on flux-schnell and flux-dev; default 1).
         *
         * @param numOutputs images per prediction
         * @return this builder
         */
        public Builder numOutputs(int numOutputs) {
            this.numOutputs = numOutputs;
            return this;
        }

        /**
         * Denoising steps ({@code num_inference_steps}: 1–4 on flux-schnell, default 4; 1–50 on flux-dev, default 28).
         *
         * @param numInferenceSteps denoising steps
         * @return this builder
         */
        public Builder numInferenceSteps(int numInferenceSteps) {
            this.numInferenceSteps = numInferenceSteps;
            return this;
        }

        /**
         * Guidance scale ({@code guidance}; flux-dev 0–10, default 3).
         *
         * @param guidance the scale
         * @return this builder
         */
        public Builder guidance(double guidance) {
            this.guidance = guidance;
            return this;
        }

        /**
         * A fixed seed for reproducible output (with {@code goFast(false)} where the model has a fast path); 0 means
         * "random" to flux-schnell, as no seed does.
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Removes a seed set earlier: the model picks a random one.
         *
         * @return this builder
         */
        public Builder randomSeed() {
            this.seed = null;
            return this;
        }

        /**
         * The fp8 fast path ({@code go_fast}; flux-schnell's default on); turn it off for deterministic output with a
         * seed.
         *
         * @param goFast whether the fast path is on
         * @return this builder
         */
        public Builder goFast(boolean goFast) {
            this.goFast = goFast;
            return this;
        }

        /**
         * A size in pixels, for callers that think in sizes. On a model that takes a custom size (FLUX.2 Pro, Max,
         * Flex and Dev; FLUX 1.1 Pro) it is sent exactly — {@code aspect_ratio: custom} with {@code width} and {@code height}, checked against the
         * model's range and grid (multiples of 32 on flux-2-pro, 16 on flux-2-max); on flux-schnell and flux-dev it
         * becomes the nearest aspect ratio (within 15 %) and megapixel setting (within a factor of 2): 1792×1024 → 16:9
         * at 1 MP, 512×512 → 1:1 at 0.25 MP; on the others (Klein, Ultra) the nearest aspect ratio. Replaces an
         * aspect ratio or megapixels set before (setting one of those afterwards replaces the size); with a
         * resolution, only on models without a custom size (Klein: the ratio from the size, the megapixels from the
         * resolution).
         *
         * @param width the wanted width in pixels
         * @param height the wanted height in pixels
         * @return this builder
         * @throws IllegalArgumentException for a size that is not positive
         */
        public Builder size(int width, int height) {
            if (width <= 0 || height <= 0) {
                throw new IllegalArgumentException("size must be positive, was " + width + "x" + height);
            }
            this.size = new int[] {width, height};
            this.aspectRatio = null;
            this.megapixels = null;
            return this;
        }

        /**
         * The megapixel setting ({@code megapixels}; flux-schnell and flux-dev, default 1).
         *
         * @param megapixels the megapixel setting
         * @return this builder
         */
        public Builder megapixels(Megapixels megapixels) {
            this.megapixels = Objects.requireNonNull(megapixels, "megapixels must not be null");
            this.size = null;
            return this;
        }

        /**
         * Disables the model's safety checker ({@code disable_safety_checker}; default false).
         *
         * @param disableSafetyChecker true to disable the model's safety checker
         * @return this builder
         */
        public Builder disableSafetyChecker(boolean disableSafetyChecker) {
            this.disableSafetyChecker = disableSafetyChecker;
            return this;
        }

        /**
         * The FLUX.2 resolution: {@code resolution} ("0.5 MP" … "4 MP", {@code match_input_image}; pro, max, flex) or
         * Klein's {@code output_megapixels} ("0.25" … "4"); default 1 MP. Not with a custom {@link #size}.
         *
         * @param resolution the megapixels
         * @return this builder
         */
        public Builder resolution(Resolution resolution) {
            this.resolution = Objects.requireNonNull(resolution, "resolution must not be null");
            return this;
        }

        /**
         * Safety tolerance ({@code safety_tolerance}; FLUX 1.1 Pro and Ultra 1–6, FLUX.2 1–5; 1 is the strictest,
         * default 2).
         *
         * @param safetyTolerance the tolerance
         * @return this builder
         */
        public Builder safetyTolerance(int safetyTolerance) {
            this.safetyTolerance = safetyTolerance;
            return this;
        }

        /**
         * Automatic prompt improvement ({@code prompt_upsampling}; FLUX 1.1 Pro, FLUX.2 Flex).
         *
         * @param promptUpsampling whether to improve the prompt
         * @return this builder
         */
        public Builder promptUpsampling(boolean promptUpsampling) {
            this.promptUpsampling = promptUpsampling;
            return this;
        }

        /**
         * Ultra's raw mode ({@code raw}): less processed, more natural-looking images.
         *
         * @param raw whether raw mode is on
         * @return this builder
         */
        public Builder raw(boolean raw) {
            this.raw = raw;
            return this;
        }

        /**
         * An image whose composition guides the generation ({@code image_prompt}, Flux Redux; FLUX 1.1 Pro and Ultra).
         *
         * @param imagePrompt the image
         * @return this builder
         */
        public Builder imagePrompt(InputImage imagePrompt) {
            this.imagePrompt = Objects.requireNonNull(imagePrompt, "imagePrompt must not be null");
            return this;
        }

        /**
         * How strongly the image prompt guides the result, 0–1 ({@code image_prompt_strength}; Ultra, default 0.1).
         *
         * @param imagePromptStrength the strength
         * @return this builder
         */
        public Builder imagePromptStrength(double imagePromptStrength) {
            this.imagePromptStrength = imagePromptStrength;
            return this;
        }

        /**
         * An input the SDK has no setter for, by its wire name (e.g. a field newer than this SDK's setters): checked
         * against the model's recorded schema — its name, type and range — when {@link #build()} runs, and written
         * into the sidecar like any other.
         *
         * @param wireName the input's name in the model's schema
         * @param value its value: text, a number, a boolean, or an image
         * @return this builder
         */
        public Builder input(String wireName, Object value) {
            extra.put(Objects.requireNonNull(wireName, "wireName must not be null"),
                    Objects.requireNonNull(value, "value must not be null"));
            return this;
        }

        /**
         * Validates and builds the request.
         *
         * @return the validated request
         * @throws IllegalStateException when the prompt was never set
         * @throws IllegalArgumentException naming the setting, the model and the allowed range when a value does not
         *     fit, or the setting when the model does not take it
         */
        public ImageRequest build() {
            if (prompt == null) {
                throw new IllegalStateException("prompt is required: call prompt(\"...\") before build()");
            }
            Checks.prompt(prompt, MAX_PROMPT_LENGTH);
            Inputs in = new Inputs(model.model());
            String ratio = aspectRatio == null ? null : aspectRatio.value();
            Megapixels mp = megapixels;
            Resolution res = resolution;
            Integer width = null;
            Integer height = null;
            boolean hasImage = imagePrompt != null || extra.containsKey("input_images") || extra.containsKey("images");
            if (!hasImage && (aspectRatio == AspectRatio.MATCH_INPUT_IMAGE
                    || resolution == Resolution.MATCH_INPUT_IMAGE)) {
                throw new IllegalArgumentException("match_input_image needs an input image: a generation has none ("
                        + "edit with EditRequest to keep a source's shape), for " + model.model());
            }
            if (size != null) {
                if (aspectRatio != null || megapixels != null) {
                    throw new IllegalArgumentException("give either a size (width and height) or an aspect ratio/"
                            + "megapixels, not both, for " + model.model());
                }
                if (Sizes.takesCustom(in.schema())) {
                    if (resolution != null) {
                        throw new IllegalArgumentException("give either a size (width and height) or a resolution, not "
                                + "both, for " + model.model());
                    }
                    ratio = "custom";
                    width = size[0];
                    height = size[1];
                } else {
                    ratio = Sizes.nearestRatio(size[0], size[1], model.model(), in.schema()).value();
                    mp = in.takes("megapixels") ? Sizes.nearestMegapixels(size[0], size[1], model.model()) : null;
                    if (res == null && in.takes("output_megapixels")) { // Klein: billed by the megapixel
                        res = Sizes.nearestResolution(size[0], size[1], in.schema());
                    }
                }
            }
            in.put("prompt", prompt, "prompt")
                    .put("aspectRatio", ratio, "aspect_ratio")
                    .put("size", width, "width")
                    .put("size", height, "height")
                    .put("megapixels", mp == null ? null : mp.value(), "megapixels")
                    .put("resolution", res == null ? null : in.takes("resolution") ? res.value()
                            : res.number(), "resolution", "output_megapixels")
                    .put("safetyTolerance", safetyTolerance, "safety_tolerance")
                    .put("promptUpsampling", promptUpsampling, "prompt_upsampling")
                    .put("raw", raw, "raw")
                    .put("imagePrompt", imagePrompt, "image_prompt")
                    .put("imagePromptStrength", imagePromptStrength, "image_prompt_strength")
                    .put("numOutputs", numOutputs, "num_outputs")
                    .put("numInferenceSteps", numInferenceSteps, "num_inference_steps", "steps")
                    .put("guidance", guidance, "guidance")
                    .put("seed", seed, "seed")
                    .put("outputFormat", outputFormat == null ? null : outputFormat.value(), "output_format")
                    .put("outputQuality", outputQuality, "output_quality")
                    .put("goFast", goFast, "go_fast")
                    .put("disableSafetyChecker", disableSafetyChecker, "disable_safety_checker")
                    .extra(extra);
            return new ImageRequest(model, in.build(), style);
        }
    }

    /** Sizes in pixels, as {@code WIDTHxHEIGHT} and as a model's aspect ratio and megapixels. */
    static final class Sizes {
        private Sizes() {}

        /** {@code WIDTHxHEIGHT} (also with {@code X} or {@code ×}) as two ints. */
        static int[] parse(String s) {
            String[] parts = s.strip().split("[xX×]", -1);
            if (parts.length != 2) {
                throw new IllegalArgumentException("size must be WIDTHxHEIGHT, e.g. 1024x768, was '" + s + "'");
            }
            try {
                return new int[] {Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip())};
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("size must be WIDTHxHEIGHT in whole pixels, was '" + s + "'");
            }
        }

        /** Whether a model takes an exact size: {@code aspect_ratio: custom} with {@code width} and {@code height}. */
        static boolean takesCustom(ModelSchema schema) {
            return schema.field("width").isPresent() && schema.field("aspect_ratio")
                    .map(f -> f.choices().contains("custom")).orElse(false);
        }

        static AspectRatio nearestRatio(int width, int height, Model model, ModelSchema schema) {
            java.util.List<AspectRatio> allowed = java.util.Arrays.stream(AspectRatio.values()).filter(r -> schema
                    .field("aspect_ratio").map(f -> f.choices().contains(r.value())).orElse(false)).toList();
            return AspectRatio.nearest(width, height, allowed).orElseThrow(() -> new IllegalArgumentException("size "
                    + width + "x" + height + " has no close aspect ratio on " + model + ": it takes "
                    + String.join(", ", allowed.stream().map(AspectRatio::value).toList()) + ", and a size must be "
                    + "within 15% of one"));
        }

        /** The resolution among the schema's {@code output_megapixels} choices nearest to a size's pixel count. */
        static Resolution nearestResolution(int width, int height, ModelSchema schema) {
            double mp = (double) width * height / 1_000_000;
            Resolution best = Resolution.MP_1;
            for (String choice : schema.field("output_megapixels").map(InputField::choices).orElse(List.of())) {
                Resolution r = Resolution.of(choice);
                if (Math.abs(Math.log(r.megapixels() / mp)) < Math.abs(Math.log(best.megapixels() / mp))) {
                    best = r;
                }
            }
            return best;
        }

        static Megapixels nearestMegapixels(int width, int height, Model model) {
            return Megapixels.nearest((long) width * height).orElseThrow(() -> new IllegalArgumentException(
                    String.format(Locale.ROOT, "size %dx%d is %.2f megapixels; %s makes images of about 0.25 or 1"
                            + " megapixel, so sizes from 0.125 to 2 megapixels are accepted", width, height,
                            (double) width * height / Megapixels.ONE.pixels(), model)));
        }
    }
}
