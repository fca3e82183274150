package dev.fluxschnell.sdk.request;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;

/**
 * An edit of an existing image from a prompt: an instruction edit with FLUX Kontext ("the same bag in red", "remove the
 * price tag", "on a marble table") or image to image with flux-dev (a new image close to the source, as close as
 * {@code strength} says). Immutable and validated: a setting the chosen model does not take, or a value out of its
 * range, fails {@link Builder#build()} with a message naming it.
 *
 * <pre>{@code
 * EditRequest edit = EditRequest.builder()
 *         .image(InputImage.of(Path.of("sneaker.jpg")))
 *         .prompt("the same sneaker in red, on a marble table")
 *         .build();                                   // Kontext Pro; client.generate(edit)
 * }</pre>
 *
 * Settings left unset are not sent: the model's own defaults apply (Kontext: the output keeps the source's aspect
 * ratio; Kontext Pro answers PNG, the others WebP).
 */
public final class EditRequest extends BaseRequest implements ModelRequest {
    /** The SDK keys {@link #fromInputs} reads beside the wire names: {@code size} ({@code WIDTHxHEIGHT}). */
    public static final Set<String> SDK_KEYS = Set.of("size");
    /** The wire names of a model's one source image, in the order they are looked for. */
    static final String[] IMAGE = {"input_image", "image"};
    /** The wire names of a model's list of images, in the order they are looked for. */
    static final String[] IMAGES = {"input_images", "images"};

    private final EditModel editModel;

    private EditRequest(EditModel editModel, Map<String, Object> inputs) {
        super(editModel.model(), inputs, Map.of());
        this.editModel = editModel;
    }

    /** {@return a new builder (model: Kontext Pro)} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@return an instruction edit of {@code image} with Kontext Pro, every other setting the model's default}
     *
     * @param image the image to edit
     * @param prompt the instruction, e.g. "make the bag red"
     * @throws IllegalArgumentException when the prompt is blank or too long
     */
    public static EditRequest of(InputImage image, String prompt) {
        return builder().image(image).prompt(prompt).build();
    }

    /**
     * {@return the edit a wire view describes: the model's inputs by their wire names (images as {@link InputImage}s,
     * https URLs or {@code data:} URIs; text for numbers and booleans)}
     *
     * @param model an edit model
     * @param inputs the inputs
     * @throws IllegalArgumentException for a key the model does not take (listing the accepted ones), or a value it
     *     refuses
     */
    public static EditRequest fromInputs(Model model, Map<String, ?> inputs) {
        Objects.requireNonNull(inputs, "inputs must not be null");
        Inputs.checkKeys(model, inputs.keySet(), SDK_KEYS);
        Builder b = builder().model(EditModel.of(model));
        inputs.forEach((k, v) -> b.set(k, Objects.requireNonNull(v, () -> k + " must not be null")));
        return b.build();
    }

    /** {@return a builder holding this request's settings, to derive a variant} */
    public Builder toBuilder() {
        Builder b = builder().model(editModel);
        inputs().forEach(b::set);
        return b;
    }

    /** {@return the edit model} */
    public EditModel editModel() {
        return editModel;
    }

    /** {@return the image to edit (the first image)} */
    public InputImage image() {
        return images().get(0);
    }

    /** {@return every image the edit reads, in order: the image to edit, then its references} */
    public List<InputImage> images() {
        List<InputImage> list = images(IMAGES);
        return list.isEmpty() ? images(IMAGE) : list;
    }

    /** {@return the aspect ratio, if set (unset: the model's default; Kontext keeps the source's)} */
    public Optional<AspectRatio> aspectRatio() {
        return text("aspect_ratio").filter(r -> !r.equals("custom")).map(AspectRatio::of);
    }

    /** {@return the FLUX.2 resolution ({@code resolution} or Klein's {@code output_megapixels}), if set} */
    public Optional<Resolution> resolution() {
        return text("resolution", "output_megapixels").map(Resolution::of);
    }

    /** {@return the custom size, when {@code size(width, height)} asked a FLUX.2 model for it} */
    public Optional<InputImage.Dimensions> customSize() {
        return text("aspect_ratio").filter("custom"::equals).map(c -> new InputImage.Dimensions(
                integer("width").orElseThrow(), integer("height").orElseThrow()));
    }

    /** {@return the output format, if set (unset: the model's default)} */
    public Optional<OutputFormat> outputFormat() {
        return text("output_format").map(OutputFormat::of);
    }

