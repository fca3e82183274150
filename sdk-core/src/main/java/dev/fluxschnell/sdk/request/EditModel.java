package dev.fluxschnell.sdk.request;


/** The models that edit an image from a prompt: {@link EditRequest#editModel()}. */
public enum EditModel {
    /** black-forest-labs/flux-kontext-pro: instruction edits ("make the bag red"), the best quality; PNG or JPEG out. */
    KONTEXT_PRO(Model.FLUX_KONTEXT_PRO),
    /** black-forest-labs/flux-kontext-dev: instruction edits with open weights; steps, guidance, go_fast tunable. */
    KONTEXT_DEV(Model.FLUX_KONTEXT_DEV),
    /** black-forest-labs/flux-dev: image to image — a new image from the prompt, as close to the source as strength. */
    FLUX_DEV(Model.FLUX_DEV);

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
