package dev.fluxschnell.sdk.request;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Removes an image's background: to transparency with Bria (the default; official, priced per image), or to
 * transparency or white with 851-labs' background remover (a community model billed by GPU time). Bria accepts PNG
 * and JPEG only (Bria's API answers 415 otherwise): a local WebP is refused by {@link Builder#build()}, and a pipeline
 * asks the step before it for PNG.
 *
 * <pre>{@code
 * GenerationResult cutout = client.generate(RemoveBackgroundRequest.of(InputImage.of(Path.of("shoe.png"))));
 * }</pre>
 */
public final class RemoveBackgroundRequest extends BaseRequest implements ModelRequest {
    /** The SDK keys {@link #fromInputs} reads beside the wire names: {@code background}. */
    public static final Set<String> SDK_KEYS = Set.of("background");

    private final BackgroundModel backgroundModel;
    private final Background background;

    private RemoveBackgroundRequest(BackgroundModel backgroundModel, Map<String, Object> inputs,
                                    Background background) {
        super(backgroundModel.model(), inputs, Map.of());
        this.backgroundModel = backgroundModel;
        this.background = background;
    }

    /** {@return a new builder (model: Bria for transparency, 851-labs for a colour)} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@return a transparent-background cutout of {@code image} with Bria}
     *
     * @param image the image
     */
    public static RemoveBackgroundRequest of(InputImage image) {
        return builder().image(image).build();
    }

    /**
     * {@return {@code image} with its background replaced by {@code background} (transparent: Bria; white: 851-labs)}
     *
     * @param image the image
     * @param background transparent or white
     */
    public static RemoveBackgroundRequest of(InputImage image, Background background) {
        return builder().image(image).background(background).build();
    }

    /**
     * {@return the request a wire view describes: the model's inputs by their wire names, plus the SDK key
     * {@code background}}
     *
     * @param model a background-removal model
     * @param inputs the inputs
     * @throws IllegalArgumentException for a key the model does not take (listing the accepted ones), or a value it
     *     refuses
     */
    public static RemoveBackgroundRequest fromInputs(Model model, Map<String, ?> inputs) {
        Objects.requireNonNull(inputs, "inputs must not be null");
        Inputs.checkKeys(model, inputs.keySet(), SDK_KEYS);
        Builder b = builder().model(BackgroundModel.of(model));
        inputs.forEach((k, v) -> b.set(k, Objects.requireNonNull(v, () -> k + " must not be null")));
        return b.build();
    }

    /** {@return a builder holding this request's settings, to derive a variant} */
    public Builder toBuilder() {
        Builder b = builder().model(backgroundModel).background(background);
        inputs().forEach(b::set);
        return b;
    }

    /** {@return the background-removal model} */
    public BackgroundModel backgroundModel() {
        return backgroundModel;
    }

    /** {@return the image} */
    public InputImage image() {
        return images("image").get(0);
    }

    /** {@return what replaces the background} */
    public Background background() {
        return background;
    }

    /** {@return e.g. "remove background (white) shoe.png"} */
    @Override
    public String summary() {
        return label(background) + " " + image().describe();
    }

    static String label(Background background) {
        return "remove background" + (background == Background.TRANSPARENT ? "" : " (" + background.value() + ")");
    }

    /** Builds a {@link RemoveBackgroundRequest}; not thread-safe. */
    public static final class Builder {
        private BackgroundModel model;
        private InputImage image;
        private Background background = Background.TRANSPARENT;
        private final Map<String, Object> extra = new LinkedHashMap<>();

        private Builder() {}

        /** Sets one entry of a wire view, through the typed setter where there is one. */
        private void set(String key, Object v) {
            switch (key) {
                case "image" -> image(Inputs.image(v, key));
                case "background" -> background(v instanceof Background g ? g : Background.of(Inputs.text(v, key)));
                case "background_type" -> {
                    String t = Inputs.text(v, key);
                    if (t.equals("white") || t.equals("rgba")) {
                        background(t.equals("white") ? Background.WHITE : Background.TRANSPARENT);
                    } else {
                        input(key, v);
                    }
                }
                default -> input(key, v);
            }
        }

        /**
         * The model (default: Bria for a transparent background, 851-labs for white).
         *
         * @param model the background-removal model
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
         * What replaces the background (default transparent; 851-labs' {@code background_type}).
         *
         * @param background transparent or white
         * @return this builder
         */
        public Builder background(Background background) {
            this.background = Objects.requireNonNull(background, "background must not be null");
            return this;
        }

        /**
         * An input the SDK has no setter for, by its wire name (e.g. Bria's {@code content_moderation}): checked
         * against the model's recorded schema when {@link #build()} runs.
         *
         * @param wireName the input's name in the model's schema
         * @param value its value
         * @return this builder
         */
        public Builder input(String wireName, Object value) {
            extra.put(Objects.requireNonNull(wireName, "wireName must not be null"),
                    Objects.requireNonNull(value, "value must not be null"));
            return this;
        }

        /**
         * {@return the request}
         *
         * @throws IllegalStateException when the image is missing
         * @throws IllegalArgumentException for a background the model cannot make, or a WebP given to Bria
         */
        public RemoveBackgroundRequest build() {
            if (image == null) {
                throw new IllegalStateException("image is required: call image(InputImage.of(...))");
            }
            BackgroundModel m = model != null ? model : BackgroundModel.defaultFor(background);
            Inputs in = new Inputs(m.model());
            if (background != Background.TRANSPARENT && !in.takes("background_type")) {
                throw new IllegalArgumentException(m.model() + " answers a transparent background only; for "
                        + background.value() + " use BackgroundModel.BACKGROUND_REMOVER (851-labs), or leave the model "
                        + "unset");
            }
            if (m == BackgroundModel.BRIA && image.mimeType().filter("image/webp"::equals).isPresent()) {
                throw new IllegalArgumentException("bria/remove-background takes PNG or JPEG (Bria's API answers 415 "
                        + "to other formats); " + image.describe() + " is WebP: convert it, or use 851-labs");
            }
            in.put("image", image, "image");
            if (in.takes("background_type") && !extra.containsKey("background_type")) {
                in.put("background", background == Background.WHITE ? "white" : "rgba", "background_type");
            }
            in.extra(extra);
            return new RemoveBackgroundRequest(m, in.build(), background);
        }
    }
}
