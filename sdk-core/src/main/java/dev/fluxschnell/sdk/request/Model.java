package dev.fluxschnell.sdk.request;

import java.util.Objects;

/**
 * A model on Replicate, by its owner and name ({@code black-forest-labs/flux-schnell}). The constants are the models
 * this SDK knows how to call — their endpoint, inputs, output shape and price; every request names one.
 *
 * @param owner the model's owner, e.g. {@code black-forest-labs}
 * @param name the model's name, e.g. {@code flux-schnell}
 */
public record Model(String owner, String name) {
    /** Text to image, 4 steps, per image: {@link ImageRequest}. */
    public static final Model FLUX_SCHNELL = new Model("black-forest-labs", "flux-schnell");
    /** Instruction edits of an image, the best quality: {@link EditRequest}. */
    public static final Model FLUX_KONTEXT_PRO = new Model("black-forest-labs", "flux-kontext-pro");
    /** Instruction edits of an image, open weights, tunable: {@link EditRequest}. */
    public static final Model FLUX_KONTEXT_DEV = new Model("black-forest-labs", "flux-kontext-dev");
    /** Image to image with a prompt strength: {@link EditRequest}. */
    public static final Model FLUX_DEV = new Model("black-forest-labs", "flux-dev");
    /** Inpainting and outpainting: {@link InpaintRequest}. */
    public static final Model FLUX_FILL_PRO = new Model("black-forest-labs", "flux-fill-pro");
    /** Inpainting, open weights: {@link InpaintRequest}. */
    public static final Model FLUX_FILL_DEV = new Model("black-forest-labs", "flux-fill-dev");
    /** Instruction edits, the most faithful Kontext: {@link EditRequest}. */
    public static final Model FLUX_KONTEXT_MAX = new Model("black-forest-labs", "flux-kontext-max");
    /** Text to image, FLUX 1.1 Pro: {@link ImageRequest}. */
    public static final Model FLUX_1_1_PRO = new Model("black-forest-labs", "flux-1.1-pro");
    /** Text to image at about 4 megapixels, with a raw mode: {@link ImageRequest}. */
    public static final Model FLUX_1_1_PRO_ULTRA = new Model("black-forest-labs", "flux-1.1-pro-ultra");
    /** FLUX.2 Pro: text to image, or edits of up to 8 reference images; billed per megapixel. */
    public static final Model FLUX_2_PRO = new Model("black-forest-labs", "flux-2-pro");
    /** FLUX.2 Max: the best FLUX.2, up to 8 reference images; billed per megapixel. */
    public static final Model FLUX_2_MAX = new Model("black-forest-labs", "flux-2-max");
    /** FLUX.2 Flex: steps and guidance tunable, up to 10 reference images; billed per megapixel. */
    public static final Model FLUX_2_FLEX = new Model("black-forest-labs", "flux-2-flex");
    /** FLUX.2 Dev: open weights, up to 4 reference images. */
    public static final Model FLUX_2_DEV = new Model("black-forest-labs", "flux-2-dev");
    /** FLUX.2 Klein 4B: small and fast, up to 5 reference images ({@code images}); answers an array. */
    public static final Model FLUX_2_KLEIN_4B = new Model("black-forest-labs", "flux-2-klein-4b");
    /** FLUX.2 Klein 9B base: up to 5 reference images ({@code images}), guidance; answers an array. */
    public static final Model FLUX_2_KLEIN_9B = new Model("black-forest-labs", "flux-2-klein-9b-base");
    /** Upscaling 2× or 4× (a community model, billed by GPU time): {@link UpscaleRequest}. */
    public static final Model REAL_ESRGAN = new Model("nightmareai", "real-esrgan");
    /** Crisp upscaling (official, per image): {@link UpscaleRequest}. */
    public static final Model RECRAFT_CRISP_UPSCALE = new Model("recraft-ai", "recraft-crisp-upscale");
    /** Background removal to transparency (official, per image): {@link RemoveBackgroundRequest}. */
    public static final Model BRIA_REMOVE_BACKGROUND = new Model("bria", "remove-background");
    /** Background removal to transparency or a colour (a community model, GPU time): {@link RemoveBackgroundRequest}. */
    public static final Model BACKGROUND_REMOVER = new Model("851-labs", "background-remover");

