package dev.fluxschnell.spring.ai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.fluxschnell.sdk.request.AspectRatio;
import dev.fluxschnell.sdk.request.Megapixels;
import dev.fluxschnell.sdk.request.OutputFormat;
import dev.fluxschnell.sdk.request.Resolution;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.image.ImageOptions;

/**
 * Spring AI image options for the SDK's text-to-image models (flux-schnell by default; flux-dev, FLUX 1.1 Pro and
 * Ultra, the FLUX.2 family by {@code model}): the portable ones ({@code n}, {@code width}/{@code height},
 * {@code responseFormat}, {@code style}, {@code model}) and the models' own (aspect ratio, megapixels, FLUX.2
 * resolution, seed, {@code go_fast}, steps, guidance, output format and quality, safety checker and tolerance, prompt
 * upsampling, Ultra's raw mode). Every getter returns {@code null} when the option is not set (Spring AI's
 * convention): it is not sent, and the model's own default applies. An option the chosen model does not take is
 * refused with the SDK's message, which names the model.
 *
 * <p>Size: either {@code width} and {@code height} — an exact custom size on FLUX.2 (not Klein) and FLUX 1.1 Pro
 * ({@code aspect_ratio: custom}), the nearest aspect ratio and megapixels on flux-schnell and flux-dev, the nearest
 * aspect ratio on the others; see {@link dev.fluxschnell.sdk.request.ImageRequest.Builder#size} — or
 * {@code aspectRatio}/{@code megapixels}/{@code resolution}; where a size maps to a ratio and megapixels, an
 * {@code aspectRatio} or {@code megapixels} set with it must agree.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class FluxSchnellImageOptions implements ImageOptions {
    /** {@code responseFormat} for the stored image's URL (the default). */
    public static final String URL = "url";
    /** {@code responseFormat} for the image bytes, base64-encoded (read back from storage). */
    public static final String B64_JSON = "b64_json";

    @JsonProperty("n") private final @Nullable Integer n;
    @JsonProperty("model") private final @Nullable String model;
    @JsonProperty("width") private final @Nullable Integer width;
    @JsonProperty("height") private final @Nullable Integer height;
    @JsonProperty("response_format") private final @Nullable String responseFormat;
    @JsonProperty("style") private final @Nullable String style;
    @JsonProperty("aspect_ratio") private final @Nullable AspectRatio aspectRatio;
    @JsonProperty("megapixels") private final @Nullable Megapixels megapixels;
    @JsonProperty("seed") private final @Nullable Long seed;
    @JsonProperty("go_fast") private final @Nullable Boolean goFast;
    @JsonProperty("num_inference_steps") private final @Nullable Integer numInferenceSteps;
    @JsonProperty("output_format") private final @Nullable OutputFormat outputFormat;
    @JsonProperty("output_quality") private final @Nullable Integer outputQuality;
    @JsonProperty("disable_safety_checker") private final @Nullable Boolean disableSafetyChecker;
    @JsonProperty("resolution") private final @Nullable Resolution resolution;
    @JsonProperty("guidance") private final @Nullable Double guidance;
    @JsonProperty("safety_tolerance") private final @Nullable Integer safetyTolerance;
    @JsonProperty("prompt_upsampling") private final @Nullable Boolean promptUpsampling;
    @JsonProperty("raw") private final @Nullable Boolean raw;

    private FluxSchnellImageOptions(Builder b) {
        this.n = b.n;
        this.model = b.model;
        this.width = b.width;
        this.height = b.height;
        this.responseFormat = b.responseFormat;
        this.style = b.style;
        this.aspectRatio = b.aspectRatio;
        this.megapixels = b.megapixels;
        this.seed = b.seed;
        this.goFast = b.goFast;
        this.numInferenceSteps = b.numInferenceSteps;
        this.outputFormat = b.outputFormat;
        this.outputQuality = b.outputQuality;
        this.disableSafetyChecker = b.disableSafetyChecker;
        this.resolution = b.resolution;
        this.guidance = b.guidance;
        this.safetyTolerance = b.safetyTolerance;
        this.promptUpsampling = b.promptUpsampling;
        this.raw = b.raw;
    }

    /** {@return a builder with nothing set} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding these options, to derive others} */
    public Builder mutate() {
        return new Builder().n(n).model(model).width(width).height(height).responseFormat(responseFormat).style(style)
                .aspectRatio(aspectRatio).megapixels(megapixels).seed(seed).goFast(goFast).numInferenceSteps(numInferenceSteps)
                .outputFormat(outputFormat).outputQuality(outputQuality).disableSafetyChecker(disableSafetyChecker)
                .resolution(resolution).guidance(guidance).safetyTolerance(safetyTolerance)
                .promptUpsampling(promptUpsampling).raw(raw);
    }

    /**
     * {@return these options overridden by {@code runtime} (any {@link ImageOptions}, e.g. a prompt's): each option set
     * there wins, except the size, which is taken as a whole — width, height, aspect ratio, megapixels and resolution
     * all come from {@code runtime} when it sets any of them}
     *
     * @param runtime the options that win, or null
     */
    public FluxSchnellImageOptions overriddenBy(@Nullable ImageOptions runtime) {
        if (runtime == null) {
            return this;
        }
        Builder b = mutate();
        b.n(or(runtime.getN(), n)).model(or(runtime.getModel(), model))
                .responseFormat(or(runtime.getResponseFormat(), responseFormat)).style(or(runtime.getStyle(), style));
        FluxSchnellImageOptions flux = runtime instanceof FluxSchnellImageOptions f ? f : null;
        boolean runtimeSize = runtime.getWidth() != null || runtime.getHeight() != null
                || (flux != null && (flux.aspectRatio != null || flux.megapixels != null || flux.resolution != null));
        if (runtimeSize) {
            b.width(runtime.getWidth()).height(runtime.getHeight()).aspectRatio(flux != null ? flux.aspectRatio : null)
                    .megapixels(flux != null ? flux.megapixels : null).resolution(flux != null ? flux.resolution : null);
        }
        if (flux != null) {
            b.seed(or(flux.seed, seed)).goFast(or(flux.goFast, goFast)).numInferenceSteps(or(flux.numInferenceSteps, numInferenceSteps))
                    .outputFormat(or(flux.outputFormat, outputFormat))
                    .outputQuality(or(flux.outputQuality, outputQuality))
                    .disableSafetyChecker(or(flux.disableSafetyChecker, disableSafetyChecker))
                    .guidance(or(flux.guidance, guidance)).safetyTolerance(or(flux.safetyTolerance, safetyTolerance))
                    .promptUpsampling(or(flux.promptUpsampling, promptUpsampling)).raw(or(flux.raw, raw));
        }
        return b.build();
    }

    private static <T> @Nullable T or(@Nullable T preferred, @Nullable T fallback) {
        return preferred != null ? preferred : fallback;
    }

    /**
     * How many images to make; more than one prediction makes (4 on flux-schnell and flux-dev, 1 on the others) are
     * made by several predictions.
     */
    @Override
    public @Nullable Integer getN() {
        return n;
    }

    /**
     * The model: any text-to-image model of the SDK ({@link dev.fluxschnell.sdk.request.ImageModel}) by its short name
     * — {@code flux-schnell} (when unset), {@code flux-dev}, {@code flux-1.1-pro}, {@code flux-1.1-pro-ultra},
     * {@code flux-2-pro}, {@code flux-2-max}, {@code flux-2-flex}, {@code flux-2-dev}, {@code flux-2-klein-4b},
     * {@code flux-2-klein-9b} — or {@code owner/name}; others are rejected.
     */
    @Override
    public @Nullable String getModel() {
        return model;
    }

    /**
     * The wanted width in pixels (with {@link #getHeight()}): an exact custom size on FLUX.2 and FLUX 1.1 Pro, the
     * nearest aspect ratio (and megapixels) on the others.
     */
    @Override
    public @Nullable Integer getWidth() {
        return width;
    }

    /** The wanted height in pixels (with {@link #getWidth()}). */
    @Override
    public @Nullable Integer getHeight() {
        return height;
    }

    /** {@value #URL} (default) or {@value #B64_JSON}. */
    @Override
    public @Nullable String getResponseFormat() {
        return responseFormat;
    }

    /** A {@link dev.fluxschnell.sdk.request.Style} preset by name: none, realistic, artistic, illustration, 3d. */
    @Override
    public @Nullable String getStyle() {
        return style;
    }

    /** {@return the aspect ratio, when set directly} */
    public @Nullable AspectRatio getAspectRatio() {
        return aspectRatio;
    }

    /** {@return the megapixel setting, when set directly} */
    public @Nullable Megapixels getMegapixels() {
        return megapixels;
    }

    /** {@return a fixed seed (reproducible with {@code goFast=false})} */
    public @Nullable Long getSeed() {
        return seed;
    }

    /** {@return whether the fp8 fast path is on (flux-schnell's default: on)} */
    public @Nullable Boolean getGoFast() {
        return goFast;
    }

    /**
     * {@return the denoising steps ({@code num_inference_steps}; FLUX.2 Flex's {@code steps}): 1–4 on flux-schnell,
     * 1–50 on flux-dev and FLUX.2 Flex}
     */
    public @Nullable Integer getNumInferenceSteps() {
        return numInferenceSteps;
    }

    /** {@return the image format} */
    public @Nullable OutputFormat getOutputFormat() {
        return outputFormat;
    }

    /** {@return the encoder quality, 0–100} */
    public @Nullable Integer getOutputQuality() {
        return outputQuality;
    }

    /** {@return whether the model's safety checker is disabled} */
    public @Nullable Boolean getDisableSafetyChecker() {
        return disableSafetyChecker;
    }

    /** {@return the FLUX.2 resolution ({@code resolution}, or Klein's {@code output_megapixels})} */
    public @Nullable Resolution getResolution() {
        return resolution;
    }

    /** {@return the guidance scale (flux-dev, FLUX.2 Flex, Klein 9B)} */
    public @Nullable Double getGuidance() {
        return guidance;
    }

    /** {@return the safety tolerance (FLUX 1.1 Pro and Ultra 1–6, FLUX.2 1–5; 1 the strictest)} */
    public @Nullable Integer getSafetyTolerance() {
        return safetyTolerance;
    }

    /** {@return whether the prompt is improved automatically (FLUX 1.1 Pro, FLUX.2 Flex)} */
    public @Nullable Boolean getPromptUpsampling() {
        return promptUpsampling;
    }

    /** {@return whether FLUX 1.1 Pro Ultra's raw mode is on} */
    public @Nullable Boolean getRaw() {
        return raw;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FluxSchnellImageOptions x && Objects.equals(n, x.n) && Objects.equals(model, x.model)
                && Objects.equals(width, x.width) && Objects.equals(height, x.height)
                && Objects.equals(responseFormat, x.responseFormat) && Objects.equals(style, x.style)
                && aspectRatio == x.aspectRatio && megapixels == x.megapixels && Objects.equals(seed, x.seed)
                && Objects.equals(goFast, x.goFast) && Objects.equals(numInferenceSteps, x.numInferenceSteps)
                && outputFormat == x.outputFormat && Objects.equals(outputQuality, x.outputQuality)
                && Objects.equals(disableSafetyChecker, x.disableSafetyChecker) && resolution == x.resolution
                && Objects.equals(guidance, x.guidance) && Objects.equals(safetyTolerance, x.safetyTolerance)
                && Objects.equals(promptUpsampling, x.promptUpsampling) && Objects.equals(raw, x.raw);
    }

    @Override
    public int hashCode() {
        return Objects.hash(n, model, width, height, responseFormat, style, aspectRatio, megapixels, seed, goFast,
                numInferenceSteps, outputFormat, outputQuality, disableSafetyChecker, resolution, guidance,
                safetyTolerance, promptUpsampling, raw);
    }

    @Override
    public String toString() {
        return "FluxSchnellImageOptions{n=" + n + ", model=" + model + ", width=" + width + ", height=" + height
                + ", responseFormat=" + responseFormat + ", style=" + style + ", aspectRatio=" + aspectRatio
                + ", megapixels=" + megapixels + ", seed=" + seed + ", goFast=" + goFast + ", numInferenceSteps=" + numInferenceSteps
                + ", outputFormat=" + outputFormat + ", outputQuality=" + outputQuality + ", disableSafetyChecker="
                + disableSafetyChecker + ", resolution=" + resolution + ", guidance=" + guidance + ", safetyTolerance="
                + safetyTolerance + ", promptUpsampling=" + promptUpsampling + ", raw=" + raw + "}";
    }

    /** Builds {@link FluxSchnellImageOptions}; {@code null} leaves an option unset. Values are checked per call. */
    public static final class Builder {
        private @Nullable Integer n;
        private @Nullable String model;
        private @Nullable Integer width;
        private @Nullable Integer height;
        private @Nullable String responseFormat;
        private @Nullable String style;
        private @Nullable AspectRatio aspectRatio;
        private @Nullable Megapixels megapixels;
        private @Nullable Long seed;
        private @Nullable Boolean goFast;
        private @Nullable Integer numInferenceSteps;
        private @Nullable OutputFormat outputFormat;
        private @Nullable Integer outputQuality;
        private @Nullable Boolean disableSafetyChecker;
        private @Nullable Resolution resolution;
        private @Nullable Double guidance;
        private @Nullable Integer safetyTolerance;
        private @Nullable Boolean promptUpsampling;
        private @Nullable Boolean raw;

        private Builder() {}

        /**
         * How many images to make.
         *
         * @param n how many images to make, or null to leave it unset
         * @return this builder
         */
        public Builder n(@Nullable Integer n) {
            this.n = n;
            return this;
        }

        /**
         * The model: any text-to-image model of the SDK by its short name ({@code flux-schnell}, the default;
         * {@code flux-dev}, {@code flux-1.1-pro}, {@code flux-2-pro}, ...) or {@code owner/name}.
         *
         * @param model the model, or null to leave it unset
         * @return this builder
         */
        public Builder model(@Nullable String model) {
            this.model = model;
            return this;
        }

        /**
         * The wanted width in pixels (with a height): exact on FLUX.2 and FLUX 1.1 Pro, the nearest ratio elsewhere.
         *
         * @param width the wanted width in pixels, or null to leave it unset
         * @return this builder
         */
        public Builder width(@Nullable Integer width) {
            this.width = width;
            return this;
        }

        /**
         * The wanted height in pixels.
         *
         * @param height the wanted height in pixels, or null to leave it unset
         * @return this builder
         */
        public Builder height(@Nullable Integer height) {
            this.height = height;
            return this;
        }

        /**
         * {@value FluxSchnellImageOptions#URL} or {@value FluxSchnellImageOptions#B64_JSON}.
         *
         * @param responseFormat {@value FluxSchnellImageOptions#URL} or {@value FluxSchnellImageOptions#B64_JSON}, or
         *     null to leave it unset
         * @return this builder
         */
        public Builder responseFormat(@Nullable String responseFormat) {
            this.responseFormat = responseFormat;
            return this;
        }

        /**
         * A style preset by name.
         *
         * @param style a style preset by name, or null to leave it unset
         * @return this builder
         */
        public Builder style(@Nullable String style) {
            this.style = style;
            return this;
        }

        /**
         * The aspect ratio.
         *
         * @param aspectRatio the aspect ratio, or null to leave it unset
         * @return this builder
         */
        public Builder aspectRatio(@Nullable AspectRatio aspectRatio) {
            this.aspectRatio = aspectRatio;
            return this;
        }

        /**
         * The megapixel setting.
         *
         * @param megapixels the megapixel setting, or null to leave it unset
         * @return this builder
         */
        public Builder megapixels(@Nullable Megapixels megapixels) {
            this.megapixels = megapixels;
            return this;
        }

        /**
         * A fixed seed.
         *
         * @param seed a fixed seed, or null to leave it unset
         * @return this builder
         */
        public Builder seed(@Nullable Long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * The fp8 fast path.
         *
         * @param goFast whether the fp8 fast path is on, or null to leave it unset
         * @return this builder
         */
        public Builder goFast(@Nullable Boolean goFast) {
            this.goFast = goFast;
            return this;
        }

        /**
         * Denoising steps ({@code num_inference_steps}; FLUX.2 Flex's {@code steps}): 1–4 on flux-schnell, 1–50 on
         * flux-dev and FLUX.2 Flex.
         *
         * @param numInferenceSteps denoising steps, or null to leave it unset
         * @return this builder
         */
        public Builder numInferenceSteps(@Nullable Integer numInferenceSteps) {
            this.numInferenceSteps = numInferenceSteps;
            return this;
        }

        /**
         * The image format.
         *
         * @param outputFormat the image format, or null to leave it unset
         * @return this builder
         */
        public Builder outputFormat(@Nullable OutputFormat outputFormat) {
            this.outputFormat = outputFormat;
            return this;
        }

        /**
         * Encoder quality 0–100.
         *
         * @param outputQuality encoder quality, 0–100, or null to leave it unset
         * @return this builder
         */
        public Builder outputQuality(@Nullable Integer outputQuality) {
            this.outputQuality = outputQuality;
            return this;
        }

        /**
         * Disables the model's safety checker.
         *
         * @param disableSafetyChecker true to disable the model's safety checker, or null to leave it unset
         * @return this builder
         */
        public Builder disableSafetyChecker(@Nullable Boolean disableSafetyChecker) {
            this.disableSafetyChecker = disableSafetyChecker;
            return this;
        }

        /**
         * The FLUX.2 resolution ({@code resolution}; Klein's {@code output_megapixels}); not with width and height on a
         * model that takes an exact size.
         *
         * @param resolution the resolution, or null to leave it unset
         * @return this builder
         */
        public Builder resolution(@Nullable Resolution resolution) {
            this.resolution = resolution;
            return this;
        }

        /**
         * The guidance scale ({@code guidance}: flux-dev 0–10, FLUX.2 Flex 1.5–10, Klein 9B 1–10).
         *
         * @param guidance the scale, or null to leave it unset
         * @return this builder
         */
        public Builder guidance(@Nullable Double guidance) {
            this.guidance = guidance;
            return this;
        }

        /**
         * The safety tolerance ({@code safety_tolerance}: FLUX 1.1 Pro and Ultra 1–6, FLUX.2 1–5; 1 the strictest).
         *
         * @param safetyTolerance the tolerance, or null to leave it unset
         * @return this builder
         */
        public Builder safetyTolerance(@Nullable Integer safetyTolerance) {
            this.safetyTolerance = safetyTolerance;
            return this;
        }

        /**
         * Automatic prompt improvement ({@code prompt_upsampling}: FLUX 1.1 Pro, FLUX.2 Flex).
         *
         * @param promptUpsampling whether to improve the prompt, or null to leave it unset
         * @return this builder
         */
        public Builder promptUpsampling(@Nullable Boolean promptUpsampling) {
            this.promptUpsampling = promptUpsampling;
            return this;
        }

        /**
         * FLUX 1.1 Pro Ultra's raw mode ({@code raw}): less processed, more natural-looking images.
         *
         * @param raw whether raw mode is on, or null to leave it unset
         * @return this builder
         */
        public Builder raw(@Nullable Boolean raw) {
            this.raw = raw;
            return this;
        }

        /** {@return the options} */
        public FluxSchnellImageOptions build() {
            return new FluxSchnellImageOptions(this);
        }
    }
}
