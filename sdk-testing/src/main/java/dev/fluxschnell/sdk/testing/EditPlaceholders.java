package dev.fluxschnell.sdk.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * The sizes and images of models that take an image: the output is the source image, scaled to the size the model
 * would answer, tinted (all of it for an edit, where the mask is white for an inpaint, the new area for an outpaint)
 * and labelled with the model and the prompt — so a test or a demo sees which source was edited, by what, and how.
 *
 * <p>Sizes follow the models' code: Kontext's {@code match_input_image} picks the nearest of its preferred resolutions
 * and an explicit ratio its own table (cog-flux-kontext {@code flux/util.py}); flux-dev's img2img fits the source in
 * 1440×1440 and rounds to multiples of 16; Fill Dev fits or scales to the megapixels asked and floors to multiples of
 * 32 (cog-flux {@code predict.py}); Fill Pro keeps the source's size (grown by an outpaint).
 */
final class EditPlaceholders {
    private static final int[][] KONTEXT_PREFERRED = {
        {672, 1568}, {688, 1504}, {720, 1456}, {752, 1392}, {800, 1328}, {832, 1248}, {880, 1184}, {944, 1104},
        {1024, 1024}, {1104, 944}, {1184, 880}, {1248, 832}, {1328, 800}, {1392, 752}, {1456, 720}, {1504, 688},
        {1568, 672}};
    private static final java.util.Map<String, int[]> KONTEXT_SIZES = java.util.Map.ofEntries(
            java.util.Map.entry("1:1", new int[] {1024, 1024}), java.util.Map.entry("16:9", new int[] {1328, 800}),
            java.util.Map.entry("21:9", new int[] {1568, 672}), java.util.Map.entry("3:2", new int[] {1248, 832}),
            java.util.Map.entry("2:3", new int[] {832, 1248}), java.util.Map.entry("4:5", new int[] {944, 1104}),
            java.util.Map.entry("5:4", new int[] {1104, 944}), java.util.Map.entry("3:4", new int[] {880, 1184}),
            java.util.Map.entry("4:3", new int[] {1184, 880}), java.util.Map.entry("9:16", new int[] {800, 1328}),
            java.util.Map.entry("9:21", new int[] {672, 1568}));

    private EditPlaceholders() {}

    /** Decodes an input image (PNG, JPEG, GIF, WebP), or null when its bytes are not a readable image. */
    static BufferedImage decode(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * {@return the output size, {width, height}, of a model that took {@code source} (null: not reachable)}
     *
     * @param model the model
     * @param input the prediction's input
     * @param source the decoded source image, or null
     */
    static int[] size(EmulatedModel model, JsonNode input, BufferedImage source) {
        int sw = source != null ? source.getWidth() : 1024;
        int sh = source != null ? source.getHeight() : 1024;
        switch (model.kind()) {
            case EDIT: {
                String ratio = input.path("aspect_ratio").asText("match_input_image");
                if (!ratio.equals("match_input_image")) {
                    int[] known = KONTEXT_SIZES.get(ratio);
                    return known != null ? known.clone() : OutputSizes.of(model, input, source);
                }
                double aspect = (double) sw / sh;
                int[] best = KONTEXT_PREFERRED[0];
                for (int[] r : KONTEXT_PREFERRED) {
                    if (Math.abs(aspect - (double) r[0] / r[1]) < Math.abs(aspect - (double) best[0] / best[1])) {
                        best = r;
                    }
                }
                return best.clone();
            }
            case REFERENCE_EDIT:
                return OutputSizes.of(model, input, source);
            case IMAGE_TO_IMAGE: {
                double scale = Math.min(1.0, Math.min(1440.0 / sw, 1440.0 / sh));
                return new int[] {round(sw * scale, 16), round(sh * scale, 16)};
            }
            case INPAINT: {
                if (model.listOutput()) { // fill-dev: megapixels
                    String mp = input.path("megapixels").asText("1");
                    double scale = mp.equals("match_input") ? Math.min(1.0, Math.min(1440.0 / sw, 1440.0 / sh))
                            : Math.sqrt((mp.equals("0.25") ? 0.25 : 1.0) * 1024 * 1024 / ((double) sw * sh));
                    return new int[] {floor(sw * scale, 32), floor(sh * scale, 32)};
                }
                Rectangle canvas = outpaint(input.path("outpaint").asText("None"), sw, sh)[0];
                return new int[] {canvas.width, canvas.height};
            }
            default:
                throw new IllegalStateException(model.kind().name());
        }
    }

    /**
     * {@return the placeholder of an edited image}
     *
     * @param p the prediction
     * @param source the decoded source, or null when it could not be read
     * @param mask the decoded mask, or null
     * @param index the output's index
     */
    static byte[] render(FakePrediction p, BufferedImage source, BufferedImage mask, int index) {
        int[] size = size(p.model, p.input, source);
        int w = size[0];
        int h = size[1];
        String prompt = p.input.path("prompt").asText();
        String outpaint = p.input.path("outpaint").asText("None");
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            Color tint = Color.getHSBColor(((prompt + "#" + index).hashCode() & 0xff) / 255f, 0.8f, 0.9f);
            g.setColor(Color.DARK_GRAY);
            g.fillRect(0, 0, w, h);
            Rectangle place = new Rectangle(0, 0, w, h);
            if (source != null && !outpaint.equals("None") && p.model.kind() == EmulatedModel.Kind.INPAINT) {
                Rectangle[] r = outpaint(outpaint, source.getWidth(), source.getHeight());
                double sx = (double) w / r[0].width;
                double sy = (double) h / r[0].height;
                place = new Rectangle((int) (r[1].x * sx), (int) (r[1].y * sy), (int) (r[1].width * sx),
                        (int) (r[1].height * sy));
                fill(g, tint, 0.7f, new Rectangle(0, 0, w, h)); // the new area
            }
            if (source != null) {
                g.drawImage(source, place.x, place.y, place.width, place.height, null);
            }
            if (p.model.kind() == EmulatedModel.Kind.INPAINT && mask != null && outpaint.equals("None")) {
                tintMasked(img, mask, tint);
            } else if (p.model.kind() != EmulatedModel.Kind.INPAINT || source == null) {
                fill(g, tint, source != null ? 0.35f : 0.8f, new Rectangle(0, 0, w, h));
            }
            if (p.server.config.labelImages) {
                String title = p.model.kind() == EmulatedModel.Kind.INPAINT ? "INPAINTED PLACEHOLDER"
                        : "EDITED PLACEHOLDER";
                String what = p.model.id() + (source == null ? " - source not readable by the emulator" : "")
                        + " - not a generated image - #" + index;
                PlaceholderImages.drawLabel(g, title, what, prompt, w, h, h * 5 / 8); // below the source's own label
            }
        } finally {
            g.dispose();
        }
        return PlaceholderImages.encode(img, p.format, p.input.path("output_quality").asInt(80));
    }

