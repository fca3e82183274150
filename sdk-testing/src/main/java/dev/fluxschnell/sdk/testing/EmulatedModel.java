package dev.fluxschnell.sdk.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One model the emulator serves: its name, where it is created, its input schema (as its cog {@code predict.py} or
 * its API page declares it), the shape of its output, its default output format, and what its images look like.
 *
 * <p>Sources: replicate/cog-flux {@code predict.py} (flux-schnell, flux-dev, flux-fill-dev; commit 51e81e03),
 * replicate/cog-flux-kontext {@code predict.py} (flux-kontext-dev; commit b9063c1d), and the official models' API pages
 * on replicate.com for flux-kontext-pro (version 0a138193) and flux-fill-pro (version 9609ba73).
 *
 * @param owner the model's owner
 * @param name the model's name
 * @param official whether it is created at {@code /v1/models/{owner}/{name}/predictions} (else by version)
 * @param version the version id {@code GET /v1/models/{owner}/{name}} answers as the latest
 * @param kind what the model does, which decides its placeholder images and sizes
 * @param listOutput whether {@code output} is an array of URIs (else a single URI)
 * @param defaultFormat the output format when the input names none
 * @param fields the input schema, in {@code x-order}
 */
record EmulatedModel(String owner, String name, boolean official, String version, Kind kind, boolean listOutput,
                     String defaultFormat, List<Field> fields) {
    /** What a model does. */
    enum Kind {
        /** Text to image (flux-schnell; flux-dev without an image). */
        GENERATE,
        /** An instruction edit of {@code input_image} (Kontext). */
        EDIT,
        /** Image to image: a new image from {@code image} and the prompt (flux-dev with an image). */
        IMAGE_TO_IMAGE,
        /** Repaints {@code image} where {@code mask} is white, or outpaints it (Fill). */
        INPAINT,
        /** Enlarges {@code image} (Real-ESRGAN by {@code scale}, Recraft crisp by 2). */
        UPSCALE,
        /** Removes {@code image}'s background: transparent, or a colour. */
        REMOVE_BACKGROUND
    }

    /** A JSON type of an input field, as the OpenAPI schema states it. */
    enum Type { STRING, URI, INTEGER, NUMBER, BOOLEAN }

    /**
     * One input field.
     *
     * @param name its wire name
     * @param type its JSON type
     * @param required whether it has no default
     * @param defaultValue its default, or null
     * @param min the least value of a number, or null
     * @param max the greatest value of a number, or null
     * @param choices the allowed strings of an enumeration, or null
     * @param description its description
     */
    record Field(String name, Type type, boolean required, Object defaultValue, Number min, Number max,
                 List<String> choices, String description) {}

    /** The eleven aspect ratios of cog-flux's {@code Inputs} (flux-schnell, flux-dev). */
    static final List<String> RATIOS = List.of("1:1", "16:9", "21:9", "3:2", "2:3", "4:5", "5:4", "3:4", "4:3", "9:16",
            "9:21");
    static final List<String> KONTEXT_RATIOS = concat(List.of("match_input_image"), RATIOS);
    static final List<String> FORMATS = List.of("webp", "jpg", "png");

    static final EmulatedModel FLUX_SCHNELL = new EmulatedModel("black-forest-labs", "flux-schnell", true, null,
            Kind.GENERATE, true, "webp", List.of(
            required("prompt", Type.STRING, "Prompt for generated image"),
            choice("aspect_ratio", RATIOS, "1:1", "Aspect ratio for the generated image"),
            integer("num_outputs", 1, 1, 4, "Number of outputs to generate"),
            integer("num_inference_steps", 4, 1, 4, "Number of denoising steps. 4 is recommended, and lower number of "
                    + "steps produce lower quality outputs, faster."),
            optional("seed", Type.INTEGER, "Random seed. Set for reproducible generation"),
            choice("output_format", FORMATS, "webp", "Format of the output images"),
            integer("output_quality", 80, 0, 100, "Quality when saving the output images, from 0 to 100. 100 is best "
                    + "quality, 0 is lowest quality. Not relevant for .png outputs"),
            bool("disable_safety_checker", false, "Disable safety checker for generated images."),
            bool("go_fast", true, "Run faster predictions with model optimized for speed (currently fp8 quantized); "
                    + "disable to run in original bf16"),
            choice("megapixels", List.of("1", "0.25"), "1", "Approximate number of megapixels for generated image")));

    static final EmulatedModel FLUX_DEV = new EmulatedModel("black-forest-labs", "flux-dev", true, null,
            Kind.IMAGE_TO_IMAGE, true, "webp", List.of(
            required("prompt", Type.STRING, "Prompt for generated image"),
            choice("aspect_ratio", RATIOS, "1:1", "Aspect ratio for the generated image"),
            optional("image", Type.URI, "Input image for image to image mode. The aspect ratio of your output will "
                    + "match this image"),
            number("prompt_strength", 0.8, 0, 1, "Prompt strength when using img2img. 1.0 corresponds to full "
                    + "destruction of information in image"),
            integer("num_outputs", 1, 1, 4, "Number of outputs to generate"),
            integer("num_inference_steps", 28, 1, 50, "Number of denoising steps. Recommended range is 28-50"),
            number("guidance", 3, 0, 10, "Guidance for generated image"),
            optional("seed", Type.INTEGER, "Random seed. Set for reproducible generation"),
            choice("output_format", FORMATS, "webp", "Format of the output images"),
            integer("output_quality", 80, 0, 100, "Quality when saving the output images, from 0 to 100"),
            bool("disable_safety_checker", false, "Disable safety checker for generated images."),
            bool("go_fast", true, "Run faster predictions with model optimized for speed (currently fp8 quantized)"),
            choice("megapixels", List.of("1", "0.25"), "1", "Approximate number of megapixels for generated image")));

    static final EmulatedModel FLUX_KONTEXT_PRO = new EmulatedModel("black-forest-labs", "flux-kontext-pro", true,
            null, Kind.EDIT, false, "png", List.of(
            required("prompt", Type.STRING, "Text description of what you want to generate, or the instruction on how "
                    + "to edit the given image."),
            optional("input_image", Type.URI, "Image to use as reference. Must be jpeg, png, gif, or webp."),
            choice("aspect_ratio", KONTEXT_RATIOS, "match_input_image", "Aspect ratio of the generated image. Use "
                    + "'match_input_image' to match the aspect ratio of the input image."),
            bool("prompt_upsampling", false, "Automatic prompt improvement"),
            optional("seed", Type.INTEGER, "Random seed. Set for reproducible generation"),
            choice("output_format", List.of("jpg", "png"), "png", "Output format for the generated image"),
            integer("safety_tolerance", 2, 0, 6, "Safety tolerance, 0 is most strict and 6 is most permissive. 2 is "
                    + "currently the maximum allowed when input images are used.")));

    static final EmulatedModel FLUX_KONTEXT_DEV = new EmulatedModel("black-forest-labs", "flux-kontext-dev", true,
            null, Kind.EDIT, false, "webp", List.of(
            required("prompt", Type.STRING, "Text description of what you want to generate, or the instruction on how "
                    + "to edit the given image."),
            required("input_image", Type.URI, "Image to use as reference. Must be jpeg, png, gif, or webp."),
            choice("aspect_ratio", KONTEXT_RATIOS, "match_input_image", "Aspect ratio of the generated image. Use "
                    + "'match_input_image' to match the aspect ratio of the input image."),
            integer("num_inference_steps", 28, 4, 50, "Number of inference steps"),
            number("guidance", 2.5, 0, 10, "Guidance scale for generation"),
            optional("seed", Type.INTEGER, "Random seed for reproducible generation. Leave blank for random."),
            choice("output_format", FORMATS, "webp", "Output image format"),
            integer("output_quality", 80, 0, 100, "Quality when saving the output images, from 0 to 100. 100 is best "
                    + "quality, 0 is lowest quality. Not relevant for .png outputs"),
            bool("disable_safety_checker", false, "Disable NSFW safety checker"),
            bool("go_fast", true, "Make the model go fast, output quality may be slightly degraded for more difficult "
                    + "prompts")));

    static final EmulatedModel FLUX_FILL_PRO = new EmulatedModel("black-forest-labs", "flux-fill-pro", true, null,
            Kind.INPAINT, false, "jpg", List.of(
            required("prompt", Type.STRING, "Text prompt for image generation"),
            required("image", Type.URI, "The image to inpaint. Can contain an alpha mask. Must be jpeg, png, gif, or "
                    + "webp."),
            optional("mask", Type.URI, "A black-and-white image that describes the part of the image to inpaint. Black "
                    + "areas will be preserved while white areas will be inpainted. Must have the same size as image."),
            choice("outpaint", List.of("None", "Zoom out 1.5x", "Zoom out 2x", "Make square", "Left outpaint",
                    "Right outpaint", "Top outpaint", "Bottom outpaint"), "None", "A quick option for outpainting an "
                    + "input image. Mask will be ignored."),
            optional("seed", Type.INTEGER, "Random seed. Set for reproducible generation"),
            integer("steps", 50, 1, 50, "Number of diffusion steps. Higher values yield finer details but increase "
                    + "processing time."),
            bool("prompt_upsampling", false, "Automatically modify the prompt for more creative generation"),
            number("guidance", 3, 2, 5, "Controls the balance between adherence to the text prompt and image quality"),
            integer("safety_tolerance", 2, 1, 6, "Safety tolerance, 1 is most strict and 6 is most permissive"),
            choice("output_format", List.of("jpg", "png"), "jpg", "Output format for the generated image")));

    static final EmulatedModel FLUX_FILL_DEV = new EmulatedModel("black-forest-labs", "flux-fill-dev", true, null,
            Kind.INPAINT, true, "webp", List.of(
            required("prompt", Type.STRING, "Prompt for generated image"),
            required("image", Type.URI, "The image to inpaint. Can contain alpha mask. If the image width or height "
                    + "are not multiples of 32, they will be scaled to the closest multiple of 32."),
            optional("mask", Type.URI, "A black-and-white image that describes the part of the image to inpaint. Black "
                    + "areas will be preserved while white areas will be inpainted."),
            integer("num_outputs", 1, 1, 4, "Number of outputs to generate"),
            integer("num_inference_steps", 28, 1, 50, "Number of denoising steps. Recommended range is 28-50"),
            number("guidance", 30, 0, 100, "Guidance for generated image"),
            optional("seed", Type.INTEGER, "Random seed. Set for reproducible generation"),
            choice("megapixels", List.of("1", "0.25", "match_input"), "1", "Approximate number of megapixels for "
                    + "generated image. Use match_input to match the size of the input (with an upper limit of "
                    + "1440x1440 pixels)"),
            choice("output_format", FORMATS, "webp", "Format of the output images"),
            integer("output_quality", 80, 0, 100, "Quality when saving the output images, from 0 to 100"),
            optional("lora_weights", Type.STRING, "Load LoRA weights"),
            number("lora_scale", 1.0, -1, 3, "Determines how strongly the main LoRA should be applied"),
            bool("disable_safety_checker", false, "Disable safety checker for generated images.")));

    /** nightmareai/real-esrgan at the version the SDK pins (replicate.com/nightmareai/real-esrgan/versions/350d3204…). */
    static final EmulatedModel REAL_ESRGAN = new EmulatedModel("nightmareai", "real-esrgan", false,
            "350d32041630ffbe63c8352783a26d94126809164e54085352f8326e53999085", Kind.UPSCALE, false, "png", List.of(
            required("image", Type.URI, "Input image"),
            number("scale", 4, 0, 10, "Factor to scale image by"),
            bool("face_enhance", false, "Run GFPGAN face enhancement along with upscaling")));

    /** recraft-ai/recraft-crisp-upscale (official; no first-party schema found: image only). */
    static final EmulatedModel RECRAFT_CRISP_UPSCALE = new EmulatedModel("recraft-ai", "recraft-crisp-upscale", true,
            null, Kind.UPSCALE, false, "webp", List.of(
            required("image", Type.URI, "Image to upscale")));

    /** bria/remove-background (version 4ed060b3…: image or image_url; transparency only). */
    static final EmulatedModel BRIA_REMOVE_BACKGROUND = new EmulatedModel("bria", "remove-background", true, null,
            Kind.REMOVE_BACKGROUND, false, "png", List.of(
            optional("image", Type.URI, "Image file"),
            optional("image_url", Type.STRING, "Image URL"),
            bool("preserve_alpha", true, "When true, maintains original transparency. When false, output is fully "
                    + "opaque."),
            bool("content_moderation", false, "Enable content moderation"),
            bool("preserve_partial_alpha", true, "[DEPRECATED] Preserve partial alpha. No longer used in V2 API - use "
                    + "preserve_alpha instead.")));

    /** 851-labs/background-remover at the version the SDK pins (a029dff3…; its free-text fields have no enum). */
    static final EmulatedModel BACKGROUND_REMOVER = new EmulatedModel("851-labs", "background-remover", false,
            "a029dff38972b5fda4ec5d75d7d1cd25aeff621d2cf4946a41055d7db66b80bc", Kind.REMOVE_BACKGROUND, false, "png",
            List.of(
            required("image", Type.URI, "Input image"),
            new Field("threshold", Type.NUMBER, false, 0, null, null, null, "Threshold for hard segmentation "
                    + "(0.0-1.0). If 0.0, uses soft alpha."),
            bool("reverse", false, "If True, remove the foreground instead of the background."),
            new Field("background_type", Type.STRING, false, "rgba", null, null, null, "Background type: 'rgba', "
                    + "'map', 'green', 'white', [R,G,B] array, 'blur', 'overlay', or path to an image."),
            new Field("format", Type.STRING, false, "png", null, null, null, "Output format (e.g., png, jpg). "
                    + "Defaults to png.")));

    /** Every model the emulator serves, by {@code owner/name}. */
    static final Map<String, EmulatedModel> ALL = List.of(FLUX_SCHNELL, FLUX_DEV, FLUX_KONTEXT_PRO, FLUX_KONTEXT_DEV,
            FLUX_FILL_PRO, FLUX_FILL_DEV, REAL_ESRGAN, RECRAFT_CRISP_UPSCALE, BRIA_REMOVE_BACKGROUND,
            BACKGROUND_REMOVER).stream().collect(Collectors.toUnmodifiableMap(EmulatedModel::id,
            Function.identity()));

    EmulatedModel {
        if (version == null) {
            version = FileStore.digest("SHA-256", (owner + "/" + name + "@emulator")
                    .getBytes(StandardCharsets.UTF_8));
        }
        fields = List.copyOf(fields);
    }

    /** {@return {@code owner/name}} */
    String id() {
        return owner + "/" + name;
    }

    /** {@return the field named {@code name}, or null} */
    Field field(String fieldName) {
        for (Field f : fields) {
            if (f.name().equals(fieldName)) {
                return f;
            }
        }
        return null;
    }

    /**
     * {@return the model a community create names by {@code version} ({@code id} or {@code owner/name:id}), or null}
     *
     * @param version the body's {@code version}
     */
    static EmulatedModel byVersion(String version) {
        String id = version.contains(":") ? version.substring(version.indexOf(':') + 1) : version;
        for (EmulatedModel m : ALL.values()) {
            if (m.version().equals(id)) {
                return m;
            }
        }
        return null;
    }

    private static Field required(String name, Type type, String description) {
        return new Field(name, type, true, null, null, null, null, description);
    }

    private static Field optional(String name, Type type, String description) {
        return new Field(name, type, false, null, null, null, null, description);
    }

    private static Field integer(String name, int def, int min, int max, String description) {
        return new Field(name, Type.INTEGER, false, def, min, max, null, description);
    }

    private static Field number(String name, double def, double min, double max, String description) {
        return new Field(name, Type.NUMBER, false, def, min, max, null, description);
    }

    private static Field bool(String name, boolean def, String description) {
        return new Field(name, Type.BOOLEAN, false, def, null, null, null, description);
    }

    private static Field choice(String name, List<String> choices, String def, String description) {
        return new Field(name, Type.STRING, false, def, null, null, List.copyOf(choices), description);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
