package dev.fluxschnell.sdk.request;

/**
 * How many megapixels a FLUX.2 model makes: its {@code resolution} ("0.5 MP" … "4 MP", or {@code match_input_image};
 * pro, max, flex) or Klein's {@code output_megapixels} ("0.25" … "4"). flux-schnell and flux-dev take
 * {@link Megapixels} instead. A model's schema lists which it takes; the sides are at most 2048 pixels.
 */
public enum Resolution {
    /** A quarter megapixel (Klein only). */
    MP_0_25(0.25),
    /** Half a megapixel. */
    MP_0_5(0.5),
    /** One megapixel (the default). */
    MP_1(1),
    /** Two megapixels. */
    MP_2(2),
    /** Four megapixels (sides at most 2048: not every ratio reaches it). */
    MP_4(4),
    /** The input image's resolution, clamped to 0.5–4 MP (FLUX.2 pro, max, flex, with an input image). */
    MATCH_INPUT_IMAGE(0);

    private final double megapixels;

    Resolution(double megapixels) {
        this.megapixels = megapixels;
    }

    /** {@return the megapixels (0 for {@link #MATCH_INPUT_IMAGE})} */
    public double megapixels() {
        return megapixels;
    }

    /** {@return the value of a {@code resolution} field: {@code "1 MP"}, or {@code match_input_image}} */
    public String value() {
        return this == MATCH_INPUT_IMAGE ? "match_input_image" : number() + " MP";
    }

    /** {@return the value of an {@code output_megapixels} field: {@code "1"}, {@code "0.25"}} */
    String number() {
        return megapixels == Math.rint(megapixels) ? Long.toString((long) megapixels) : Double.toString(megapixels);
    }

    /**
     * Looks a resolution up: {@code "2 MP"}, {@code "2MP"}, {@code "2"}, {@code match_input_image}, or the constant
     * name.
     *
     * @param text the resolution
     * @return the resolution
     * @throws IllegalArgumentException naming the values there are
     */
    public static Resolution of(String text) {
        if (text != null) {
            String t = text.strip().toUpperCase(java.util.Locale.ROOT).replace("MP", "").strip();
            for (Resolution r : values()) {
                if (r.name().equals(t) || r.name().equals(text.strip().toUpperCase(java.util.Locale.ROOT))
                        || (r != MATCH_INPUT_IMAGE && r.number().equals(t))) {
                    return r;
                }
            }
        }
        throw new IllegalArgumentException("resolution '" + text + "' is not supported; allowed: 0.25, 0.5, 1, 2, 4 "
                + "(MP) or match_input_image");
    }
}
