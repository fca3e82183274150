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
 * An edit of an existing image from a prompt: an instruction edit with FLUX Kontext ("the same bag in red", "remove the
 * price tag", "on a marble table") or image to image with flux-dev (a new image close to the source, as close as
 * {@code strength} says). Immutable and validated: a setting the chosen model does not take, or a value out of its
 * range, fails {@link Builder#build()} with a message naming it.
 *
 * <pre>{@code
 * EditRequest edit = EditRequest.builder()
 *         .image(InputImage.of(Path.of("sneaker.jpg")))
 *         .prompt("the same sneaker in red, on a marble table")
 *         .build();                                   // Kontext Pro; client.run(edit)
 * }</pre>
 *
 * Settings left unset are not sent: the model's own defaults apply (Kontext: the output keeps the source's aspect
 * ratio; Kontext Pro answers PNG, the others WebP).
 */
public final class EditRequest implements ModelRequest {
    private final EditModel model;
    private final InputImage image;
    private final String prompt;
    private final AspectRatio aspectRatio;
    private final Long seed;
    private final OutputFormat outputFormat;
    private final Integer outputQuality;
    private final Integer numInferenceSteps;
    private final Double guidance;
    private final Double strength;
    private final int numOutputs;
    private final Boolean goFast;
    private final Boolean disableSafetyChecker;
    private final Integer safetyTolerance;
    private final Boolean promptUpsampling;

