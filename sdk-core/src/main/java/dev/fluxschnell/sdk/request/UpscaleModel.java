package dev.fluxschnell.sdk.request;


/** The models that upscale an image: {@link UpscaleRequest#upscaleModel()}. */
public enum UpscaleModel {
    /** nightmareai/real-esrgan: 2× or 4×, optional face enhancement; a community model billed by GPU time. */
    REAL_ESRGAN(Model.REAL_ESRGAN),
    /** recraft-ai/recraft-crisp-upscale: crisp detail at its own factor; official, priced per image. */
    RECRAFT_CRISP(Model.RECRAFT_CRISP_UPSCALE);

    private final Model model;

    UpscaleModel(Model model) {
        this.model = model;
    }

    /** {@return the short name the CLI uses, e.g. {@code real-esrgan}} */
    public String value() {
        return ModelDescription.require(model).alias();
    }

    /** {@return the Replicate model} */
    public Model model() {
        return model;
    }

    /**
     * Looks an upscale model up by its short name, {@code owner/name} or constant name, case-insensitively.
     *
     * @param text e.g. {@code real-esrgan} or {@code recraft-ai/recraft-crisp-upscale}
     * @return the model
     */
    public static UpscaleModel of(String text) {
        return Enums.lookupModel(UpscaleModel.class, "upscale model", text, UpscaleModel::value, UpscaleModel::model);
    }

    /**
     * {@return the choice for a Replicate model}
     *
     * @param model a model
     * @throws IllegalArgumentException when it does not upscale
     */
    static UpscaleModel of(Model model) {
        return Enums.byModel(UpscaleModel.class, model, UpscaleModel::model, "upscale");
    }
}
