package dev.fluxschnell.sdk.request;

/** The models that make images from text: {@link ImageRequest#imageModel()}. */
public enum ImageModel {
    /** black-forest-labs/flux-schnell: 4 steps, the fastest and cheapest; up to 4 images per prediction. */
    FLUX_SCHNELL(Model.FLUX_SCHNELL),
    /** black-forest-labs/flux-dev: 28 steps, guidance; up to 4 images per prediction. */
    FLUX_DEV(Model.FLUX_DEV),
    /** black-forest-labs/flux-1.1-pro: a custom size up to 1440 px a side. */
    FLUX_1_1_PRO(Model.FLUX_1_1_PRO),
    /** black-forest-labs/flux-1.1-pro-ultra: about 4 megapixels, a raw mode, an image prompt. */
    FLUX_1_1_PRO_ULTRA(Model.FLUX_1_1_PRO_ULTRA),
    /** black-forest-labs/flux-2-pro: resolution up to 4 MP or a custom size; billed per megapixel. */
    FLUX_2_PRO(Model.FLUX_2_PRO),
    /** black-forest-labs/flux-2-max: the best FLUX.2; billed per megapixel. */
    FLUX_2_MAX(Model.FLUX_2_MAX),
    /** black-forest-labs/flux-2-flex: steps and guidance tunable; billed per megapixel. */
    FLUX_2_FLEX(Model.FLUX_2_FLEX),
    /** black-forest-labs/flux-2-dev: open weights. */
    FLUX_2_DEV(Model.FLUX_2_DEV),
    /** black-forest-labs/flux-2-klein-4b: small and fast. */
    FLUX_2_KLEIN_4B(Model.FLUX_2_KLEIN_4B),
    /** black-forest-labs/flux-2-klein-9b-base: guidance tunable. */
    FLUX_2_KLEIN_9B(Model.FLUX_2_KLEIN_9B);

    private final Model model;

    ImageModel(Model model) {
        this.model = model;
    }

    /** {@return the short name the CLI and prompt files use, e.g. {@code flux-schnell}} */
    public String value() {
        return ModelDescription.require(model).alias();
    }

    /** {@return the Replicate model} */
    public Model model() {
        return model;
    }

    /**
     * Looks a generation model up by its short name, {@code owner/name} or constant name, case-insensitively.
     *
     * @param text e.g. {@code flux-schnell} or {@code black-forest-labs/flux-dev}
     * @return the model
     */
    public static ImageModel of(String text) {
        return Enums.lookupModel(ImageModel.class, "image model", text, ImageModel::value, ImageModel::model);
    }

    /**
     * {@return the choice for a Replicate model}
     *
     * @param model a model
     * @throws IllegalArgumentException when it does not make images from text
     */
    static ImageModel of(Model model) {
        return Enums.byModel(ImageModel.class, model, ImageModel::model, "make images from text");
    }
}
