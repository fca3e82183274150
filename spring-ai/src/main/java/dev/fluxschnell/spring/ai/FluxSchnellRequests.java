package dev.fluxschnell.spring.ai;

import dev.fluxschnell.sdk.request.ImageModel;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.Style;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Spring AI options → the SDK's {@link ImageRequest}: every option checked, nothing dropped silently, and nothing set
 * that the options leave unset (the model's own defaults apply). An option the model does not take is refused with the
 * SDK's message, which names the setting and the model.
 */
final class FluxSchnellRequests {
    private FluxSchnellRequests() {}

    /** The request for {@code prompt} with {@code options} ({@code n} is applied by splitting, not here). */
    static ImageRequest toRequest(String prompt, FluxSchnellImageOptions options) {
        ImageModel model = model(options.getModel());
        base64(options.getResponseFormat()); // checked before anything is sent
        ImageRequest.Builder b = ImageRequest.builder().model(model).prompt(prompt);
        if (options.getStyle() != null) {
            b.style(Style.of(options.getStyle()));
        }
        size(b, model, options);
        if (options.getSeed() != null) {
            b.seed(options.getSeed());
        }
        if (options.getGoFast() != null) {
            b.goFast(options.getGoFast());
        }
        if (options.getNumInferenceSteps() != null) {
            b.numInferenceSteps(options.getNumInferenceSteps());
        }
        if (options.getGuidance() != null) {
            b.guidance(options.getGuidance());
        }
        if (options.getOutputFormat() != null) {
            b.outputFormat(options.getOutputFormat());
        }
        if (options.getOutputQuality() != null) {
            b.outputQuality(options.getOutputQuality());
        }
        if (options.getDisableSafetyChecker() != null) {
            b.disableSafetyChecker(options.getDisableSafetyChecker());
        }
        if (options.getSafetyTolerance() != null) {
            b.safetyTolerance(options.getSafetyTolerance());
        }
        if (options.getPromptUpsampling() != null) {
            b.promptUpsampling(options.getPromptUpsampling());
        }
        if (options.getRaw() != null) {
            b.raw(options.getRaw());
        }
        return b.build();
    }

    /**
     * The model an option names, by the SDK's short name or {@code owner/name}: flux-schnell when unset.
     *
     * @throws IllegalArgumentException for a model that does not make images from text, listing those that do
     */
    static ImageModel model(String model) {
        if (model == null) {
            return ImageModel.FLUX_SCHNELL;
        }
        try {
            return ImageModel.of(model);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("model '" + model + "' is not one this image model runs: leave it unset"
                    + " (flux-schnell) or use a text-to-image model by short name or owner/name: "
                    + Arrays.stream(ImageModel.values()).map(ImageModel::value).collect(Collectors.joining(", ")), e);
        }
    }

    /**
     * The size options: width and height through the SDK's {@code size} — an exact custom size where the model takes
     * one (FLUX.2, FLUX 1.1 Pro), else the nearest aspect ratio and megapixels — or the aspect ratio, megapixels and
     * resolution as set.
     */
    private static void size(ImageRequest.Builder b, ImageModel model, FluxSchnellImageOptions o) {
        if (o.getResolution() != null) {
            b.resolution(o.getResolution()); // a model without one, or one with an exact size: the SDK refuses it
        }
        Integer w = o.getWidth();
        Integer h = o.getHeight();
        if (w == null && h == null) {
            if (o.getAspectRatio() != null) {
                b.aspectRatio(o.getAspectRatio());
            }
            if (o.getMegapixels() != null) {
                b.megapixels(o.getMegapixels());
            }
            return;
        }
        if (w == null || h == null) {
            throw new IllegalArgumentException("width and height go together (the model reads a size from both); only "
                    + (w == null ? "height" : "width") + " is set");
        }
        if (o.getMegapixels() != null) { // a model without megapixels: the SDK's message, naming it
            ImageRequest.builder().model(model).prompt("size").megapixels(o.getMegapixels()).build();
        }
        ImageRequest sized = ImageRequest.builder().model(model).prompt("size").size(w, h).build();
        if (sized.customSize().isPresent()) {
            if (o.getAspectRatio() != null || o.getMegapixels() != null) {
                throw new IllegalArgumentException("width×height " + w + "×" + h + " is sent to " + model.model()
                        + " as an exact size (aspect_ratio custom); leave aspectRatio and megapixels unset");
            }
            b.size(w, h);
            return;
        }
        String ratio = sized.aspectRatio().map(r -> r.value()).orElse("none");
        if (o.getAspectRatio() != null && !o.getAspectRatio().value().equals(ratio)) {
            throw new IllegalArgumentException("width×height " + w + "×" + h + " maps to aspect ratio " + ratio
                    + ", but aspectRatio is " + o.getAspectRatio().value() + " (" + model.model() + ")");
        }
        String megapixels = sized.megapixels().map(m -> m.value()).orElse("none");
        if (o.getMegapixels() != null && !o.getMegapixels().value().equals(megapixels)) {
            throw new IllegalArgumentException("width×height " + w + "×" + h + " maps to " + megapixels
                    + " megapixels, but megapixels is " + o.getMegapixels().value() + " (" + model.model() + ")");
        }
        b.size(w, h);
    }

    /** Whether {@code responseFormat} asks for base64 bytes; rejects formats other than url and b64_json. */
    static boolean base64(String responseFormat) {
        if (responseFormat == null || responseFormat.equalsIgnoreCase(FluxSchnellImageOptions.URL)) {
            return false;
        }
        if (responseFormat.equalsIgnoreCase(FluxSchnellImageOptions.B64_JSON)) {
            return true;
        }
        throw new IllegalArgumentException("responseFormat must be " + FluxSchnellImageOptions.URL + " or "
                + FluxSchnellImageOptions.B64_JSON + ", was '" + responseFormat + "'");
    }
}
