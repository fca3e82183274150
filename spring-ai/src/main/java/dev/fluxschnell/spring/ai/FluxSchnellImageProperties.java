package dev.fluxschnell.spring.ai;

import dev.fluxschnell.sdk.request.AspectRatio;
import dev.fluxschnell.sdk.request.Megapixels;
import dev.fluxschnell.sdk.request.OutputFormat;
import dev.fluxschnell.sdk.request.Resolution;
import dev.fluxschnell.sdk.request.Style;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Default image options of the auto-configured {@link FluxSchnellImageModel}, under
 * {@code spring.ai.flux-schnell.image} (Spring AI 2's layout: options directly under the model's prefix). The client
 * itself — token, storage, limits — is the Spring Boot starter's, configured under {@code flux-schnell.*}.
 */
@ConfigurationProperties(prefix = FluxSchnellImageProperties.PREFIX)
public class FluxSchnellImageProperties {
    /** The prefix of these properties. */
    public static final String PREFIX = "spring.ai.flux-schnell.image";

    /**
     * The model, by short name or "owner/name" (unset: flux-schnell): flux-schnell, flux-dev, flux-1.1-pro,
     * flux-1.1-pro-ultra, flux-2-pro, flux-2-max, flux-2-flex, flux-2-dev, flux-2-klein-4b or flux-2-klein-9b.
     */
    private String model;
    /**
     * Images per call (more than one prediction makes, 4 on flux-schnell and flux-dev and 1 on the others, run as
     * several predictions).
     */
    private Integer n;
    /**
     * Width in pixels, with height: an exact custom size on FLUX.2 and FLUX 1.1 Pro, the nearest aspect ratio (and
     * megapixels) on the others.
     */
    private Integer width;
    /** Height in pixels, with width. */
    private Integer height;
    /** "url" (the stored image's URL or location) or "b64_json" (its bytes, read back from storage). */
    private String responseFormat;
    /** Style preset: none, realistic, artistic, illustration, 3d. */
    private String style;
    /** Aspect ratio, e.g. "16:9" (instead of width and height). */
    private String aspectRatio;
    /** Megapixels: "1" or "0.25". */
    private String megapixels;
    /** A fixed seed (reproducible with go-fast=false). */
    private Long seed;
    /** The fp8 fast path (unset: the model's; flux-schnell's is true). */
    private Boolean goFast;
    /** Denoising steps (num_inference_steps; FLUX.2 Flex's steps): 1-4 on flux-schnell, 1-50 on flux-dev and Flex. */
    private Integer numInferenceSteps;
    /** Image format: webp, jpg or png. */
    private String outputFormat;
    /** Encoder quality, 0-100. */
    private Integer outputQuality;
    /** Disables the model's safety checker. */
    private Boolean disableSafetyChecker;
    /** FLUX.2 resolution: "0.5 MP" to "4 MP" or "match_input_image" (Klein: "0.25" to "4"). */
    private String resolution;
    /** Guidance scale (flux-dev, FLUX.2 Flex, Klein 9B). */
    private Double guidance;
    /** Safety tolerance: FLUX 1.1 Pro and Ultra 1-6, FLUX.2 1-5 (1 the strictest). */
    private Integer safetyTolerance;
    /** Automatic prompt improvement (FLUX 1.1 Pro, FLUX.2 Flex). */
    private Boolean promptUpsampling;
    /** FLUX 1.1 Pro Ultra's raw mode: less processed, more natural-looking images. */
    private Boolean raw;

    /**
     * {@return these properties as options} Unknown names (model, style, aspect ratio, ...) fail here, at start-up;
     * properties left unset are not sent, and the model's own defaults apply.
     */
    public FluxSchnellImageOptions toOptions() {
        if (model != null) {
            FluxSchnellRequests.model(model);
        }
        if (style != null) {
            Style.of(style);
        }
        return FluxSchnellImageOptions.builder().model(model).n(n).width(width).height(height)
                .responseFormat(responseFormat).style(style)
                .aspectRatio(aspectRatio == null ? null : AspectRatio.of(aspectRatio))
                .megapixels(megapixels == null ? null : Megapixels.of(megapixels)).seed(seed).goFast(goFast)
                .numInferenceSteps(numInferenceSteps).outputFormat(outputFormat == null ? null : OutputFormat.of(outputFormat))
                .outputQuality(outputQuality).disableSafetyChecker(disableSafetyChecker)
                .resolution(resolution == null ? null : Resolution.of(resolution)).guidance(guidance)
                .safetyTolerance(safetyTolerance).promptUpsampling(promptUpsampling).raw(raw).build();
    }

    /** {@return the model} */
    public String getModel() {
        return model;
    }

    /**
     * Sets the model.
     *
     * @param model a text-to-image model by short name (flux-schnell, flux-2-pro, ...) or "owner/name"
     */
    public void setModel(String model) {
        this.model = model;
    }

    /** {@return the images per call} */
    public Integer getN() {
        return n;
    }

    /**
     * Sets images per call.
     *
     * @param n images per call
     */
    public void setN(Integer n) {
        this.n = n;
    }

    /** {@return the width in pixels} */
    public Integer getWidth() {
        return width;
    }