    /** {@return the encoder quality, if set} */
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

    /** {@return how far flux-dev may move away from the source (prompt_strength), if set} */
    public OptionalDouble strength() {
        return number("prompt_strength");
    }

    /** {@return whether the fast path is on, if set} */
    public Optional<Boolean> goFast() {
        return bool("go_fast");
    }

    /** {@return whether the safety checker is off, if set} */
    public Optional<Boolean> disableSafetyChecker() {
        return bool("disable_safety_checker");
    }

    /** {@return the safety tolerance, if set} */
    public OptionalInt safetyTolerance() {
        return integer("safety_tolerance");
    }

    /** {@return whether the prompt is improved automatically, if set} */
    public Optional<Boolean> promptUpsampling() {
        return bool("prompt_upsampling");
    }

    /** {@return the prompt} */
    @Override
    public String summary() {
        return prompt();
    }

    /** Builds an {@link EditRequest}; not thread-safe. */
    public static final class Builder {
        private EditModel model = EditModel.KONTEXT_PRO;
        private InputImage image;
        private final List<InputImage> references = new ArrayList<>();
        private String prompt;
        private AspectRatio aspectRatio;
        private Long seed;
        private OutputFormat outputFormat;
        private Integer outputQuality;
        private Integer numInferenceSteps;
        private Double guidance;
        private Double strength;
        private Integer numOutputs;
        private Boolean goFast;
        private Boolean disableSafetyChecker;
        private Integer safetyTolerance;
        private Boolean promptUpsampling;
        private Resolution resolution;
        private int[] size;
        private final Map<String, Object> extra = new LinkedHashMap<>();

        private Builder() {}

        /** Sets one entry of a wire view, through the typed setter where there is one. */
        private void set(String key, Object v) {
            switch (key) {
                case "prompt" -> prompt(Inputs.text(v, key));
                case "input_image", "image" -> image(Inputs.image(v, key));
                case "input_images", "images" -> {
                    List<InputImage> all = Inputs.images(v, key);
                    if (!all.isEmpty()) {
                        image(all.get(0));
                        references.clear();
                        all.subList(1, all.size()).forEach(this::reference);
                    }
                }
                case "aspect_ratio" -> {
                    String ratio = Inputs.text(v, key);
                    if (!ratio.equals("custom")) { // a custom size is read from width and height
                        aspectRatio = AspectRatio.of(ratio); // not the setter: a view's conflicts reach build()
                    }
                }
                case "size" -> {
                    int[] wh = ImageRequest.Sizes.parse(Inputs.text(v, key));
                    size = wh;
                }
                case "width", "height" -> {
                    int[] s = size == null ? new int[] {0, 0} : size;
                    s[key.equals("width") ? 0 : 1] = Inputs.intValue(v, key);
                    size = s;
                }
                case "resolution", "output_megapixels" -> resolution = Resolution.of(Inputs.text(v, key));
                case "seed" -> seed(Inputs.longValue(v, key));
                case "output_format" -> outputFormat(OutputFormat.of(Inputs.text(v, key)));
                case "output_quality" -> outputQuality(Inputs.intValue(v, key));
                case "num_inference_steps", "steps" -> numInferenceSteps(Inputs.intValue(v, key));
                case "guidance" -> guidance(Inputs.doubleValue(v, key));
                case "prompt_strength" -> strength(Inputs.doubleValue(v, key));
                case "num_outputs" -> numOutputs(Inputs.intValue(v, key));
                case "go_fast" -> goFast(Inputs.bool(v, key));
                case "disable_safety_checker" -> disableSafetyChecker(Inputs.bool(v, key));
                case "safety_tolerance" -> safetyTolerance(Inputs.intValue(v, key));
                case "prompt_upsampling" -> promptUpsampling(Inputs.bool(v, key));
                default -> input(key, v);
            }
        }

        /**
         * The model (default {@link EditModel#KONTEXT_PRO}).
         *
         * @param model the edit model
         * @return this builder
         */
        public Builder model(EditModel model) {
            this.model = Objects.requireNonNull(model, "model must not be null");
            return this;
        }

        /**
         * The image to edit (required).
         *
         * @param image the source image
         * @return this builder
         */
        public Builder image(InputImage image) {
            this.image = Objects.requireNonNull(image, "image must not be null");
            return this;
        }

