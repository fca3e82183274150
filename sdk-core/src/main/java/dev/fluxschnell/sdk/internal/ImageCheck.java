package dev.fluxschnell.sdk.internal;

import dev.fluxschnell.sdk.request.ImageHeaders;
import dev.fluxschnell.sdk.request.OutputFormat;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Passes an image through to storage while checking that it is the format asked for and complete: the magic bytes
 * at the start (WebP {@code RIFF....WEBP}, PNG signature, JPEG SOI), and at the end the WebP RIFF length, the PNG
 * {@code IEND} chunk or the JPEG EOI marker. A mismatch fails the read with an {@link IOException}, so storage
 * (which writes atomically) keeps nothing: a text/html error page or a body cut short is never stored as an image.
 * Not API.
 */
final class ImageCheck extends FilterInputStream {
    private static final byte[] PNG_IEND = {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xae, 0x42, 0x60, (byte) 0x82};
    private static final int HEAD = 12;
    private final OutputFormat format;
    private final String what;
    private final byte[] head = new byte[HEAD];
    private final byte[] tail = new byte[HEAD];
    private long count;
    private boolean checkedEnd;

    ImageCheck(InputStream in, OutputFormat format, String what) {
        super(in);
        this.format = format;
        this.what = what;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n < 0) {
            checkEnd();
            return n;
        }
        for (int i = 0; i < n; i++) { // cheap: only the first and the last 12 bytes are kept
            if (count + i < HEAD) {
                head[(int) (count + i)] = b[off + i];
            }
        }
        int keep = Math.min(n, HEAD);
        System.arraycopy(tail, keep, tail, 0, HEAD - keep);
        System.arraycopy(b, off + n - keep, tail, HEAD - keep, keep);
        long before = count;
        count += n;
        if (before < HEAD && count >= HEAD) {
            checkStart();
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("skipping is not supported while an image is checked");
    }

    private void checkStart() throws IOException {
        if (ImageHeaders.outputFormat(head) != format) {
            throw new IOException(what + " is not a " + format.value() + " image (it starts with \""
                    + printable(head) + "\")");
        }
    }

    private void checkEnd() throws IOException {
        if (checkedEnd) {
            return;
        }
        checkedEnd = true;
        if (count < HEAD) {
            throw new IOException(what + " is not a " + format.value() + " image (only " + count + " bytes)");
        }
        String problem = switch (format) {
            case WEBP -> {
                long riff = (head[4] & 0xffL) | (head[5] & 0xffL) << 8 | (head[6] & 0xffL) << 16
                        | (head[7] & 0xffL) << 24;
                yield riff + 8 + (riff & 1) == count || riff + 8 == count ? null
                        : "its RIFF header says " + (riff + 8) + " bytes, " + count + " arrived";
            }
            case PNG -> Arrays.equals(tail, PNG_IEND) ? null : "it does not end with the IEND chunk";
            case JPG -> (tail[HEAD - 2] & 0xff) == 0xff && (tail[HEAD - 1] & 0xff) == 0xd9 ? null
                    : "it does not end with the JPEG end-of-image marker";
        };
        if (problem != null) {
            throw new IOException(what + " is incomplete: " + problem);
        }
    }

    /**
     * {@return bytes as printable ASCII, others as dots (for messages)}
     *
     * @param b the bytes
     */
    static String printable(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(x >= 0x20 && x < 0x7f ? (char) x : '.');
        }
        return sb.toString();
    }

}
