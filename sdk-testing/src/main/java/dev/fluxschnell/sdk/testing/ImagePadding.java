package dev.fluxschnell.sdk.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;

/** Grows an encoded image to a target size with a chunk decoders skip, so large-image paths can be tested. */
final class ImagePadding {
    private ImagePadding() {}

    static byte[] pad(byte[] image, String format, long target) {
        int extra = (int) Math.max(0, target - image.length);
        if (extra == 0) {
            return image;
        }
        switch (format) {
            case "png":
                return padPng(image, extra);
            case "webp":
                return padWebp(image, extra);
            default:
                return padJpeg(image, extra);
        }
    }

    /** Inserts a private ancillary chunk ("fsPd") before IEND. */
    private static byte[] padPng(byte[] png, int extra) {
        int iend = png.length - 12;
        byte[] type = {'f', 's', 'P', 'd'};
        byte[] data = new byte[extra];
        CRC32 crc = new CRC32();
        crc.update(type);
        crc.update(data);
        ByteBuffer chunk = ByteBuffer.allocate(12 + extra);
        chunk.putInt(extra).put(type).put(data).putInt((int) crc.getValue());
        ByteArrayOutputStream out = new ByteArrayOutputStream(png.length + extra + 12);
        out.write(png, 0, iend);
        out.writeBytes(chunk.array());
        out.write(png, iend, 12);
        return out.toByteArray();
    }

    /** Appends an unknown RIFF chunk ("PADD") and fixes the RIFF size; WebP decoders ignore unknown chunks. */
    private static byte[] padWebp(byte[] webp, int extra) {
        int size = extra + (extra & 1);
        ByteBuffer b = ByteBuffer.allocate(webp.length + 8 + size).order(ByteOrder.LITTLE_ENDIAN);
        b.put(webp).put(new byte[] {'P', 'A', 'D', 'D'}).putInt(size).put(new byte[size]);
        b.putInt(4, b.capacity() - 8);
        return b.array();
    }

    /** Inserts COM segments after SOI. */
    private static byte[] padJpeg(byte[] jpg, int extra) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(jpg.length + extra + 64);
        out.write(jpg, 0, 2);
        int left = extra;
        while (left > 0) {
            int n = Math.min(65533, left);
            out.write(0xFF);
            out.write(0xFE);
            out.write((n + 2) >> 8);
            out.write((n + 2) & 0xFF);
            out.writeBytes(new byte[n]);
            left -= n + 4;
        }
        out.write(jpg, 2, jpg.length - 2);
        return out.toByteArray();
    }
}
