package dev.fluxschnell.sdk.request;


/** The models that repaint part of an image: {@link InpaintRequest#inpaintModel()}. */
public enum InpaintModel {
    /** black-forest-labs/flux-fill-pro: inpainting and outpainting, the best quality; PNG or JPEG out. */
    FILL_PRO(Model.FLUX_FILL_PRO),
    /** black-forest-labs/flux-fill-dev: inpainting with open weights; up to 4 images, steps and guidance tunable. */
    FILL_DEV(Model.FLUX_FILL_DEV);

    private final Model model;

    InpaintModel(Model model) {
        this.model = model;
    }

    /** {@return the short name the CLI uses, e.g. {@code fill-pro}} */
    public String value() {
        return ModelDescription.require(model).alias();
    }

    /** {@return the Replicate model} */
    public Model model() {
        return model;
    }

    /**
     * Looks an inpainting model up by its short name, {@code owner/name} or constant name, case-insensitively.
     *
     * @param text e.g. {@code fill-dev} or {@code black-forest-labs/flux-fill-dev}
     * @return the model
     */
    public static InpaintModel of(String text) {
        return Enums.lookupModel(InpaintModel.class, "inpaint model", text, InpaintModel::value, InpaintModel::model);
    }

    /**
     * {@return the choice for a Replicate model}
     *
     * @param model a model
     * @throws IllegalArgumentException when it does not inpaint
     */
    static InpaintModel of(Model model) {
        return Enums.byModel(InpaintModel.class, model, InpaintModel::model, "inpaint");
    }
}
