package dev.fluxschnell.sdk.request;

import dev.fluxschnell.sdk.internal.Checks;
import dev.fluxschnell.sdk.internal.Hashes;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Upscale an image: 2× or 4× with Real-ESRGAN (the default; a community model billed by GPU time), or Recraft's crisp
 * upscale (official, priced per image, its own factor). Checked by {@link Builder#build()}: a setting the model does
 * not take, a factor other than 2 or 4, and (for Recraft, when the image's size is known) sides outside 32–4096 pixels
 * or more than 16 megapixels are refused before anything is sent.
 *
 * <pre>{@code
 * GenerationResult big = client.run(UpscaleRequest.of(InputImage.of(Path.of("shoe.png")), 4));
 * }</pre>
 */
public final class UpscaleRequest implements ModelRequest {
    private final UpscaleModel model;
    private final InputImage image;
    private final Integer scale;
    private final Boolean faceEnhance;

    private UpscaleRequest(Builder b) {
        this.model = b.model;
        this.image = b.image;
        this.scale = b.scale;
        this.faceEnhance = b.faceEnhance;
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

    /** {@return a builder holding this request's settings, to derive a variant} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.model = model;
        b.image = image;
        b.scale = scale;
        b.faceEnhance = faceEnhance;
        return b;
    }

    /** {@return the upscale model} */
    public UpscaleModel upscaleModel() {
        return model;
    }

    /** {@return the Replicate model} */
    @Override
    public Model model() {
        return model.model();
    }

    /** {@return the image to upscale} */
    public InputImage image() {
        return image;
    }

    /** {@return the factor, if set (Real-ESRGAN; unset: the model's default, 4)} */
    public OptionalInt scale() {
        return scale == null ? OptionalInt.empty() : OptionalInt.of(scale);
    }

    /** {@return whether faces are enhanced (GFPGAN), if set (Real-ESRGAN)} */
    public Optional<Boolean> faceEnhance() {
        return Optional.ofNullable(faceEnhance);
    }

    /** {@return e.g. "upscale 4× bag.png"} */
    @Override
    public String summary() {
        return "upscale " + (model == UpscaleModel.RECRAFT_CRISP ? "crisp" : (scale == null ? 4 : scale) + "×") + " "
                + image.describe();
    }

    /** {@return the image} */
    @Override
    public List<InputImage> inputImages() {
        return List.of(image);
    }

    /** {@return 1: an upscaler answers one image} */
    @Override
    public int numOutputs() {
        return 1;
    }

    @Override
    public String cacheKey() {
        return Hashes.of("upscale", model.name(), image.key(), String.valueOf(scale), String.valueOf(faceEnhance));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UpscaleRequest r && cacheKey().equals(r.cacheKey()) && image.equals(r.image);
    }

    @Override
    public int hashCode() {
        return cacheKey().hashCode();
    }

    @Override
    public String toString() {
        return "UpscaleRequest{" + model.value() + ", image=" + image.describe() + (scale != null ? ", scale=" + scale
                : "") + (faceEnhance != null ? ", faceEnhance=" + faceEnhance : "") + "}";
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

        private Builder() {}

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
         * The factor: 2 or 4 (Real-ESRGAN; default 4).
         *
         * @param scale 2 or 4
         * @return this builder
         */
        public Builder scale(int scale) {
            this.scale = scale;
            return this;
        }

        /**
         * Enhances faces with GFPGAN while upscaling (Real-ESRGAN; default off).
         *
         * @param faceEnhance whether to enhance faces
         * @return this builder
         */
        public Builder faceEnhance(boolean faceEnhance) {
            this.faceEnhance = faceEnhance;
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
            boolean esrgan = model == UpscaleModel.REAL_ESRGAN;
            if (scale != null && !esrgan) {
                throw new IllegalArgumentException("scale is not an input of " + model.value() + " (it upscales by its "
                        + "own factor; use real-esrgan for 2 or 4)");
            }
            Checks.inputOf(faceEnhance != null, esrgan, "faceEnhance", model.value());
            if (scale != null) {
                checkScale(scale);
            }
            if (!esrgan && image.dimensions().isPresent()) {
                InputImage.Dimensions d = image.dimensions().get();
                if (d.width() < 32 || d.height() < 32 || d.width() > 4096 || d.height() > 4096
                        || (long) d.width() * d.height() > 16_000_000L) {
                    throw new IllegalArgumentException("recraft-crisp takes sides of 32-4096 pixels and at most 16 "
                            + "megapixels; the image is " + d);
                }
            }
            return new UpscaleRequest(this);
        }
    }
}
