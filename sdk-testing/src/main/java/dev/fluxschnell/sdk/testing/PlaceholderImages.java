package dev.fluxschnell.sdk.testing;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Renders clearly labelled placeholder images (a gradient with the prompt on it) in WebP, JPEG or PNG. */
final class PlaceholderImages {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private PlaceholderImages() {}

    /** Encodes a {@code width}×{@code height} placeholder for {@code prompt} in {@code format} (webp, jpg, png). */
    static byte[] render(String prompt, int index, int width, int height, String format, int quality, boolean label) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            int h = (prompt + "#" + index).hashCode();
            Color a = Color.getHSBColor((h & 0xff) / 255f, 0.55f, 0.85f);
            Color b = Color.getHSBColor(((h >> 8) & 0xff) / 255f, 0.65f, 0.35f);
            g.setPaint(new GradientPaint(0, 0, a, width, height, b));
            g.fillRect(0, 0, width, height);
            if (label) {
                drawLabel(g, "PLACEHOLDER", "flux-schnell emulator - not a generated image - #" + index, prompt, width,
                        height, height / 4);
            }
        } finally {
            g.dispose();
        }
        return encode(img, format, quality);
    }

    /** Draws a title, a subtitle and the wrapped prompt, the title's baseline at {@code top}. */
    static void drawLabel(Graphics2D g, String title, String subtitle, String prompt, int width, int height, int top) {
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            int big = Math.max(14, width / 14);
            g.setColor(new Color(255, 255, 255, 230));
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, big));
            g.drawString(title, width / 16, top);
            int small = Math.max(10, width / 40);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, small));
            g.drawString(subtitle, width / 16, top + small * 2);
            int y = top + small * 4;
            for (String line : wrap(prompt, g.getFontMetrics(), width - width / 8)) {
                if (y > height - small) {
                    break;
                }
                g.drawString(line, width / 16, y);
                y += small + small / 2;
            }
        } catch (RuntimeException | Error e) {
            // No usable font on this machine: the gradient alone is still a valid, labelled-by-size placeholder.
        }
    }

    private static List<String> wrap(String text, FontMetrics fm, int maxWidth) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split("\\s+")) {
            if (line.length() > 0 && fm.stringWidth(line + " " + word) > maxWidth) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }

    /** Encodes {@code img} in {@code format} (webp, jpg, png) at {@code quality} (0-100, ignored for png). */
    static byte[] encode(BufferedImage img, String format, int quality) {
        String mime = mimeType(format);
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByMIMEType(mime);
        if (!writers.hasNext()) {
            throw new IllegalStateException("no ImageIO writer for " + mime + " on this platform");
        }
        ImageWriter writer = writers.next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (!format.equals("png") && param.canWriteCompressed()) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                String[] types = param.getCompressionTypes();
                if (types != null && types.length > 0) {
                    param.setCompressionType(pick(types, "Lossy"));
                }
                param.setCompressionQuality(Math.max(0.01f, Math.min(1f, quality / 100f)));
            }
            writer.write(null, new IIOImage(img, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static String pick(String[] types, String wanted) {
        for (String t : types) {
            if (t.equalsIgnoreCase(wanted)) {
                return t;
            }
        }
        return types[0];
    }

    static String mimeType(String format) {
        switch (format.toLowerCase(Locale.ROOT)) {
            case "webp":
                return "image/webp";
            case "jpg":
                return "image/jpeg";
            default:
                return "image/png";
        }
    }
}