        /**
         * A further reference image, after the image to edit and the references added before it (models that take
         * several images; the others refuse it at {@link #build()}).
         *
         * @param reference the image
         * @return this builder
         */
        public Builder reference(InputImage reference) {
            references.add(Objects.requireNonNull(reference, "reference must not be null"));
            return this;
        }

        /**
         * The instruction ("make the bag red") or, for flux-dev, the prompt of the new image (required).
         *
         * @param prompt the text
         * @return this builder
         */
        public Builder prompt(String prompt) {
            this.prompt = Objects.requireNonNull(prompt, "prompt must not be null");
            return this;
        }

        /**
         * The aspect ratio of the result ({@code aspect_ratio}; Kontext's default: the source image's). flux-dev keeps
         * the source's.
         *
         * @param aspectRatio the ratio
         * @return this builder
         */
        public Builder aspectRatio(AspectRatio aspectRatio) {
            this.aspectRatio = Objects.requireNonNull(aspectRatio, "aspectRatio must not be null");
            this.size = null;
            return this;
        }

        /**
         * A fixed seed ({@code seed}).
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * The output format ({@code output_format}; Kontext Pro: PNG or JPG; the others WebP, JPG or PNG).
         *
         * @param outputFormat the format
         * @return this builder
         */
        public Builder outputFormat(OutputFormat outputFormat) {
            this.outputFormat = Objects.requireNonNull(outputFormat, "outputFormat must not be null");
            return this;
        }

        /**
         * Encoder quality 0–100 ({@code output_quality}; Kontext Dev, flux-dev).
         *
         * @param outputQuality the quality
         * @return this builder
         */
        public Builder outputQuality(int outputQuality) {
            this.outputQuality = outputQuality;
            return this;
        }

        /**
         * Denoising steps ({@code num_inference_steps}: Kontext Dev 4–50, default 28; flux-dev 1–50, default 28).
         *
         * @param numInferenceSteps the steps
         * @return this builder
         */
        public Builder numInferenceSteps(int numInferenceSteps) {
            this.numInferenceSteps = numInferenceSteps;
            return this;
        }

        /**
         * Guidance scale ({@code guidance}: Kontext Dev 0–10, default 2.5; flux-dev 0–10, default 3).
         *
         * @param guidance the scale
         * @return this builder
         */
        public Builder guidance(double guidance) {
            this.guidance = guidance;
            return this;
        }

        /**
         * How far flux-dev may move from the source, 0–1 ({@code prompt_strength}, default 0.8; 1 ignores the source).
         *
         * @param strength the strength
         * @return this builder
         */
        public Builder strength(double strength) {
            this.strength = strength;
            return this;
        }

        /**
         * Images per prediction ({@code num_outputs}, 1–4 on flux-dev; Kontext makes one).
         *
         * @param numOutputs the number of images
         * @return this builder
         */
        public Builder numOutputs(int numOutputs) {
            this.numOutputs = numOutputs;
            return this;
        }

        /**
         * The fast path ({@code go_fast}; Kontext Dev, default on).
         *
         * @param goFast whether to go fast
         * @return this builder
         */
        public Builder goFast(boolean goFast) {
            this.goFast = goFast;
            return this;
        }

        /**
         * Turns the safety checker off ({@code disable_safety_checker}; Kontext Dev, flux-dev).
         *
         * @param disableSafetyChecker whether to disable it
         * @return this builder
         */
        public Builder disableSafetyChecker(boolean disableSafetyChecker) {
            this.disableSafetyChecker = disableSafetyChecker;
            return this;
        }

        /**
         * Safety tolerance ({@code safety_tolerance}; Kontext Pro: 0–2 with an input image, 0 the strictest, default
         * 2).
         *
         * @param safetyTolerance the tolerance
         * @return this builder
         */
        public Builder safetyTolerance(int safetyTolerance) {
            this.safetyTolerance = safetyTolerance;
            return this;
        }

        /**
         * Automatic prompt improvement ({@code prompt_upsampling}; Kontext Pro, default off).
         *
         * @param promptUpsampling whether to improve the prompt
         * @return this builder
         */
        public Builder promptUpsampling(boolean promptUpsampling) {
            this.promptUpsampling = promptUpsampling;
            return this;
        }

