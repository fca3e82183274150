package dev.fluxschnell.spring.ai;

import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.Style;

/** Spring AI options → the SDK's {@link ImageRequest}: every option checked, nothing dropped silently. */
final class FluxSchnellRequests {
    private FluxSchnellRequests() {}

    /** The request for {@code prompt} with {@code options} ({@code n} is applied by splitting, not here). */
    static ImageRequest toRequest(String prompt, FluxSchnellImageOptions options) {
        String model = options.getModel();
        if (model != null && !model.equals(FluxSchnellImageModel.MODEL)
                && !model.equals(FluxSchnellImageModel.SPRING_AI_MODEL)) {
            throw new IllegalArgumentException("model '" + model + "' is not flux-schnell: leave it unset or use "
                    + FluxSchnellImageModel.MODEL);
        }
        base64(options.getResponseFormat()); // checked before anything is sent
        ImageRequest.Builder b = ImageRequest.builder().prompt(prompt);
        if (options.getStyle() != null) {
            b.style(Style.of(options.getStyle()));
        }
        size(b, options);
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

    private static void size(ImageRequest.Builder b, FluxSchnellImageOptions o) {
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
            throw new IllegalArgumentException("width and height go together (flux-schnell picks an aspect ratio from"
                    + " both); only " + (w == null ? "height" : "width") + " is set");
        }
        ImageRequest sized = ImageRequest.builder().prompt("size").size(w, h).build();
        if (o.getAspectRatio() != null && o.getAspectRatio() != sized.aspectRatio()) {
            throw new IllegalArgumentException("width×height " + w + "×" + h + " maps to aspect ratio "
                    + sized.aspectRatio().value() + ", but aspectRatio is " + o.getAspectRatio().value());
        }
        if (o.getMegapixels() != null && o.getMegapixels() != sized.megapixels()) {
            throw new IllegalArgumentException("width×height " + w + "×" + h + " maps to " + sized.megapixels().value()
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