    private static void fill(Graphics2D g, Color tint, float alpha, Rectangle r) {
        java.awt.Composite before = g.getComposite();
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, alpha));
        g.setColor(tint);
        g.fill(r);
        g.setComposite(before);
    }

    /** Blends the tint into the pixels whose mask (scaled to the image) is light: where the model repaints. */
    private static void tintMasked(BufferedImage img, BufferedImage mask, Color tint) {
        int w = img.getWidth();
        int h = img.getHeight();
        for (int y = 0; y < h; y++) {
            int my = Math.min(mask.getHeight() - 1, y * mask.getHeight() / h);
            for (int x = 0; x < w; x++) {
                int m = mask.getRGB(Math.min(mask.getWidth() - 1, x * mask.getWidth() / w), my);
                int light = ((m >> 16 & 0xff) + (m >> 8 & 0xff) + (m & 0xff)) / 3;
                if (light > 127) {
                    int c = img.getRGB(x, y);
                    int r = ((c >> 16 & 0xff) + tint.getRed() * 2) / 3;
                    int gr = ((c >> 8 & 0xff) + tint.getGreen() * 2) / 3;
                    int b = ((c & 0xff) + tint.getBlue() * 2) / 3;
                    img.setRGB(x, y, r << 16 | gr << 8 | b);
                }
            }
        }
    }

    /** {@return {the canvas, where the source goes in it}} for Fill Pro's outpaint choices. */
    private static Rectangle[] outpaint(String choice, int w, int h) {
        return switch (choice) {
            case "Zoom out 1.5x" -> grow(w, h, w * 3 / 2, h * 3 / 2, (w * 3 / 2 - w) / 2, (h * 3 / 2 - h) / 2);
            case "Zoom out 2x" -> grow(w, h, w * 2, h * 2, w / 2, h / 2);
            case "Make square" -> grow(w, h, Math.max(w, h), Math.max(w, h), (Math.max(w, h) - w) / 2,
                    (Math.max(w, h) - h) / 2);
            case "Left outpaint" -> grow(w, h, w * 3 / 2, h, w / 2, 0);
            case "Right outpaint" -> grow(w, h, w * 3 / 2, h, 0, 0);
            case "Top outpaint" -> grow(w, h, w, h * 3 / 2, 0, h / 2);
            case "Bottom outpaint" -> grow(w, h, w, h * 3 / 2, 0, 0);
            default -> grow(w, h, w, h, 0, 0);
        };
    }

    private static Rectangle[] grow(int w, int h, int cw, int ch, int x, int y) {
        return new Rectangle[] {new Rectangle(0, 0, cw, ch), new Rectangle(x, y, w, h)};
    }

    private static int round(double v, int multiple) {
        return Math.max(multiple, (int) Math.round(v / multiple) * multiple);
    }

    private static int floor(double v, int multiple) {
        return Math.max(multiple, (int) Math.floor(v / multiple) * multiple);
    }
}
