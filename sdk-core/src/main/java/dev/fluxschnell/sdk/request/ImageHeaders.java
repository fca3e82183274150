package dev.fluxschnell.sdk.request;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads what an image is from its first bytes: the format (PNG, JPEG, WebP, GIF) from the magic bytes, and the pixel
 * size from the header (PNG {@code IHDR}, GIF's logical screen, WebP's {@code VP8 }/{@code VP8L}/{@code VP8X} chunk,
 * JPEG's start-of-frame marker, which may follow up to {@value #JPEG_SCAN_LIMIT} bytes of metadata). No decoding:
 * what {@link InputImage} checks local images with, and the SDK checks every image it stores with.
 */
public final class ImageHeaders {
    /** How far into a JPEG the start-of-frame marker is looked for (EXIF and ICC profiles come first). */
    public static final int JPEG_SCAN_LIMIT = 4 * 1024 * 1024;
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private ImageHeaders() {}

    /**
     * What the first bytes say.
     *
     * @param format the format's short name: {@code png}, {@code jpeg}, {@code webp} or {@code gif}
     * @param mimeType its MIME type
     * @param width the width in pixels, or -1 when the header did not say (or was not read far enough)
     * @param height the height in pixels, or -1 likewise
     */
    public record Header(String format, String mimeType, int width, int height) {
        /** {@return whether the pixel size is known} */
        public boolean hasSize() {
            return width > 0 && height > 0;
        }
    }

    /**
     * Identifies an image from its stream, reading only the header (the caller's stream is consumed as far as that).
     *
     * @param in the image's bytes
     * @return the header, or null when the bytes are not an image this reader knows
     * @throws IOException if reading fails
     */
    public static Header read(InputStream in) throws IOException {
        byte[] head = in.readNBytes(32);
        String kind = kind(head);
        if (kind == null) {
            return null;
        }
        return switch (kind) {
            case "png" -> {
                boolean ihdr = head.length >= 24 && ascii(head, 12, 4).equals("IHDR");
                yield new Header("png", "image/png", ihdr ? be32(head, 16) : -1, ihdr ? be32(head, 20) : -1);
            }
            case "gif" -> new Header("gif", "image/gif", le16(head, 6), le16(head, 8));
            case "webp" -> webp(head);
            default -> jpeg(head, in);
        };
    }

    /**
     * {@return the stored format of an image's first bytes (PNG, JPEG or WebP), or null for anything else}
     *
     * @param head at least the first 12 bytes
     */
    public static dev.fluxschnell.sdk.request.OutputFormat outputFormat(byte[] head) {
        String kind = kind(head);
        if (kind == null) {
            return null;
        }
        return switch (kind) {
            case "png" -> dev.fluxschnell.sdk.request.OutputFormat.PNG;
            case "webp" -> dev.fluxschnell.sdk.request.OutputFormat.WEBP;
            case "jpeg" -> dev.fluxschnell.sdk.request.OutputFormat.JPG;
            default -> null;
        };
    }

    /** The format the magic bytes say: {@code png}, {@code gif}, {@code webp}, {@code jpeg}, or null. */
    private static String kind(byte[] head) {
        if (head.length >= 8 && Arrays.equals(head, 0, 8, PNG, 0, 8)) {
            return "png";
        }
        if (head.length >= 10 && ascii(head, 0, 4).equals("GIF8")) {
            return "gif";
        }
        if (head.length >= 12 && ascii(head, 0, 4).equals("RIFF") && ascii(head, 8, 4).equals("WEBP")) {
            return "webp";
        }
        if (head.length >= 3 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8 && (head[2] & 0xff) == 0xff) {
            return "jpeg";
        }
        return null;
    }

    private static Header webp(byte[] h) {
        String chunk = h.length >= 16 ? ascii(h, 12, 4) : "";
        int w = -1;
        int ht = -1;
        if (chunk.equals("VP8 ") && h.length >= 30) {
            w = le16(h, 26) & 0x3fff;
            ht = le16(h, 28) & 0x3fff;
        } else if (chunk.equals("VP8L") && h.length >= 25) {
            long bits = (h[21] & 0xffL) | (h[22] & 0xffL) << 8 | (h[23] & 0xffL) << 16 | (h[24] & 0xffL) << 24;
            w = (int) (bits & 0x3fff) + 1;
            ht = (int) ((bits >> 14) & 0x3fff) + 1;
        } else if (chunk.equals("VP8X") && h.length >= 30) {
            w = le24(h, 24) + 1;
            ht = le24(h, 27) + 1;
        }
        return new Header("webp", "image/webp", w, ht);
    }

    /** Walks the JPEG's marker segments to the first start-of-frame (SOF0-SOF15 but DHT, JPG and DAC). */
    private static Header jpeg(byte[] head, InputStream rest) throws IOException {
        InputStream in = new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(head, 2, head.length - 2),
                rest);
        long read = 2;
        while (read < JPEG_SCAN_LIMIT) {
            int b = in.read();
            read++;
            if (b != 0xff) {
                break;
            }
            int marker = in.read();
            read++;
            while (marker == 0xff) {
                marker = in.read();
                read++;
            }
            if (marker < 0 || marker == 0xd9 || marker == 0xda) {
                break; // end of image, or start of scan: no frame header before it
            }
            if (marker == 0x01 || marker >= 0xd0 && marker <= 0xd7) {
                continue; // markers without a length
            }
            int len = (in.read() << 8) | in.read();
            read += 2;
            if (len < 2) {
                break;
            }
            boolean sof = marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
            if (sof) {
                byte[] f = in.readNBytes(5);
                if (f.length == 5) {
                    return new Header("jpeg", "image/jpeg", (f[3] & 0xff) << 8 | f[4] & 0xff,
                            (f[1] & 0xff) << 8 | f[2] & 0xff);
                }
                break;
            }
            long skipped = skip(in, len - 2);
            read += skipped;
            if (skipped < len - 2) {
                break;
            }
        }
        return new Header("jpeg", "image/jpeg", -1, -1);
    }

    private static long skip(InputStream in, long n) throws IOException {
        long done = 0;
        while (done < n) {
            long s = in.skip(n - done);
            if (s <= 0) {
                if (in.read() < 0) {
                    break;
                }
                s = 1;
            }
            done += s;
        }
        return done;
    }

    private static String ascii(byte[] b, int off, int len) {
        return new String(b, off, len, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static int be32(byte[] b, int off) {
        return (b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | b[off + 3] & 0xff;
    }

    private static int le16(byte[] b, int off) {
        return b[off] & 0xff | (b[off + 1] & 0xff) << 8;
    }

    private static int le24(byte[] b, int off) {
        return b[off] & 0xff | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16;
    }
}
