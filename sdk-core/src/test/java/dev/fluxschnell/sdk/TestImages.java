package dev.fluxschnell.sdk;

/** Byte arrays that pass the SDK's format check (magic bytes, completeness) without being real pictures. */
public final class TestImages {
    private TestImages() {}

    /** A WebP container of {@code size} bytes with a consistent RIFF length and filler content. */
    public static byte[] webp(int size) {
        byte[] b = new byte[Math.max(size, 12)];
        int riff = b.length - 8;
        byte[] head = {'R', 'I', 'F', 'F', (byte) riff, (byte) (riff >> 8), (byte) (riff >> 16), (byte) (riff >> 24),
            'W', 'E', 'B', 'P'};
        System.arraycopy(head, 0, b, 0, head.length);
        for (int i = head.length; i < b.length; i++) {
            b[i] = (byte) (i * 31);
        }
        return b;
    }

    /** The PNG signature, filler, and the IEND chunk. */
    public static byte[] png(int size) {
        byte[] b = new byte[Math.max(size, 20)];
        byte[] sig = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        byte[] iend = {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xae, 0x42, 0x60, (byte) 0x82};
        System.arraycopy(sig, 0, b, 0, sig.length);
        System.arraycopy(iend, 0, b, b.length - iend.length, iend.length);
        return b;
    }

    /** JPEG start and end-of-image markers around filler. */
    public static byte[] jpg(int size) {
        byte[] b = new byte[Math.max(size, 4)];
        b[0] = (byte) 0xff;
        b[1] = (byte) 0xd8;
        b[2] = (byte) 0xff;
        b[b.length - 2] = (byte) 0xff;
        b[b.length - 1] = (byte) 0xd9;
        return b;
    }
}
