package dev.fluxschnell.sdk.request;

import dev.fluxschnell.sdk.internal.Enums;

/** The models that remove an image's background: {@link RemoveBackgroundRequest#backgroundModel()}. */
public enum BackgroundModel {
    /** bria/remove-background: a transparent background; official, priced per image. */
    BRIA("bria", Model.BRIA_REMOVE_BACKGROUND),
    /** 851-labs/background-remover: transparent or a colour (white); a community model billed by GPU time. */
    BACKGROUND_REMOVER("851-labs", Model.BACKGROUND_REMOVER);

    private final String value;
    private final Model model;

    BackgroundModel(String value, Model model) {
        this.value = value;
        this.model = model;
    }

    /** {@return the short name the CLI uses, e.g. {@code bria}} */
    public String value() {
        return value;
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
}
