package dev.fluxschnell.sdk.request;


/** The models that edit an image from a prompt: {@link EditRequest#editModel()}. */
public enum EditModel {
    /** black-forest-labs/flux-kontext-pro: instruction edits ("make the bag red"), the best quality; PNG or JPEG out. */
    KONTEXT_PRO(Model.FLUX_KONTEXT_PRO),
    /** black-forest-labs/flux-kontext-max: instruction edits, the most faithful Kontext; PNG or JPEG out. */
    KONTEXT_MAX(Model.FLUX_KONTEXT_MAX),
    /** black-forest-labs/flux-kontext-dev: instruction edits with open weights; steps and guidance tunable. */
    KONTEXT_DEV(Model.FLUX_KONTEXT_DEV),
    /** black-forest-labs/flux-dev: image to image — a new image from the prompt, as close to the source as strength. */
    FLUX_DEV(Model.FLUX_DEV),
    /** black-forest-labs/flux-2-pro: an edit of up to 8 images (the first and its references). */
    FLUX_2_PRO(Model.FLUX_2_PRO),
    /** black-forest-labs/flux-2-max: an edit of up to 8 images. */
    FLUX_2_MAX(Model.FLUX_2_MAX),
    /** black-forest-labs/flux-2-flex: an edit of up to 10 images; steps and guidance tunable. */
    FLUX_2_FLEX(Model.FLUX_2_FLEX),
    /** black-forest-labs/flux-2-dev: an edit of up to 4 images. */
    FLUX_2_DEV(Model.FLUX_2_DEV),
    /** black-forest-labs/flux-2-klein-4b: an edit of up to 5 images ({@code images}). */
    FLUX_2_KLEIN_4B(Model.FLUX_2_KLEIN_4B),
    /** black-forest-labs/flux-2-klein-9b-base: an edit of up to 5 images ({@code images}). */
    FLUX_2_KLEIN_9B(Model.FLUX_2_KLEIN_9B);

    private final Model model;

    EditModel(Model model) {
        this.model = model;
    }

    /** {@return the short name the CLI uses, e.g. {@code kontext-pro}} */
    public String value() {
        return ModelDescription.require(model).alias();
    }

    /** {@return the Replicate model} */
    public Model model() {
        return model;
    }

    /**
     * Looks an edit model up by its short name, {@code owner/name} or constant name, case-insensitively.
     *
     * @param text e.g. {@code kontext-dev} or {@code black-forest-labs/flux-kontext-dev}
     * @return the model
     */
    public static EditModel of(String text) {
        return Enums.lookupModel(EditModel.class, "edit model", text, EditModel::value, EditModel::model);
    }

    /**
     * {@return the choice for a Replicate model}
     *
     * @param model a model
     * @throws IllegalArgumentException when it does not edit images
     */
    static EditModel of(Model model) {
        return Enums.byModel(EditModel.class, model, EditModel::model, "edit images");
    }
}