    private EditRequest(Builder b) {
        this.model = b.model;
        this.image = b.image;
        this.prompt = b.prompt;
        this.aspectRatio = b.aspectRatio;
        this.seed = b.seed;
        this.outputFormat = b.outputFormat;
        this.outputQuality = b.outputQuality;
        this.numInferenceSteps = b.numInferenceSteps;
        this.guidance = b.guidance;
        this.strength = b.strength;
        this.numOutputs = b.numOutputs == null ? 1 : b.numOutputs;
        this.goFast = b.goFast;
        this.disableSafetyChecker = b.disableSafetyChecker;
        this.safetyTolerance = b.safetyTolerance;
        this.promptUpsampling = b.promptUpsampling;
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

    /** {@return a builder holding this request's settings, to derive a variant} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.model = model;
        b.image = image;
        b.prompt = prompt;
        b.aspectRatio = aspectRatio;
        b.seed = seed;
        b.outputFormat = outputFormat;
        b.outputQuality = outputQuality;
        b.numInferenceSteps = numInferenceSteps;
        b.guidance = guidance;
        b.strength = strength;
        b.numOutputs = numOutputs == 1 ? null : numOutputs;
        b.goFast = goFast;
        b.disableSafetyChecker = disableSafetyChecker;
        b.safetyTolerance = safetyTolerance;
        b.promptUpsampling = promptUpsampling;
        return b;
    }

    /** {@return the edit model} */
    public EditModel editModel() {
        return model;
    }

    @Override
    public Model model() {
        return model.model();
    }

    /** {@return the image to edit} */
    public InputImage image() {
        return image;
    }

    /** {@return the instruction (Kontext) or the prompt of the new image (flux-dev)} */
    public String prompt() {
        return prompt;
    }

    /** {@return the aspect ratio, if set (unset: the source image's)} */
    public Optional<AspectRatio> aspectRatio() {
        return Optional.ofNullable(aspectRatio);
    }

    /** {@return the seed, if set} */
    public OptionalLong seed() {
        return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
    }

    /** {@return the output format, if set (unset: the model's default)} */
    public Optional<OutputFormat> outputFormat() {
        return Optional.ofNullable(outputFormat);
    }

    /** {@return the encoder quality, if set} */
    public OptionalInt outputQuality() {
        return outputQuality == null ? OptionalInt.empty() : OptionalInt.of(outputQuality);
    }

    /** {@return the denoising steps, if set} */
    public OptionalInt numInferenceSteps() {
        return numInferenceSteps == null ? OptionalInt.empty() : OptionalInt.of(numInferenceSteps);
    }

    /** {@return the guidance scale, if set} */
    public OptionalDouble guidance() {
        return guidance == null ? OptionalDouble.empty() : OptionalDouble.of(guidance);
    }

    /** {@return how far flux-dev may move away from the source (prompt_strength), if set} */
    public OptionalDouble strength() {
        return strength == null ? OptionalDouble.empty() : OptionalDouble.of(strength);
    }

    @Override
    public int numOutputs() {
        return numOutputs;
    }

    /** {@return whether the fast path is on, if set (Kontext Dev)} */
    public Optional<Boolean> goFast() {
        return Optional.ofNullable(goFast);
    }

    /** {@return whether the safety checker is off, if set} */
    public Optional<Boolean> disableSafetyChecker() {
        return Optional.ofNullable(disableSafetyChecker);
    }

    /** {@return the safety tolerance, if set (Kontext Pro)} */
    public OptionalInt safetyTolerance() {
        return safetyTolerance == null ? OptionalInt.empty() : OptionalInt.of(safetyTolerance);
    }

    /** {@return whether the prompt is improved automatically, if set (Kontext Pro)} */
    public Optional<Boolean> promptUpsampling() {
        return Optional.ofNullable(promptUpsampling);
    }

    @Override
    public String summary() {
        return prompt;
    }

    @Override
    public List<InputImage> inputImages() {
        return List.of(image);
    }

    @Override
    public String cacheKey() {
        return Hashes.of("edit", model.name(), image.key(), prompt, String.valueOf(aspectRatio), String.valueOf(seed),
                String.valueOf(outputFormat), String.valueOf(outputQuality), String.valueOf(numInferenceSteps),
                String.valueOf(guidance), String.valueOf(strength), Integer.toString(numOutputs),
                String.valueOf(goFast), String.valueOf(disableSafetyChecker), String.valueOf(safetyTolerance),
                String.valueOf(promptUpsampling));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EditRequest r && cacheKey().equals(r.cacheKey()) && image.equals(r.image);
    }

    @Override
    public int hashCode() {
        return cacheKey().hashCode();
    }

    @Override
    public String toString() {
        String shown = Checks.shorten(prompt);
        return "EditRequest{" + model.value() + ", image=" + image.describe() + ", prompt='" + shown + "'"
                + (aspectRatio != null ? ", aspectRatio=" + aspectRatio.value() : "")
                + (seed != null ? ", seed=" + seed : "") + (strength != null ? ", strength=" + strength : "")
                + (numOutputs != 1 ? ", numOutputs=" + numOutputs : "") + "}";
    }

    /** Builds an {@link EditRequest}; not thread-safe. */
    public static final class Builder {
        private EditModel model = EditModel.KONTEXT_PRO;
        private InputImage image;
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

        private Builder() {}

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
         * The aspect ratio of the result (Kontext; default: the source image's). flux-dev keeps the source's.
         *
         * @param aspectRatio the ratio
         * @return this builder
         */
        public Builder aspectRatio(AspectRatio aspectRatio) {
            this.aspectRatio = Objects.requireNonNull(aspectRatio, "aspectRatio must not be null");
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
         * The output format (Kontext Pro: PNG or JPG; the others WebP, JPG or PNG).
         *
         * @param outputFormat the format
         * @return this builder
         */
        public Builder outputFormat(OutputFormat outputFormat) {
            this.outputFormat = Objects.requireNonNull(outputFormat, "outputFormat must not be null");
            return this;
        }

        /**
         * Encoder quality 0–100 (Kontext Dev, flux-dev).
         *
         * @param outputQuality the quality
         * @return this builder
         */
        public Builder outputQuality(int outputQuality) {
            this.outputQuality = outputQuality;
            return this;
        }

        /**
         * Denoising steps (Kontext Dev 4–50, default 28; flux-dev 1–50, default 28).
         *
         * @param numInferenceSteps the steps
         * @return this builder
         */
        public Builder numInferenceSteps(int numInferenceSteps) {
            this.numInferenceSteps = numInferenceSteps;
            return this;
        }

        /**
         * Guidance scale 0–10 (Kontext Dev, default 2.5; flux-dev, default 3).
         *
         * @param guidance the scale
         * @return this builder
         */
        public Builder guidance(double guidance) {
            this.guidance = guidance;
            return this;
        }

        /**
         * How far flux-dev may move from the source, 0–1 (its {@code prompt_strength}, default 0.8; 1 ignores the
         * source). flux-dev only.
         *
         * @param strength the strength
         * @return this builder
         */
        public Builder strength(double strength) {
            this.strength = strength;
            return this;
        }

        /**
         * Images per prediction, 1–4 (flux-dev; Kontext makes one).
         *
         * @param numOutputs the number of images
         * @return this builder
         */
        public Builder numOutputs(int numOutputs) {
            this.numOutputs = numOutputs;
            return this;
        }

        /**
         * The fast path (Kontext Dev; default on).
         *
         * @param goFast whether to go fast
         * @return this builder
         */
        public Builder goFast(boolean goFast) {
            this.goFast = goFast;
            return this;
        }

        /**
         * Turns the safety checker off (Kontext Dev, flux-dev).
         *
         * @param disableSafetyChecker whether to disable it
         * @return this builder
         */
        public Builder disableSafetyChecker(boolean disableSafetyChecker) {
            this.disableSafetyChecker = disableSafetyChecker;
            return this;
        }

        /**
         * Safety tolerance 0–2 with an input image (Kontext Pro; 0 is the strictest, default 2).
         *
         * @param safetyTolerance the tolerance
         * @return this builder
         */
        public Builder safetyTolerance(int safetyTolerance) {
            this.safetyTolerance = safetyTolerance;
            return this;
        }

        /**
         * Automatic prompt improvement (Kontext Pro; default off).
         *
         * @param promptUpsampling whether to improve the prompt
         * @return this builder
         */
        public Builder promptUpsampling(boolean promptUpsampling) {
            this.promptUpsampling = promptUpsampling;
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
            String m = model.value();
            boolean pro = model == EditModel.KONTEXT_PRO;
            boolean kontextDev = model == EditModel.KONTEXT_DEV;
            boolean fluxDev = model == EditModel.FLUX_DEV;
            Checks.inputOf(outputQuality != null, !pro, "outputQuality", m);
            Checks.inputOf(numInferenceSteps != null, !pro, "numInferenceSteps", m);
            Checks.inputOf(guidance != null, !pro, "guidance", m);
            Checks.inputOf(strength != null, fluxDev, "strength (flux-dev's prompt_strength)", m);
            Checks.inputOf(numOutputs != null && numOutputs != 1, fluxDev, "numOutputs > 1", m);
            Checks.inputOf(goFast != null, kontextDev, "goFast", m);
            Checks.inputOf(disableSafetyChecker != null, !pro, "disableSafetyChecker", m);
            Checks.inputOf(safetyTolerance != null, pro, "safetyTolerance", m);
            Checks.inputOf(promptUpsampling != null, pro, "promptUpsampling", m);
            Checks.inputOf(aspectRatio != null, !fluxDev, "aspectRatio (flux-dev keeps the source's)", m);
            if (pro && outputFormat == OutputFormat.WEBP) {
                throw new IllegalArgumentException("outputFormat webp: kontext-pro answers png or jpg");
            }
            if (outputQuality != null) {
                Checks.range("outputQuality", outputQuality, 0, 100);
            }
            if (numInferenceSteps != null) {
                Checks.range("numInferenceSteps", numInferenceSteps, kontextDev ? 4 : 1, 50);
            }
            if (guidance != null) {
                Checks.range("guidance", guidance, 0, 10);
            }
            if (strength != null) {
                Checks.range("strength", strength, 0, 1);
            }
            if (numOutputs != null) {
                Checks.range("numOutputs", numOutputs, 1, fluxDev ? 4 : 1);
            }
            if (safetyTolerance != null) {
                Checks.range("safetyTolerance (with an input image)", safetyTolerance, 0, 2);
            }
            return new EditRequest(this);
        }
    }
}
