package dev.fluxschnell.sdk;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Real, decodable pictures for tests that send images to a model: a product shot and its mask. */
public final class Pictures {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Pictures() {}

    /** A {@code width}×{@code height} PNG: a grey background with a coloured box (the "product"). */
    public static byte[] png(int width, int height) {
        return encode(draw(width, height, false), "png");
    }

    /** A {@code width}×{@code height} JPEG of the same picture. */
    public static byte[] jpg(int width, int height) {
        return encode(draw(width, height, false), "jpg");
    }

    /** A black {@code width}×{@code height} PNG mask, white over the box: repaint the product, keep the rest. */
    public static byte[] mask(int width, int height) {
        return encode(draw(width, height, true), "png");
    }

    /**
     * {@return a {@code width}×{@code height} PNG of exactly {@code size} bytes} (a private ancillary chunk before
     * {@code IEND} carries the filler, so the file stays a valid PNG)
     */
    public static byte[] pngOfSize(int width, int height, int size) {
        byte[] png = png(width, height);
        int filler = size - png.length - 12;
        if (filler < 0) {
            throw new IllegalArgumentException("a " + width + "x" + height + " PNG is already " + png.length + " bytes");
        }
        int iend = png.length - 12;
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put(png, 0, iend);
        byte[] type = "prVt".getBytes(StandardCharsets.US_ASCII);
        byte[] data = new byte[filler];
        for (int i = 0; i < filler; i++) {
            data[i] = (byte) (i * 131 + 7);
        }
        CRC32 crc = new CRC32();
        crc.update(type);
        crc.update(data);
        b.putInt(filler).put(type).put(data).putInt((int) crc.getValue());
        b.put(png, iend, 12);
        return b.array();
    }

    private static BufferedImage draw(int w, int h, boolean mask) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(mask ? Color.BLACK : new Color(200, 200, 205));
            g.fillRect(0, 0, w, h);
            g.setColor(mask ? Color.WHITE : new Color(30, 90, 200));
            g.fillRect(w / 4, h / 4, w / 2, h / 2);
        } finally {
            g.dispose();
        }
        return img;
    }

    private static byte[] encode(BufferedImage img, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
