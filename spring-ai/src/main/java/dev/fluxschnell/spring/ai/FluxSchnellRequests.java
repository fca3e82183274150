package dev.fluxschnell.spring.ai;

import dev.fluxschnell.sdk.request.ImageModel;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.Style;

/**
 * Spring AI options → the SDK's {@link ImageRequest}: every option checked, nothing dropped silently, and nothing set
 * that the options leave unset (the model's own defaults apply).
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
        if (options.getOutputFormat() != null) {
            b.outputFormat(options.getOutputFormat());
        }
        if (options.getOutputQuality() != null) {
            b.outputQuality(options.getOutputQuality());
        }
        if (options.getDisableSafetyChecker() != null) {
            b.disableSafetyChecker(options.getDisableSafetyChecker());
        }
        return b.build();
    }

    /**
     * The model an option names, by the SDK's short name or {@code owner/name}: flux-schnell when unset.
     *
     * @throws IllegalArgumentException for a model that does not make images from text
     */
    static ImageModel model(String model) {
        if (model == null) {
            return ImageModel.FLUX_SCHNELL;
        }
        try {
            return ImageModel.of(model);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("model '" + model + "' is not one this image model runs: leave it unset"
                    + " (flux-schnell) or use flux-dev, by short name or owner/name", e);
        }
    }

    private static void size(ImageRequest.Builder b, ImageModel model, FluxSchnellImageOptions o) {
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
            throw new IllegalArgumentException("width and height go together (the model picks an aspect ratio from"
                    + " both); only " + (w == null ? "height" : "width") + " is set");
        }
        ImageRequest sized = ImageRequest.builder().model(model).prompt("size").size(w, h).build();
        String ratio = sized.aspectRatio().map(r -> r.value()).orElse("none");
        String megapixels = sized.megapixels().map(m -> m.value()).orElse("none");
        if (o.getAspectRatio() != null && !o.getAspectRatio().value().equals(ratio)) {
            throw new IllegalArgumentException("width×height " + w + "×" + h + " maps to aspect ratio " + ratio
                    + ", but aspectRatio is " + o.getAspectRatio().value());
        }
        if (o.getMegapixels() != null && !o.getMegapixels().value().equals(megapixels)) {
            throw new IllegalArgumentException("width×height " + w + "×" + h + " maps to " + megapixels
                    + " megapixels, but megapixels is " + o.getMegapixels().value());
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
