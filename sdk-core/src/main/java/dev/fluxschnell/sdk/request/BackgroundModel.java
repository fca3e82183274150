package dev.fluxschnell.sdk.request;


/** The models that remove an image's background: {@link RemoveBackgroundRequest#backgroundModel()}. */
public enum BackgroundModel {
    /** bria/remove-background: a transparent background; official, priced per image. */
    BRIA(Model.BRIA_REMOVE_BACKGROUND),
    /** 851-labs/background-remover: transparent or a colour (white); a community model billed by GPU time. */
    BACKGROUND_REMOVER(Model.BACKGROUND_REMOVER);

    private final Model model;

    BackgroundModel(Model model) {
        this.model = model;
    }

    /** {@return the short name the CLI uses, e.g. {@code bria}} */
    public String value() {
        return ModelDescription.require(model).alias();
    }

    /** {@return the Replicate model} */
    public Model model() {
        return model;
    }

    /** The model a background gets by default: Bria for transparency, 851-labs for a colour. */
    static BackgroundModel defaultFor(Background background) {
        return background == Background.TRANSPARENT ? BRIA : BACKGROUND_REMOVER;
    }

    /**
     * Looks a background model up by its short name, {@code owner/name} or constant name, case-insensitively.
     *
     * @param text e.g. {@code bria} or {@code 851-labs/background-remover}
     * @return the model
     */
    public static BackgroundModel of(String text) {
        return Enums.lookupModel(BackgroundModel.class, "background model", text, BackgroundModel::value, BackgroundModel::model);
    }

    /**
     * {@return the choice for a Replicate model}
     *
     * @param model a model
     * @throws IllegalArgumentException when it does not remove backgrounds
     */
    static BackgroundModel of(Model model) {
        return Enums.byModel(BackgroundModel.class, model, BackgroundModel::model, "remove backgrounds");
    }
}