    /**
     * Checks the components.
     *
     * @param owner the model's owner
     * @param name the model's name
     */
    public Model {
        Objects.requireNonNull(owner, "owner must not be null");
        Objects.requireNonNull(name, "name must not be null");
        if (!owner.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}") || !name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")) {
            throw new IllegalArgumentException("a model is owner/name of letters, digits, '-', '_' and '.', was "
                    + owner + "/" + name);
        }
    }

    /**
     * Parses {@code owner/name}.
     *
     * @param ownerAndName e.g. {@code black-forest-labs/flux-kontext-pro}
     * @return the model
     */
    public static Model of(String ownerAndName) {
        Objects.requireNonNull(ownerAndName, "ownerAndName must not be null");
        int slash = ownerAndName.indexOf('/');
        if (slash < 1 || slash != ownerAndName.lastIndexOf('/')) {
            throw new IllegalArgumentException("a model is \"owner/name\", was \"" + ownerAndName + "\"");
        }
        return new Model(ownerAndName.substring(0, slash), ownerAndName.substring(slash + 1));
    }

    /**
     * Parses a model as the CLI, prompt files and Spring properties write it: its short name ({@code kontext-pro},
     * {@code flux-2-pro}, {@link ModelDescription#alias()}), {@code owner/name}, or the name alone for a model the SDK
     * calls ({@code flux-kontext-pro}), case-insensitively.
     *
     * @param text the model
     * @return the model
     * @throws IllegalArgumentException naming the short names there are, for text that is none of these
     */
    public static Model parse(String text) {
        Objects.requireNonNull(text, "text must not be null");
        String t = text.strip().toLowerCase(java.util.Locale.ROOT);
        for (ModelDescription d : ModelDescription.all()) {
            if (d.alias().equals(t) || d.model().name().equals(t) || d.model().toString().equals(t)) {
                return d.model();
            }
        }
        if (t.contains("/")) {
            return of(text.strip());
        }
        throw new IllegalArgumentException("model '" + text + "' is not one the SDK calls: "
                + String.join(", ", ModelDescription.all().stream().map(ModelDescription::alias).toList())
                + ", or owner/name");
    }

    /** {@return the models this SDK knows how to call (the constants above)} */
    public static java.util.List<Model> known() {
        return ModelDescription.all().stream().map(ModelDescription::model).toList();
    }

    /**
     * {@return whether this is a community model: created by version on {@code /v1/predictions} and billed by GPU
     * time (false for official models and for models this SDK does not know)}
     */
    public boolean isCommunity() {
        return ModelDescription.of(this).map(d -> d.endpoint() == ModelDescription.Endpoint.COMMUNITY).orElse(false);
    }

    /**
     * {@return the version this SDK release was tested against (its recorded schema's; pin a community model to it
     * with {@link dev.fluxschnell.sdk.FluxSchnellClient.Builder#modelVersion} or
     * {@link dev.fluxschnell.sdk.FluxSchnellClient.Builder#pinTestedVersions()})}
     */
    public java.util.Optional<String> testedVersion() {
        return ModelDescription.of(this).flatMap(ModelDescription::testedVersion);
    }

    /**
     * {@return whether {@code o} is the same model: the same owner and name} Written out, as is {@link #hashCode()}:
     * a record's generated ones link method handles on their first call, about 40 ms of a fresh JVM's start, on the
     * critical path of every CLI run (measured in bench/, "The CLI"). A new component must be added to both.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof Model m && owner.equals(m.owner) && name.equals(m.name);
    }

    /** {@return a hash of the owner and name} */
    @Override
    public int hashCode() {
        return 31 * owner.hashCode() + name.hashCode();
    }

    /** {@return {@code owner/name}} */
    @Override
    public String toString() {
        return owner + "/" + name;
    }
}
