package dev.fluxschnell.sdk.request;

import java.util.Optional;

/**
 * The aspect ratios the Flux models accept (each model's schema lists its own: flux-schnell the first 11, Kontext also
 * 2:1 and 1:2), with the pixel size flux-schnell produces at one megapixel; and {@link #MATCH_INPUT_IMAGE}, the output
 * taking its input image's shape (Kontext, FLUX.2). A custom size is not a constant: use the request's
 * {@code size(width, height)}.
 */
public enum AspectRatio {
    /** 1:1, 1024×1024 at one megapixel. */
    SQUARE_1_1("1:1", 1024, 1024),
    /** 16:9, 1344×768. */
    LANDSCAPE_16_9("16:9", 1344, 768),
    /** 21:9, 1536×640. */
    ULTRAWIDE_21_9("21:9", 1536, 640),
    /** 3:2, 1216×832. */
    LANDSCAPE_3_2("3:2", 1216, 832),
    /** 2:3, 832×1216. */
    PORTRAIT_2_3("2:3", 832, 1216),
    /** 4:5, 896×1088. */
    PORTRAIT_4_5("4:5", 896, 1088),
    /** 5:4, 1088×896. */
    LANDSCAPE_5_4("5:4", 1088, 896),
    /** 3:4, 896×1152. */
    PORTRAIT_3_4("3:4", 896, 1152),
    /** 4:3, 1152×896. */
    LANDSCAPE_4_3("4:3", 1152, 896),
    /** 9:16, 768×1344. */
    PORTRAIT_9_16("9:16", 768, 1344),
    /** 9:21, 640×1536. */
    PORTRAIT_9_21("9:21", 640, 1536),
    /** 2:1 (Kontext), about 1456×720. */
    WIDE_2_1("2:1", 1456, 720),
    /** 1:2 (Kontext), about 720×1456. */
    TALL_1_2("1:2", 720, 1456),
    /** Not a ratio: the output takes its input image's shape (Kontext, FLUX.2); its width, height and ratio are 0. */
    MATCH_INPUT_IMAGE("match_input_image", 0, 0);

    private final String value;
    private final int width;
    private final int height;

    AspectRatio(String value, int width, int height) {
        this.value = value;
        this.width = width;
        this.height = height;
    }

    /** {@return the wire value, e.g. {@code "16:9"}} */
    public String value() {
        return value;
    }

    /**
     * {@return the image width in pixels the model produces at the given megapixel setting}
     *
     * @param megapixels the megapixel setting
     */
    public int width(Megapixels megapixels) {
        return megapixels == Megapixels.QUARTER ? width / 2 : width;
    }

    /**
     * {@return the image height in pixels the model produces at the given megapixel setting}
     *
     * @param megapixels the megapixel setting
     */
    public int height(Megapixels megapixels) {
        return megapixels == Megapixels.QUARTER ? height / 2 : height;
    }

    /** How far off (relative) a width:height may be from the nearest ratio and still map to it: 15 %. */
    public static final double MAX_RATIO_DEVIATION = 0.15;

    /** {@return the exact ratio width ÷ height of the wire value, e.g. 1.777… for 16:9} */
    public double ratio() {
        int colon = value.indexOf(':');
        if (colon < 0) {
            return 0;
        }
        return Double.parseDouble(value.substring(0, colon)) / Double.parseDouble(value.substring(colon + 1));
    }

    /**
     * {@return the supported ratio nearest to {@code width:height}, when it is off by at most
     * {@link #MAX_RATIO_DEVIATION}; empty for shapes flux-schnell cannot approximate (wider than about 2.7:1 or taller
     * than 1:2.7)} A ratio's distance is the smaller of its distance to the nominal value ({@code 3:4}) and to the
     * shape the model actually makes ({@code 896×1152}), on a log scale (so 2:1 and 1:2 are equally far from 1:1); ties
     * go to the earlier constant.
     *
     * @param width the wanted width, positive
     * @param height the wanted height, positive
     * @throws IllegalArgumentException if a side is not positive
     */
    public static Optional<AspectRatio> nearest(int width, int height) {
        return nearest(width, height, java.util.Arrays.asList(values()).subList(0, 11));
    }

    /**
     * {@return the ratio among {@code allowed} nearest to {@code width:height}, by the rule of
     * {@link #nearest(int, int)}}
     *
     * @param width the wanted width, positive
     * @param height the wanted height, positive
     * @param allowed the ratios to choose from (a model's), {@link #MATCH_INPUT_IMAGE} ignored
     * @throws IllegalArgumentException if a side is not positive
     */
    public static Optional<AspectRatio> nearest(int width, int height, java.util.Collection<AspectRatio> allowed) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("width and height must be positive, were " + width + "×" + height);
        }
        double wanted = Math.log((double) width / height);
        AspectRatio best = null;
        for (AspectRatio r : allowed) {
            if (r.width > 0 && (best == null || r.distance(wanted) < best.distance(wanted))) {
                best = r;
            }
        }
        return best != null && best.distance(wanted) <= Math.log1p(MAX_RATIO_DEVIATION) ? Optional.of(best)
                : Optional.empty();
    }

    private double distance(double logRatio) {
        return Math.min(Math.abs(Math.log(ratio()) - logRatio), Math.abs(Math.log((double) width / height) - logRatio));
    }

    /**
     * Looks a ratio up by wire value ("16:9") or constant name, case-insensitively.
     *
     * @param text a wire value or constant name
     * @return the matching ratio
     */
    public static AspectRatio of(String text) {
        return Enums.lookup(AspectRatio.class, "aspect_ratio", text, AspectRatio::value);
    }
}
