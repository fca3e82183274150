package dev.fluxschnell.sdk.request;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Upscale an image: 2× or 4× with Real-ESRGAN (the default; a community model billed by GPU time), or Recraft's crisp
 * upscale (official, priced per image, its own factor). Checked by {@link Builder#build()}: a setting the model does
 * not take, a factor other than 2 or 4, and (for Recraft, when the image is local) more than 10 MB, sides outside
 * 32–4096 pixels, more than 16 megapixels or a GIF are refused before anything is sent.
 *
 * <p>Real-ESRGAN's {@code face_enhance} is always sent — {@code false} unless set: the model's own default is
 * {@code true} at the version this SDK was tested with, which runs GFPGAN over every upscale (slower, and faces
 * change). It is the one setting the SDK sends when it is not set.
 *
 * <pre>{@code
 * GenerationResult big = client.generate(UpscaleRequest.of(InputImage.of(Path.of("shoe.png")), 4));
 * }</pre>
 */
public final class UpscaleRequest extends BaseRequest implements ModelRequest {
    /** The SDK keys {@link #fromInputs} reads beside the wire names: none. */
    public static final Set<String> SDK_KEYS = Set.of();
    /** Recraft crisp upscale's limits (recraft.ai API reference: under 10 MB, up to 16 MP, sides 32–4096 px). */
    private static final long RECRAFT_MAX_BYTES = 10_000_000L;

    private final UpscaleModel upscaleModel;

    private UpscaleRequest(UpscaleModel upscaleModel, Map<String, Object> inputs) {
        super(upscaleModel.model(), inputs, Map.of());
        this.upscaleModel = upscaleModel;
    }

    /** {@return a new builder (model: Real-ESRGAN)} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@return a Real-ESRGAN upscale of {@code image} by {@code scale}}
     *
     * @param image the image to upscale
     * @param scale 2 or 4
     * @throws IllegalArgumentException for another factor
     */
    public static UpscaleRequest of(InputImage image, int scale) {
        return builder().image(image).scale(scale).build();
    }

    /**
     * {@return the upscale a wire view describes: the model's inputs by their wire names}
     *
     * @param model an upscale model
     * @param inputs the inputs
     * @throws IllegalArgumentException for a key the model does not take (listing the accepted ones), or a value it
     *     refuses
     */
    public static UpscaleRequest fromInputs(Model model, Map<String, ?> inputs) {
        Objects.requireNonNull(inputs, "inputs must not be null");
        Inputs.checkKeys(model, inputs.keySet(), SDK_KEYS);
        Builder b = builder().model(UpscaleModel.of(model));
        inputs.forEach((k, v) -> b.set(k, Objects.requireNonNull(v, () -> k + " must not be null")));
        return b.build();
    }

    /** {@return a builder holding this request's settings, to derive a variant} */
    public Builder toBuilder() {
        Builder b = builder().model(upscaleModel);
        inputs().forEach(b::set);
        return b;
    }

    /** {@return the upscale model} */
    public UpscaleModel upscaleModel() {
        return upscaleModel;
    }

    /** {@return the image to upscale} */
    public InputImage image() {
        return images("image").get(0);
    }

    /** {@return the factor, if set (Real-ESRGAN; unset: the model's default, 4)} */
    public OptionalInt scale() {
        return integer("scale");
    }

    /** {@return whether faces are enhanced (GFPGAN), for Real-ESRGAN} */
    public Optional<Boolean> faceEnhance() {
        return bool("face_enhance");
    }

    /** {@return e.g. "upscale 4× bag.png"} */
    @Override
    public String summary() {
        return "upscale " + (upscaleModel == UpscaleModel.RECRAFT_CRISP ? "crisp" : scale().orElse(4) + "×") + " "
                + image().describe();
    }

    /** Refuses a Real-ESRGAN factor other than 2 or 4. */
    static void checkScale(int scale) {
        if (scale != 2 && scale != 4) {
            throw new IllegalArgumentException("scale must be 2 or 4, was " + scale);
        }
    }

    /** Builds an {@link UpscaleRequest}; not thread-safe. */
    public static final class Builder {
        private UpscaleModel model = UpscaleModel.REAL_ESRGAN;
        private InputImage image;
        private Integer scale;
        private Boolean faceEnhance;
        private final Map<String, Object> extra = new LinkedHashMap<>();

        private Builder() {}

        /** Sets one entry of a wire view, through the typed setter where there is one. */
        private void set(String key, Object v) {
            switch (key) {
                case "image" -> image(Inputs.image(v, key));
                case "scale" -> scale(Inputs.intValue(v, key));
                case "face_enhance" -> faceEnhance(Inputs.bool(v, key));
                default -> input(key, v);
            }
        }

        /**
         * The model (default {@link UpscaleModel#REAL_ESRGAN}).
         *
         * @param model the upscale model
         * @return this builder
         */
        public Builder model(UpscaleModel model) {
            this.model = Objects.requireNonNull(model, "model must not be null");
            return this;
        }

        /**
         * The image to upscale (required).
         *
         * @param image the image
         * @return this builder
         */
        public Builder image(InputImage image) {
            this.image = Objects.requireNonNull(image, "image must not be null");
            return this;
        }

        /**
         * The factor ({@code scale}): 2 or 4 (Real-ESRGAN; default 4).
         *
         * @param scale 2 or 4
         * @return this builder
         */
        public Builder scale(int scale) {
            this.scale = scale;
            return this;
        }

        /**
         * Enhances faces with GFPGAN while upscaling ({@code face_enhance}; Real-ESRGAN; sent as false unless set).
         *
         * @param faceEnhance whether to enhance faces
         * @return this builder
         */
        public Builder faceEnhance(boolean faceEnhance) {
            this.faceEnhance = faceEnhance;
            return this;
        }

        /**
         * An input the SDK has no setter for, by its wire name: checked against the model's recorded schema when
         * {@link #build()} runs.
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
         * @throws IllegalArgumentException for a setting the model does not take, a factor other than 2 or 4, or an
         *     image Recraft does not accept
         */
        public UpscaleRequest build() {
            if (image == null) {
                throw new IllegalStateException("image is required: call image(InputImage.of(...))");
            }
            if (scale != null) {
                checkScale(scale);
            }
            if (model == UpscaleModel.RECRAFT_CRISP) {
                checkRecraft(image);
            }
            Inputs in = new Inputs(model.model());
            Boolean faces = faceEnhance == null && in.takes("face_enhance") ? Boolean.FALSE : faceEnhance;
            in.put("image", image, "image")
                    .put("scale", scale, "scale")
                    .put("faceEnhance", faces, "face_enhance")
                    .extra(extra);
            return new UpscaleRequest(model, in.build());
        }

        private static void checkRecraft(InputImage image) {
            String what = "recraft-crisp takes PNG, JPEG or WebP images under 10 MB with sides of 32-4096 pixels and "
                    + "at most 16 megapixels; ";
            if (image.mimeType().filter("image/gif"::equals).isPresent()) {
                throw new IllegalArgumentException(what + "the image is a GIF");
            }
            if (image.size().orElse(0) >= RECRAFT_MAX_BYTES) {
                throw new IllegalArgumentException(what + "the image is " + image.size().getAsLong() + " bytes");
            }
            image.dimensions().ifPresent(d -> {
                if (d.width() < 32 || d.height() < 32 || d.width() > 4096 || d.height() > 4096
                        || (long) d.width() * d.height() > 16_000_000L) {
                    throw new IllegalArgumentException(what + "the image is " + d);
                }
            });
        }
    }
}
