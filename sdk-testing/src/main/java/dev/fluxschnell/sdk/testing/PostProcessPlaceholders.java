package dev.fluxschnell.sdk.testing;

import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Images of the post-processing models that really did the job, so tests can check it: an upscale is the source at
 * exactly {@code scale} times its pixels (Real-ESRGAN; Recraft's crisp upscale doubles, capped at 4096 pixels a side —
 * its factor is not published, this is the emulator's assumption); a background removal keeps the foreground and makes
 * the rest transparent (an alpha channel) or the colour asked. The foreground is what differs from the image's corner
 * colour (a product on a plain backdrop), else a centred ellipse.
 */
final class PostProcessPlaceholders {
    private PostProcessPlaceholders() {}

    static byte[] render(FakePrediction p, BufferedImage source) {
        BufferedImage src = source != null ? source : gradient(512, 512);
        if (p.model.kind() == EmulatedModel.Kind.UPSCALE) {
            return upscale(p, src);
        }
        return removeBackground(p, src);
    }

    private static byte[] upscale(FakePrediction p, BufferedImage src) {
        double factor = p.model.id().equals(EmulatedModel.REAL_ESRGAN.id()) ? p.input.path("scale").asDouble(4) : 2;
        int w = Math.max(1, (int) Math.round(src.getWidth() * factor));
        int h = Math.max(1, (int) Math.round(src.getHeight() * factor));
        if (!p.model.id().equals(EmulatedModel.REAL_ESRGAN.id()) && Math.max(w, h) > 4096) {
            double shrink = 4096.0 / Math.max(w, h);
            w = (int) (w * shrink);
            h = (int) (h * shrink);
        }
        boolean alpha = src.getColorModel().hasAlpha() && p.format.equals("png"); // a cutout stays a cutout
        BufferedImage out = new BufferedImage(w, h, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(src, 0, 0, w, h, null);
            if (p.server.config.labelImages && !alpha) {
                label(g, "UPSCALED " + (factor == Math.rint(factor) ? Integer.toString((int) factor) : factor)
                        + "x PLACEHOLDER - " + p.model.id(), w, h);
            }
        } finally {
            g.dispose();
        }
        return PlaceholderImages.encode(out, p.format, 90);
    }

    private static byte[] removeBackground(FakePrediction p, BufferedImage src) {
        String background = p.input.path("background_type").asText("rgba");
        boolean transparent = background.equals("rgba") && !p.format.equals("jpg");
        boolean[][] fg = foreground(src);
        int w = src.getWidth();
        int h = src.getHeight();
        BufferedImage out = new BufferedImage(w, h, transparent ? BufferedImage.TYPE_INT_ARGB
                : BufferedImage.TYPE_INT_RGB);
        int fill = switch (background) {
            case "white" -> 0xffffff;
            case "green" -> 0x00ff00;
            default -> 0x000000;
        };
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = src.getRGB(x, y) & 0xffffff;
                if (transparent) {
                    out.setRGB(x, y, fg[y][x] ? 0xff000000 | rgb : 0); // background: fully transparent
                } else {
                    out.setRGB(x, y, fg[y][x] ? rgb : fill);
                }
            }
        }
        return PlaceholderImages.encode(out, p.format, 90);
    }

    /** Pixels that differ from the top-left corner's colour; a centred ellipse when that finds no clear subject. */
    private static boolean[][] foreground(BufferedImage src) {
        int w = src.getWidth();
        int h = src.getHeight();
        int corner = src.getRGB(0, 0);
        boolean[][] fg = new boolean[h][w];
        long count = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int c = src.getRGB(x, y);
                int d = Math.abs((c >> 16 & 0xff) - (corner >> 16 & 0xff)) + Math.abs((c >> 8 & 0xff)
                        - (corner >> 8 & 0xff)) + Math.abs((c & 0xff) - (corner & 0xff));
                fg[y][x] = d > 60;
                count += fg[y][x] ? 1 : 0;
            }
        }
        double share = (double) count / ((long) w * h);
        if (share > 0.02 && share < 0.9) {
            return fg;
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double dx = (x - w / 2.0) / (w * 0.35);
                double dy = (y - h / 2.0) / (h * 0.35);
                fg[y][x] = dx * dx + dy * dy <= 1;
            }
        }
        return fg;
    }

    private static BufferedImage gradient(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, Color.LIGHT_GRAY, w, h, Color.DARK_GRAY));
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    private static void label(Graphics2D g, String text, int w, int h) {
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            int size = Math.max(10, w / 50);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size));
            g.setColor(new Color(255, 255, 255, 220));
            g.drawString(text, w / 40, h - size);
        } catch (RuntimeException | Error e) {
            // no usable font: the size alone shows the upscale
        }
    }
}
