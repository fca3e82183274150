package dev.fluxschnell.sdk.request;

/** The models that make images from text: {@link ImageRequest#imageModel()}. */
public enum ImageModel {
    /** black-forest-labs/flux-schnell: 4 steps, the fastest and cheapest; up to 4 images per prediction. */
    FLUX_SCHNELL(Model.FLUX_SCHNELL),
    /** black-forest-labs/flux-dev: 28 steps, guidance; up to 4 images per prediction. */
    FLUX_DEV(Model.FLUX_DEV);

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
