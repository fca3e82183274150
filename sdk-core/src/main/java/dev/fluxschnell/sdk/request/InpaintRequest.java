package dev.fluxschnell.sdk.request;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Repaints part of an image from a prompt with FLUX Fill: the mask's white area is painted anew, its black area kept
 * ("remove the price tag", "a wooden table instead of the floor"); or, with Fill Pro, the image is extended
 * ({@link Builder#outpaint}); or the image carries the mask in its alpha channel ({@link Builder#maskInAlpha()}:
 * transparent pixels are repainted). The mask must have the image's size in pixels — checked before anything is sent
 * when both are local. Immutable and validated like {@link EditRequest}.
 *
 * <pre>{@code
 * InpaintRequest fix = InpaintRequest.builder()
 *         .image(InputImage.of(Path.of("bag.png")))
 *         .mask(InputImage.of(Path.of("bag-tag-mask.png")))
 *         .prompt("plain leather, no label")
 *         .build();                                   // Fill Pro; client.generate(fix)
 * }</pre>
 */
public final class InpaintRequest extends BaseRequest implements ModelRequest {
    /** The SDK keys {@link #fromInputs} reads beside the wire names: none. */
    public static final Set<String> SDK_KEYS = Set.of();

    private final InpaintModel inpaintModel;

    private InpaintRequest(InpaintModel inpaintModel, Map<String, Object> inputs) {
        super(inpaintModel.model(), inputs, Map.of());
        this.inpaintModel = inpaintModel;
    }

    /** {@return a new builder (model: Fill Pro)} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@return an inpainting of {@code image} where {@code mask} is white, with Fill Pro}
     *
     * @param image the image to repaint
     * @param mask the mask, of the image's size: white repaints, black keeps
     * @param prompt what to paint
     */
    public static InpaintRequest of(InputImage image, InputImage mask, String prompt) {
        return builder().image(image).mask(mask).prompt(prompt).build();
    }

    /**
     * {@return the inpainting a wire view describes: the model's inputs by their wire names (images as
     * {@link InputImage}s, https URLs or {@code data:} URIs; text for numbers and booleans)}
     *
     * @param model an inpainting model
     * @param inputs the inputs
     * @throws IllegalArgumentException for a key the model does not take (listing the accepted ones), or a value it
     *     refuses
     */
    public static InpaintRequest fromInputs(Model model, Map<String, ?> inputs) {
        Objects.requireNonNull(inputs, "inputs must not be null");
        Inputs.checkKeys(model, inputs.keySet(), SDK_KEYS);
        Builder b = builder().model(InpaintModel.of(model));
        inputs.forEach((k, v) -> b.set(k, Objects.requireNonNull(v, () -> k + " must not be null")));
        return b.viewRead().build();
    }

    /** {@return a builder holding this request's settings, to derive a variant} */
    public Builder toBuilder() {
        Builder b = builder().model(inpaintModel);
        inputs().forEach(b::set);
        return b.viewRead();
    }

    /** {@return the inpainting model} */
    public InpaintModel inpaintModel() {
        return inpaintModel;
    }

    /** {@return the image to repaint} */
    public InputImage image() {
        return images("image").get(0);
    }

    /** {@return the mask, unless the request outpaints} */
    public Optional<InputImage> mask() {
        return images("mask").stream().findFirst();
    }

    /** {@return how the image is extended, if it is outpainted} */
    public Optional<Outpaint> outpaint() {
        return text("outpaint").map(Outpaint::of);
    }

    /** {@return the denoising steps, if set} */
    public OptionalInt numInferenceSteps() {
        return integer("steps", "num_inference_steps");
    }

    /** {@return the guidance scale, if set} */
    public OptionalDouble guidance() {
        return number("guidance");
    }

    /** {@return the safety tolerance, if set} */
    public OptionalInt safetyTolerance() {
        return integer("safety_tolerance");
    }

    /** {@return whether the prompt is improved automatically, if set} */
    public Optional<Boolean> promptUpsampling() {
        return bool("prompt_upsampling");
    }

    /** {@return the output format, if set} */
    public Optional<OutputFormat> outputFormat() {
        return text("output_format").map(OutputFormat::of);
    }

    /** {@return the encoder quality, if set} */
    public OptionalInt outputQuality() {
        return integer("output_quality");
    }

    /** {@return the megapixel setting, if set} */
    public Optional<Megapixels> megapixels() {
        return text("megapixels").filter(v -> !v.equals(MATCH_INPUT)).map(Megapixels::of);
    }

    /** {@return whether the result keeps the source's size (Fill Dev's {@code megapixels: match_input})} */
    public boolean matchInputSize() {
        return text("megapixels").filter(MATCH_INPUT::equals).isPresent();
    }

    /** {@return whether the safety checker is off, if set} */
    public Optional<Boolean> disableSafetyChecker() {
        return bool("disable_safety_checker");
    }

    /** {@return whether the image carries the mask in its alpha channel: no mask and no outpainting} */
    public boolean maskInAlpha() {
        return mask().isEmpty() && outpaint().isEmpty();
    }

    /** {@return the prompt} */
    @Override
    public String summary() {
        return prompt();
    }

    /**
     * Checks that a mask has its image's pixel size, when both sizes are known: {@link Builder#build()} does it for
     * local images, the client again once images read back from storage are known.
     *
     * @param image the image's size, or null when unknown
     * @param mask the mask's size, or null when unknown
     * @throws IllegalArgumentException giving both sizes
     */
    public static void checkMaskSize(InputImage.Dimensions image, InputImage.Dimensions mask) {
        Checks.maskSize(image, mask);
    }

    /** Fill Dev's {@code megapixels} value that keeps the source's size. */
    private static final String MATCH_INPUT = "match_input";

    /** Builds an {@link InpaintRequest}; not thread-safe. */
    public static final class Builder {
        private InpaintModel model = InpaintModel.FILL_PRO;
        private InputImage image;
        private InputImage mask;
        private Outpaint outpaint;
        private String prompt;
        private Long seed;
        private Integer numInferenceSteps;
        private Double guidance;
        private Integer safetyTolerance;
        private Boolean promptUpsampling;
        private OutputFormat outputFormat;
        private Integer outputQuality;
        private Integer numOutputs;
        private Megapixels megapixels;
        private Boolean matchInputSize;
        private Boolean disableSafetyChecker;
        private boolean maskInAlpha;
        private final Map<String, Object> extra = new LinkedHashMap<>();

        private Builder() {}

        /** Sets one entry of a wire view, through the typed setter where there is one. */
        private void set(String key, Object v) {
            switch (key) {
                case "prompt" -> prompt(Inputs.text(v, key));
                case "image" -> image(Inputs.image(v, key));
                case "mask" -> mask(Inputs.image(v, key));
                case "outpaint" -> {
                    String o = Inputs.text(v, key);
                    if (!o.equals("None")) { // the model's "no outpainting"
                        outpaint(Outpaint.of(o));
                    }
                }
                case "seed" -> seed(Inputs.longValue(v, key));
                case "steps", "num_inference_steps" -> numInferenceSteps(Inputs.intValue(v, key));
                case "guidance" -> guidance(Inputs.doubleValue(v, key));
                case "safety_tolerance" -> safetyTolerance(Inputs.intValue(v, key));
                case "prompt_upsampling" -> promptUpsampling(Inputs.bool(v, key));
                case "output_format" -> outputFormat(OutputFormat.of(Inputs.text(v, key)));
                case "output_quality" -> outputQuality(Inputs.intValue(v, key));
                case "num_outputs" -> numOutputs(Inputs.intValue(v, key));
                case "megapixels" -> {
                    String mp = Inputs.text(v, key);
                    if (mp.equals(MATCH_INPUT)) {
                        matchInputSize(true);
                    } else {
                        megapixels(Megapixels.of(mp));
                    }
                }
                case "disable_safety_checker" -> disableSafetyChecker(Inputs.bool(v, key));
                default -> input(key, v);
            }
        }

        /** After a whole view was set: one without a mask or outpainting has the mask in the image's alpha. */
        private Builder viewRead() {
            maskInAlpha = mask == null && outpaint == null;
            return this;
        }

        /**
         * The model (default {@link InpaintModel#FILL_PRO}).
         *
         * @param model the inpainting model
         * @return this builder
         */
        public Builder model(InpaintModel model) {
            this.model = Objects.requireNonNull(model, "model must not be null");
            return this;
        }

        /**
         * The image to repaint (required).
         *
         * @param image the source image
         * @return this builder
         */
        public Builder image(InputImage image) {
            this.image = Objects.requireNonNull(image, "image must not be null");
            return this;
        }

        /**
         * The mask: the image's size in pixels, white where to repaint, black where to keep (required unless
         * outpainting).
         *
         * @param mask the mask image
         * @return this builder
         */
        public Builder mask(InputImage mask) {
            this.mask = Objects.requireNonNull(mask, "mask must not be null");
            return this;
        }

        /**
         * Extends the image instead of repainting a masked area ({@code outpaint}, Fill Pro; no mask then).
         *
         * @param outpaint how to extend it
         * @return this builder
         */
        public Builder outpaint(Outpaint outpaint) {
            this.outpaint = Objects.requireNonNull(outpaint, "outpaint must not be null");
            return this;
        }

        /**
         * What to paint (required).
         *
         * @param prompt the text
         * @return this builder
         */
        public Builder prompt(String prompt) {
            this.prompt = Objects.requireNonNull(prompt, "prompt must not be null");
            return this;
        }

        /**
         * A fixed seed.
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Denoising steps (Fill Pro {@code steps} 15–50, default 50; Fill Dev {@code num_inference_steps} 1–50, default
         * 28).
         *
         * @param numInferenceSteps the steps
         * @return this builder
         */
        public Builder numInferenceSteps(int numInferenceSteps) {
            this.numInferenceSteps = numInferenceSteps;
            return this;
        }

        /**
         * Guidance scale ({@code guidance}; Fill Pro 1.5–100, default 60; Fill Dev 0–100, default 30).
         *
         * @param guidance the scale
         * @return this builder
         */
        public Builder guidance(double guidance) {
            this.guidance = guidance;
            return this;
        }

        /**
         * Safety tolerance 1–6 (Fill Pro; 1 is the strictest, default 2).
         *
         * @param safetyTolerance the tolerance
         * @return this builder
         */
        public Builder safetyTolerance(int safetyTolerance) {
            this.safetyTolerance = safetyTolerance;
            return this;
        }

        /**
         * Automatic prompt improvement (Fill Pro; default off).
         *
         * @param promptUpsampling whether to improve the prompt
         * @return this builder
         */
        public Builder promptUpsampling(boolean promptUpsampling) {
            this.promptUpsampling = promptUpsampling;
            return this;
        }

        /**
         * The output format (Fill Pro: JPG or PNG; Fill Dev: WebP, JPG or PNG).
         *
         * @param outputFormat the format
         * @return this builder
         */
        public Builder outputFormat(OutputFormat outputFormat) {
            this.outputFormat = Objects.requireNonNull(outputFormat, "outputFormat must not be null");
            return this;
        }

        /**
         * Encoder quality 0–100 (Fill Dev).
         *
         * @param outputQuality the quality
         * @return this builder
         */
        public Builder outputQuality(int outputQuality) {
            this.outputQuality = outputQuality;
            return this;
        }

        /**
         * Images per prediction, 1–4 (Fill Dev; Fill Pro makes one).
         *
         * @param numOutputs the number of images
         * @return this builder
         */
        public Builder numOutputs(int numOutputs) {
            this.numOutputs = numOutputs;
            return this;
        }

        /**
         * The result's size in megapixels (Fill Dev; default 1).
         *
         * @param megapixels the megapixels
         * @return this builder
         */
        public Builder megapixels(Megapixels megapixels) {
            this.megapixels = Objects.requireNonNull(megapixels, "megapixels must not be null");
            return this;
        }

        /**
         * Keeps the source's size (Fill Dev's {@code megapixels: match_input}: fitted inside 1440×1440, sides floored
         * to multiples of 32) instead of a megapixel count; not with {@link #megapixels(Megapixels)}.
         *
         * @param matchInputSize whether the result keeps the source's size
         * @return this builder
         */
        public Builder matchInputSize(boolean matchInputSize) {
            this.matchInputSize = matchInputSize;
            return this;
        }

        /**
         * Turns the safety checker off (Fill Dev).
         *
         * @param disableSafetyChecker whether to disable it
         * @return this builder
         */
        public Builder disableSafetyChecker(boolean disableSafetyChecker) {
            this.disableSafetyChecker = disableSafetyChecker;
            return this;
        }

        /**
         * The image carries the mask in its alpha channel, as both Fill models read it ("Can contain an alpha mask"):
         * transparent pixels are repainted, no separate mask is sent. Not with {@link #mask} or {@link #outpaint}; a
         * JPEG, which has no alpha channel, is refused.
         *
         * @return this builder
         */
        public Builder maskInAlpha() {
            this.maskInAlpha = true;
            return this;
        }

        /**
         * An input the SDK has no setter for, by its wire name (e.g. Fill Dev's {@code lora_weights}): checked against
         * the model's recorded schema — its name, type and range — when {@link #build()} runs, and written into the
         * sidecar like any other.
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
         * @throws IllegalStateException when the image, the prompt or the mask (without outpainting) is missing
         * @throws IllegalArgumentException naming a setting the model does not take, a value out of range, or a mask
         *     whose size differs from the image's
         */
        public InpaintRequest build() {
            if (image == null) {
                throw new IllegalStateException("image is required: call image(InputImage.of(...))");
            }
            if (prompt == null) {
                throw new IllegalStateException("prompt is required: call prompt(\"...\")");
            }
            Checks.prompt(prompt, ImageRequest.MAX_PROMPT_LENGTH);
            if (outpaint != null && mask != null) {
                throw new IllegalArgumentException("outpaint ignores the mask: give either outpaint or a mask");
            }
            if (maskInAlpha && (mask != null || outpaint != null)) {
                throw new IllegalArgumentException("maskInAlpha() means the image's alpha channel is the mask: not "
                        + "with mask(...) or outpaint(...)");
            }
            if (outpaint == null && mask == null && !maskInAlpha) {
                throw new IllegalStateException("mask is required (white: repaint, black: keep) unless the request "
                        + "outpaints, or the image carries it in its alpha channel (maskInAlpha())");
            }
            if (maskInAlpha && image.mimeType().filter("image/jpeg"::equals).isPresent()) {
                throw new IllegalArgumentException("maskInAlpha(): " + image.describe() + " is a JPEG, which has no "
                        + "alpha channel; give a PNG or WebP with transparent pixels where to repaint, or a mask");
            }
            if (megapixels != null && Boolean.TRUE.equals(matchInputSize)) {
                throw new IllegalArgumentException("give either megapixels or matchInputSize(true), not both");
            }
            if (mask != null) {
                Checks.maskSize(image.dimensions().orElse(null), mask.dimensions().orElse(null));
            }
            String mp = Boolean.TRUE.equals(matchInputSize) ? MATCH_INPUT : megapixels == null ? null
                    : megapixels.value();
            Inputs in = new Inputs(model.model())
                    .put("prompt", prompt, "prompt")
                    .put("image", image, "image")
                    .put("mask", mask, "mask")
                    .put("outpaint", outpaint == null ? null : outpaint.value(), "outpaint")
                    .put("seed", seed, "seed")
                    .put("numInferenceSteps", numInferenceSteps, "steps", "num_inference_steps")
                    .put("guidance", guidance, "guidance")
                    .put("safetyTolerance", safetyTolerance, "safety_tolerance")
                    .put("promptUpsampling", promptUpsampling, "prompt_upsampling")
                    .put("outputFormat", outputFormat == null ? null : outputFormat.value(), "output_format")
                    .put("outputQuality", outputQuality, "output_quality")
                    .put("numOutputs", numOutputs, "num_outputs")
                    .put(matchInputSize != null && megapixels == null ? "matchInputSize" : "megapixels", mp,
                            "megapixels")
                    .put("disableSafetyChecker", disableSafetyChecker, "disable_safety_checker")
                    .extra(extra);
            return new InpaintRequest(model, in.build());
        }
    }
}