        /**
         * The FLUX.2 resolution: {@code resolution} ("0.5 MP" … "4 MP", {@code match_input_image}) or Klein's
         * {@code output_megapixels}; default 1 MP.
         *
         * @param resolution the megapixels
         * @return this builder
         */
        public Builder resolution(Resolution resolution) {
            this.resolution = Objects.requireNonNull(resolution, "resolution must not be null");
            return this;
        }

        /**
         * An exact output size on FLUX.2 ({@code aspect_ratio: custom} with {@code width} and {@code height}, checked
         * against the model's range and grid: multiples of 32 on flux-2-pro, 16 on flux-2-max). Replaces an aspect
         * ratio set before (setting one afterwards replaces the size); not with a resolution.
         *
         * @param width the width in pixels
         * @param height the height in pixels
         * @return this builder
         */
        public Builder size(int width, int height) {
            if (width <= 0 || height <= 0) {
                throw new IllegalArgumentException("size must be positive, was " + width + "x" + height);
            }
            this.size = new int[] {width, height};
            this.aspectRatio = null;
            return this;
        }

        /**
         * An input the SDK has no setter for, by its wire name: checked against the model's recorded schema — its
         * name, type and range — when {@link #build()} runs, and written into the sidecar like any other.
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
         * @return the request
         * @throws IllegalStateException when the image or the prompt is missing
         * @throws IllegalArgumentException naming a setting the model does not take, or a value out of its range
         */
        public EditRequest build() {
            if (image == null) {
                throw new IllegalStateException("image is required: call image(InputImage.of(...))");
            }
            if (prompt == null) {
                throw new IllegalStateException("prompt is required: call prompt(\"...\")");
            }
            Checks.prompt(prompt, ImageRequest.MAX_PROMPT_LENGTH);
            Inputs in = new Inputs(model.model());
            if (in.takes(IMAGES)) {
                List<InputImage> all = new ArrayList<>();
                all.add(image);
                all.addAll(references);
                in.put("image", all, IMAGES);
            } else {
                if (!references.isEmpty()) {
                    throw new IllegalArgumentException(model.model() + " edits one image; reference(...) is for "
                            + "models that take several");
                }
                in.put("image", image, IMAGE);
            }
            if (safetyTolerance != null && in.schema().field("safety_tolerance").map(f -> f.description()
                    .contains("2 is currently the maximum allowed when input images are used")).orElse(false)) {
                Checks.range("safetyTolerance (with an input image)", safetyTolerance, 0, 2); // the field's description
            }
            String ratio = aspectRatio == null ? null : aspectRatio.value();
            if (size != null) {
                if (aspectRatio != null || resolution != null) {
                    throw new IllegalArgumentException("give either a size (width and height) or an aspect ratio/"
                            + "resolution, not both, for " + model.model());
                }
                if (!ImageRequest.Sizes.takesCustom(in.schema())) {
                    throw new IllegalArgumentException("size is not an input of " + model.model() + ": it keeps the "
                            + "source's size, or takes an aspect ratio");
                }
                ratio = "custom";
            } else if (ratio == null && in.schema().field("aspect_ratio").map(f -> f.choices()
                    .contains("match_input_image") && !f.defaultValue().map("match_input_image"::equals)
                    .orElse(false)).orElse(false)) {
                ratio = "match_input_image"; // an edit keeps its source's shape (FLUX.2's own default is 1:1)
            }
            in.put("prompt", prompt, "prompt")
                    .put("aspectRatio", ratio, "aspect_ratio")
                    .put("size", size == null ? null : size[0], "width")
                    .put("size", size == null ? null : size[1], "height")
                    .put("resolution", resolution == null ? null : in.takes("resolution") ? resolution.value()
                            : resolution.number(), "resolution", "output_megapixels")
                    .put("seed", seed, "seed")
                    .put("outputFormat", outputFormat == null ? null : outputFormat.value(), "output_format")
                    .put("outputQuality", outputQuality, "output_quality")
                    .put("numInferenceSteps", numInferenceSteps, "num_inference_steps", "steps")
                    .put("guidance", guidance, "guidance")
                    .put("strength", strength, "prompt_strength")
                    .put("numOutputs", numOutputs, "num_outputs")
                    .put("goFast", goFast, "go_fast")
                    .put("disableSafetyChecker", disableSafetyChecker, "disable_safety_checker")
                    .put("safetyTolerance", safetyTolerance, "safety_tolerance")
                    .put("promptUpsampling", promptUpsampling, "prompt_upsampling")
                    .extra(extra);
            return new EditRequest(model, in.build());
        }
    }
}
