package dev.fluxschnell.sdk;

import dev.fluxschnell.sdk.internal.Enums;

/** The 11 aspect ratios flux-schnell accepts, with the pixel size each produces. */
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
    PORTRAIT_9_21("9:21", 640, 1536);

    private final String value;
    private final int width;
    private final int height;

    AspectRatio(String value, int width, int height) {
        this.value = value;
        this.width = width;
        this.height = height;
    }

    /** The wire value, e.g. {@code "16:9"}. */
    public String value() {
        return value;
    }

    /** The image width in pixels the model produces at the given megapixel setting. */
    public int width(Megapixels megapixels) {
        return megapixels == Megapixels.QUARTER ? width / 2 : width;
    }

    /** The image height in pixels the model produces at the given megapixel setting. */
    public int height(Megapixels megapixels) {
        return megapixels == Megapixels.QUARTER ? height / 2 : height;
    }

    /** Looks a ratio up by wire value ("16:9") or constant name, case-insensitively. */
    public static AspectRatio of(String text) {
        return Enums.lookup(AspectRatio.class, "aspect_ratio", text, AspectRatio::value);
    }
}