    /**
     * Sets the width in pixels.
     *
     * @param width the width in pixels
     */
    public void setWidth(Integer width) {
        this.width = width;
    }

    /** {@return the height in pixels} */
    public Integer getHeight() {
        return height;
    }

    /**
     * Sets the height in pixels.
     *
     * @param height the height in pixels
     */
    public void setHeight(Integer height) {
        this.height = height;
    }

    /** {@return "url" or "b64_json"} */
    public String getResponseFormat() {
        return responseFormat;
    }

    /**
     * Sets the response format.
     *
     * @param responseFormat "url" or "b64_json"
     */
    public void setResponseFormat(String responseFormat) {
        this.responseFormat = responseFormat;
    }

    /** {@return the style preset} */
    public String getStyle() {
        return style;
    }

    /**
     * Sets the style preset.
     *
     * @param style the style preset's name
     */
    public void setStyle(String style) {
        this.style = style;
    }

    /** {@return the aspect ratio} */
    public String getAspectRatio() {
        return aspectRatio;
    }

    /**
     * Sets the aspect ratio.
     *
     * @param aspectRatio the aspect ratio, e.g. "16:9"
     */
    public void setAspectRatio(String aspectRatio) {
        this.aspectRatio = aspectRatio;
    }

    /** {@return the megapixels} */
    public String getMegapixels() {
        return megapixels;
    }

    /**
     * Sets the megapixels.
     *
     * @param megapixels "1" or "0.25"
     */
    public void setMegapixels(String megapixels) {
        this.megapixels = megapixels;
    }

    /** {@return a fixed seed} */
    public Long getSeed() {
        return seed;
    }

    /**
     * Sets a fixed seed.
     *
     * @param seed the seed
     */
    public void setSeed(Long seed) {
        this.seed = seed;
    }

    /** {@return whether the fp8 fast path is on} */
    public Boolean getGoFast() {
        return goFast;
    }

    /**
     * Sets the fp8 fast path.
     *
     * @param goFast whether the fp8 fast path is on
     */
    public void setGoFast(Boolean goFast) {
        this.goFast = goFast;
    }

    /** {@return the denoising steps} */
    public Integer getNumInferenceSteps() {
        return numInferenceSteps;
    }

    /**
     * Sets the denoising steps.
     *
     * @param numInferenceSteps denoising steps
     */
    public void setNumInferenceSteps(Integer numInferenceSteps) {
        this.numInferenceSteps = numInferenceSteps;
    }

    /** {@return the image format} */
    public String getOutputFormat() {
        return outputFormat;
    }

    /**
     * Sets the image format.
     *
     * @param outputFormat webp, jpg or png
     */
    public void setOutputFormat(String outputFormat) {
        this.outputFormat = outputFormat;
    }

    /** {@return the encoder quality} */
    public Integer getOutputQuality() {
        return outputQuality;
    }

    /**
     * Sets the encoder quality.
     *
     * @param outputQuality encoder quality, 0-100
     */
    public void setOutputQuality(Integer outputQuality) {
        this.outputQuality = outputQuality;
    }

    /** {@return whether the safety checker is disabled} */
    public Boolean getDisableSafetyChecker() {
        return disableSafetyChecker;
    }

    /**
     * Disables (or enables) the safety checker.
     *
     * @param disableSafetyChecker true to disable the safety checker
     */
    public void setDisableSafetyChecker(Boolean disableSafetyChecker) {
        this.disableSafetyChecker = disableSafetyChecker;
    }

    /** {@return the FLUX.2 resolution} */
    public String getResolution() {
        return resolution;
    }

    /**
     * Sets the FLUX.2 resolution.
     *
     * @param resolution "0.5 MP" to "4 MP" or "match_input_image" (Klein: "0.25" to "4")
     */
    public void setResolution(String resolution) {
        this.resolution = resolution;
    }

    /** {@return the guidance scale} */
    public Double getGuidance() {
        return guidance;
    }

    /**
     * Sets the guidance scale.
     *
     * @param guidance the scale
     */
    public void setGuidance(Double guidance) {
        this.guidance = guidance;
    }

    /** {@return the safety tolerance} */
    public Integer getSafetyTolerance() {
        return safetyTolerance;
    }

    /**
     * Sets the safety tolerance.
     *
     * @param safetyTolerance 1 (the strictest) to 6 (FLUX 1.1 Pro, Ultra) or 5 (FLUX.2)
     */
    public void setSafetyTolerance(Integer safetyTolerance) {
        this.safetyTolerance = safetyTolerance;
    }

    /** {@return whether the prompt is improved automatically} */
    public Boolean getPromptUpsampling() {
        return promptUpsampling;
    }

    /**
     * Sets automatic prompt improvement.
     *
     * @param promptUpsampling whether to improve the prompt
     */
    public void setPromptUpsampling(Boolean promptUpsampling) {
        this.promptUpsampling = promptUpsampling;
    }

    /** {@return whether Ultra's raw mode is on} */
    public Boolean getRaw() {
        return raw;
    }

    /**
     * Sets Ultra's raw mode.
     *
     * @param raw whether raw mode is on
     */
    public void setRaw(Boolean raw) {
        this.raw = raw;
    }
}
