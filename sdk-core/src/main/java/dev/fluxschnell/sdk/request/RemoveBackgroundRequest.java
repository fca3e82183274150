package dev.fluxschnell.sdk.request;

import dev.fluxschnell.sdk.internal.Hashes;
import java.util.List;
import java.util.Objects;

/**
 * Remove an image's background, leaving it transparent or white. Unless a model is set, a transparent background is
 * made by Bria (official, priced per image) and a white one by 851-labs' background remover (a community model billed
 * by GPU time: Bria answers transparency only).
 *
 * <pre>{@code
 * GenerationResult cutout = client.run(RemoveBackgroundRequest.of(InputImage.of(Path.of("shoe.jpg"))));
 * GenerationResult onWhite = client.run(RemoveBackgroundRequest.of(InputImage.of(Path.of("shoe.jpg")),
 *         Background.WHITE));
 * }</pre>
 */
public final class RemoveBackgroundRequest implements ModelRequest {
    private final BackgroundModel model;
    private final InputImage image;
    private final Background background;

    private RemoveBackgroundRequest(BackgroundModel model, InputImage image, Background background) {
        this.model = model;
        this.image = image;
        this.background = background;
    }

    /** {@return a new builder (background: transparent; model: chosen by the background)} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@return a transparent-background cutout of {@code image} (Bria)}
     *
     * @param image the image
     */
    public static RemoveBackgroundRequest of(InputImage image) {
        return builder().image(image).build();
    }

    /**
     * {@return {@code image} with its background replaced by {@code background}}
     *
     * @param image the image
     * @param background transparent or white
     */
    public static RemoveBackgroundRequest of(InputImage image, Background background) {
        return builder().image(image).background(background).build();
    }

    /** {@return a builder holding this request's settings} */
    public Builder toBuilder() {
        return new Builder().model(model).image(image).background(background);
    }

    /** {@return the background model (chosen by the background when none was set)} */
    public BackgroundModel backgroundModel() {
        return model;
    }

    /** {@return the Replicate model} */
    @Override
    public Model model() {
        return model.model();
    }

    /** {@return the image} */
    public InputImage image() {
        return image;
    }

    /** {@return what replaces the background} */
    public Background background() {
        return background;
    }

    /** {@return e.g. "remove background (white) shoe.jpg"} */
    @Override
    public String summary() {
        return label(background) + " " + image.describe();
    }

    /** What replacing the background with {@code background} is called in summaries and step names. */
    static String label(Background background) {
        return "remove background" + (background == Background.TRANSPARENT ? "" : " (" + background.value() + ")");
    }

    /** {@return the image} */
    @Override
    public List<InputImage> inputImages() {
        return List.of(image);
    }

    /** {@return 1: a background remover answers one image} */
    @Override
    public int numOutputs() {
        return 1;
    }

    @Override
    public String cacheKey() {
        return Hashes.of("remove-background", model.name(), image.key(), background.name());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RemoveBackgroundRequest r && cacheKey().equals(r.cacheKey()) && image.equals(r.image);
    }

    @Override
    public int hashCode() {
        return cacheKey().hashCode();
    }

    @Override
    public String toString() {
        return "RemoveBackgroundRequest{" + model.value() + ", image=" + image.describe() + ", background="
                + background.value() + "}";
    }

    /** Builds a {@link RemoveBackgroundRequest}; not thread-safe. */
    public static final class Builder {
        private BackgroundModel model;
        private InputImage image;
        private Background background = Background.TRANSPARENT;

        private Builder() {}

        /**
         * The model (default: {@link BackgroundModel#BRIA} for transparency, {@link BackgroundModel#BACKGROUND_REMOVER}
         * for a colour).
         *
         * @param model the background model
         * @return this builder
         */
        public Builder model(BackgroundModel model) {
            this.model = Objects.requireNonNull(model, "model must not be null");
            return this;
        }

        /**
         * The image (required).
         *
         * @param image the image
         * @return this builder
         */
        public Builder image(InputImage image) {
            this.image = Objects.requireNonNull(image, "image must not be null");
            return this;
        }

        /**
         * What replaces the background (default transparent).
         *
         * @param background transparent or white
         * @return this builder
         */
        public Builder background(Background background) {
            this.background = Objects.requireNonNull(background, "background must not be null");
            return this;
        }

        /**
         * {@return the request}
         *
         * @throws IllegalStateException when the image is missing
         * @throws IllegalArgumentException for a colour on Bria (transparency only)
         */
        public RemoveBackgroundRequest build() {
            if (image == null) {
                throw new IllegalStateException("image is required: call image(InputImage.of(...))");
            }
            BackgroundModel m = model != null ? model
                    : BackgroundModel.defaultFor(background);
            if (m == BackgroundModel.BRIA && background != Background.TRANSPARENT) {
                throw new IllegalArgumentException("bria answers a transparent background only; for "
                        + background.value() + " use BackgroundModel.BACKGROUND_REMOVER (851-labs), or leave the model "
                        + "unset");
            }
            return new RemoveBackgroundRequest(m, image, background);
        }
    }
}
