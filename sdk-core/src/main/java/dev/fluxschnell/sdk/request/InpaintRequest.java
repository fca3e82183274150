package dev.fluxschnell.sdk.request;

import dev.fluxschnell.sdk.internal.Checks;
import dev.fluxschnell.sdk.internal.Hashes;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Repaints part of an image from a prompt with FLUX Fill: the mask's white area is painted anew, its black area kept
 * ("remove the price tag", "a wooden table instead of the floor"); or, with Fill Pro, the image is extended
 * ({@link Builder#outpaint}). The mask must have the image's size in pixels — checked before anything is sent when
 * both are local. Immutable and validated like {@link EditRequest}.
 *
 * <pre>{@code
 * InpaintRequest fix = InpaintRequest.builder()
 *         .image(InputImage.of(Path.of("bag.png")))
 *         .mask(InputImage.of(Path.of("bag-tag-mask.png")))
 *         .prompt("plain leather, no label")
 *         .build();                                   // Fill Pro; client.run(fix)
 * }</pre>
 */
public final class InpaintRequest implements ModelRequest {
    private final InpaintModel model;
    private final InputImage image;
    private final InputImage mask;
    private final Outpaint outpaint;
    private final String prompt;
    private final Long seed;
    private final Integer numInferenceSteps;
    private final Double guidance;
    private final Integer safetyTolerance;
    private final Boolean promptUpsampling;
    private final OutputFormat outputFormat;
    private final Integer outputQuality;
    private final int numOutputs;
    private final Megapixels megapixels;
    private final Boolean matchInputSize;
    private final Boolean disableSafetyChecker;

    private InpaintRequest(Builder b) {
        this.model = b.model;
        this.image = b.image;
        this.mask = b.mask;
        this.outpaint = b.outpaint;
        this.prompt = b.prompt;
        this.seed = b.seed;
        this.numInferenceSteps = b.numInferenceSteps;
        this.guidance = b.guidance;
        this.safetyTolerance = b.safetyTolerance;
        this.promptUpsampling = b.promptUpsampling;
        this.outputFormat = b.outputFormat;
        this.outputQuality = b.outputQuality;
        this.numOutputs = b.numOutputs == null ? 1 : b.numOutputs;
        this.megapixels = b.megapixels;
        this.matchInputSize = b.matchInputSize;
        this.disableSafetyChecker = b.disableSafetyChecker;
    }

    /** {@return a new builder (model: Fill Pro)} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@return a repaint of {@code image} where {@code mask} is white, with Fill Pro}
     *
     * @param image the image to repaint
     * @param mask the mask: the image's size, white where to repaint, black where to keep
     * @param prompt what to paint
     * @throws IllegalArgumentException when the prompt is blank or the mask's size differs from the image's
     */
    public static InpaintRequest of(InputImage image, InputImage mask, String prompt) {
        return builder().image(image).mask(mask).prompt(prompt).build();
    }

    /** {@return a builder holding this request's settings, to derive a variant} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.model = model;
        b.image = image;
        b.mask = mask;
        b.outpaint = outpaint;
        b.prompt = prompt;
        b.seed = seed;
        b.numInferenceSteps = numInferenceSteps;
        b.guidance = guidance;
        b.safetyTolerance = safetyTolerance;
        b.promptUpsampling = promptUpsampling;
        b.outputFormat = outputFormat;
        b.outputQuality = outputQuality;
        b.numOutputs = numOutputs;
        b.megapixels = megapixels;
        b.matchInputSize = matchInputSize;
        b.disableSafetyChecker = disableSafetyChecker;
        return b;
    }

    /** {@return the inpainting model} */
    public InpaintModel inpaintModel() {
        return model;
    }

    @Override
    public Model model() {
        return model.model();
    }

    /** {@return the image to repaint} */
    public InputImage image() {
        return image;
    }

    /** {@return the mask (white: repaint, black: keep), unless the request outpaints} */
    public Optional<InputImage> mask() {
        return Optional.ofNullable(mask);
    }

    /** {@return the outpainting, if set (Fill Pro)} */
    public Optional<Outpaint> outpaint() {
        return Optional.ofNullable(outpaint);
    }

    /** {@return the prompt for the repainted area} */
    public String prompt() {
        return prompt;
    }

    /** {@return the seed, if set} */
    public OptionalLong seed() {
        return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
    }

    /** {@return the denoising steps, if set} */
    public OptionalInt numInferenceSteps() {
        return numInferenceSteps == null ? OptionalInt.empty() : OptionalInt.of(numInferenceSteps);
    }

    /** {@return the guidance scale, if set} */
    public OptionalDouble guidance() {
        return guidance == null ? OptionalDouble.empty() : OptionalDouble.of(guidance);
    }

    /** {@return the safety tolerance, if set (Fill Pro)} */
    public OptionalInt safetyTolerance() {
        return safetyTolerance == null ? OptionalInt.empty() : OptionalInt.of(safetyTolerance);
    }

    /** {@return whether the prompt is improved automatically, if set (Fill Pro)} */
    public Optional<Boolean> promptUpsampling() {
        return Optional.ofNullable(promptUpsampling);
    }

    /** {@return the output format, if set (unset: the model's default)} */
    public Optional<OutputFormat> outputFormat() {
        return Optional.ofNullable(outputFormat);
    }

    /** {@return the encoder quality, if set (Fill Dev)} */
    public OptionalInt outputQuality() {
        return outputQuality == null ? OptionalInt.empty() : OptionalInt.of(outputQuality);
    }

    @Override
    public int numOutputs() {
        return numOutputs;
    }

    /** {@return the megapixels, if set (Fill Dev)} */
    public Optional<Megapixels> megapixels() {
        return Optional.ofNullable(megapixels);
    }

    /** {@return whether the result keeps the source's size instead of a megapixel count, if set (Fill Dev)} */
    public Optional<Boolean> matchInputSize() {
        return Optional.ofNullable(matchInputSize);
    }

    /** {@return whether the safety checker is off, if set (Fill Dev)} */
    public Optional<Boolean> disableSafetyChecker() {
        return Optional.ofNullable(disableSafetyChecker);
    }

    @Override
    public String summary() {
        return prompt;
    }

    @Override
    public List<InputImage> inputImages() {
        return mask == null ? List.of(image) : List.of(image, mask);
    }

    @Override
    public String cacheKey() {
        return Hashes.of("inpaint", model.name(), image.key(), mask == null ? "-" : mask.key(),
                String.valueOf(outpaint), prompt, String.valueOf(seed), String.valueOf(numInferenceSteps),
                String.valueOf(guidance), String.valueOf(safetyTolerance), String.valueOf(promptUpsampling),
                String.valueOf(outputFormat), String.valueOf(outputQuality), Integer.toString(numOutputs),
                String.valueOf(megapixels), String.valueOf(matchInputSize), String.valueOf(disableSafetyChecker));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InpaintRequest r && cacheKey().equals(r.cacheKey()) && image.equals(r.image)
                && Objects.equals(mask, r.mask);
    }

    @Override
    public int hashCode() {
        return cacheKey().hashCode();
    }

    @Override
    public String toString() {
        String shown = Checks.shorten(prompt);
        return "InpaintRequest{" + model.value() + ", image=" + image.describe()
                + (mask != null ? ", mask=" + mask.describe() : "") + (outpaint != null ? ", outpaint=" + outpaint : "")
                + ", prompt='" + shown + "'" + (seed != null ? ", seed=" + seed : "") + "}";
    }

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

        private Builder() {}

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
         * Extends the image instead of repainting a masked area (Fill Pro; no mask then).
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
         * Denoising steps, 1–50 (Fill Pro default 50, Fill Dev 28).
         *
         * @param numInferenceSteps the steps
         * @return this builder
         */
        public Builder numInferenceSteps(int numInferenceSteps) {
            this.numInferenceSteps = numInferenceSteps;
            return this;
        }

        /**
         * Guidance scale (Fill Pro 2–5, default 3; Fill Dev 0–100, default 30).
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
            boolean pro = model == InpaintModel.FILL_PRO;
            String m = model.value();
            if (outpaint != null && !pro) {
                throw new IllegalArgumentException("outpaint is not an input of " + m + " (use fill-pro)");
            }
            if (outpaint != null && mask != null) {
                throw new IllegalArgumentException("outpaint ignores the mask: give either outpaint or a mask");
            }
            if (outpaint == null && mask == null) {
                throw new IllegalStateException("mask is required (white: repaint, black: keep) unless the request "
                        + "outpaints");
            }
            Checks.inputOf(safetyTolerance != null, pro, "safetyTolerance", m);
            Checks.inputOf(promptUpsampling != null, pro, "promptUpsampling", m);
            Checks.inputOf(outputQuality != null, !pro, "outputQuality", m);
            Checks.inputOf(numOutputs != null && numOutputs != 1, !pro, "numOutputs > 1", m);
            Checks.inputOf(megapixels != null, !pro, "megapixels", m);
            Checks.inputOf(matchInputSize != null, !pro, "matchInputSize", m);
            if (megapixels != null && Boolean.TRUE.equals(matchInputSize)) {
                throw new IllegalArgumentException("give either megapixels or matchInputSize(true), not both");
            }
            Checks.inputOf(disableSafetyChecker != null, !pro, "disableSafetyChecker", m);
            if (pro && outputFormat == OutputFormat.WEBP) {
                throw new IllegalArgumentException("outputFormat webp: fill-pro answers jpg or png");
            }
            if (numInferenceSteps != null) {
                Checks.range("numInferenceSteps", numInferenceSteps, 1, 50);
            }
            if (guidance != null) {
                Checks.range("guidance", guidance, pro ? 2 : 0, pro ? 5 : 100);
            }
            if (safetyTolerance != null) {
                Checks.range("safetyTolerance", safetyTolerance, 1, 6);
            }
            if (outputQuality != null) {
                Checks.range("outputQuality", outputQuality, 0, 100);
            }
            if (numOutputs != null) {
                Checks.range("numOutputs", numOutputs, 1, pro ? 1 : 4);
            }
            if (mask != null) {
                Checks.maskSize(image.dimensions().orElse(null), mask.dimensions().orElse(null));
            }
            return new InpaintRequest(this);
        }
    }
}
