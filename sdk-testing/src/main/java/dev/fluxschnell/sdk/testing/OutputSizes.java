package dev.fluxschnell.sdk.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;

/**
 * The pixel size of a generated (not edited) image, from the input as the model reads it: cog-flux's table for
 * flux-schnell and flux-dev (aspect ratio and {@code megapixels}); for the models that take a {@code resolution}
 * ("0.5 MP" … "4 MP"), {@code output_megapixels} or an {@code aspect_ratio} of {@code custom} with
 * {@code width}/{@code height} (FLUX.2, FLUX 1.1 Pro), the ratio at that many megapixels, sides rounded to the
 * schema's multiple (16 unless it says otherwise) and at most 2048; {@code match_input_image} takes the source's.
 */
final class OutputSizes {
    private OutputSizes() {}

    /** {@return {width, height} of what {@code model} makes from {@code input} ({@code source}: the first image)} */
    static int[] of(EmulatedModel model, JsonNode input, BufferedImage source) {
        String ratio = input.path("aspect_ratio").asText(model.schema().field("aspect_ratio")
                .flatMap(f -> f.defaultValue()).map(Object::toString).orElse("1:1"));
        int multiple = model.schema().field("width").flatMap(f -> java.util.Optional.ofNullable(
                f.multipleOf().isPresent() ? f.multipleOf().getAsInt() : null)).orElse(16);
        if (ratio.equals("custom")) {
            return new int[] {round(input.path("width").asInt(1024), multiple),
                    round(input.path("height").asInt(1024), multiple)};
        }
        if (model.schema().field("megapixels").isPresent() && InputSchema.SIZES.containsKey(ratio)) {
            int[] size = InputSchema.SIZES.get(ratio);
            boolean quarter = input.path("megapixels").asText("1").equals("0.25");
            return new int[] {quarter ? size[0] / 2 : size[0], quarter ? size[1] / 2 : size[1]};
        }
        double aspect = ratio.equals("match_input_image") && source != null
                ? (double) source.getWidth() / source.getHeight() : parse(ratio);
        double mp = megapixels(model, input, source);
        double w = Math.sqrt(mp * 1024 * 1024 * aspect);
        double h = w / aspect;
        double fit = Math.min(1.0, 2048.0 / Math.max(w, h));
        return new int[] {round(w * fit, multiple), round(h * fit, multiple)};
    }

    private static double megapixels(EmulatedModel model, JsonNode input, BufferedImage source) {
        String r = input.path("resolution").asText(input.path("output_megapixels").asText(""));
        if (r.isEmpty()) {
            r = model.schema().field("resolution").or(() -> model.schema().field("output_megapixels"))
                    .flatMap(f -> f.defaultValue()).map(Object::toString).orElse(model.name().endsWith("-ultra")
                    ? "4" : "1");
        }
        if (r.equals("match_input_image")) {
            return source == null ? 1 : Math.max(0.5, Math.min(4, (double) source.getWidth() * source.getHeight()
                    / (1024 * 1024)));
        }
        return Double.parseDouble(r.replace("MP", "").strip());
    }

    private static double parse(String ratio) {
        int colon = ratio.indexOf(':');
        return colon < 0 ? 1 : Double.parseDouble(ratio.substring(0, colon)) / Double.parseDouble(ratio.substring(colon
                + 1));
    }

    static int round(double v, int multiple) {
        return Math.max(multiple, (int) Math.round(v / multiple) * multiple);
    }
}
