package dev.fluxschnell.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fluxschnell.sdk.OutputFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageCheckTest {
    static byte[] webp(int size) {
        byte[] b = new byte[size];
        int riff = size - 8;
        byte[] head = {'R', 'I', 'F', 'F', (byte) riff, (byte) (riff >> 8), (byte) (riff >> 16), 0, 'W', 'E', 'B', 'P'};
        System.arraycopy(head, 0, b, 0, head.length);
        return b;
    }

    static byte[] png(int size) {
        byte[] b = new byte[size];
        byte[] sig = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        byte[] iend = {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xae, 0x42, 0x60, (byte) 0x82};
        System.arraycopy(sig, 0, b, 0, sig.length);
        System.arraycopy(iend, 0, b, size - iend.length, iend.length);
        return b;
    }

    static byte[] jpg(int size) {
        byte[] b = new byte[size];
        b[0] = (byte) 0xff;
        b[1] = (byte) 0xd8;
        b[2] = (byte) 0xff;
        b[size - 2] = (byte) 0xff;
        b[size - 1] = (byte) 0xd9;
        return b;
    }

    static byte[] readThrough(byte[] bytes, OutputFormat f) throws IOException {
        try (ImageCheck in = new ImageCheck(new ByteArrayInputStream(bytes), f, "image")) {
            return in.readAllBytes();
        }
    }

    @Test
    void completeImagesPassThroughUnchanged() throws Exception {
        assertThat(readThrough(webp(5000), OutputFormat.WEBP)).isEqualTo(webp(5000));
        assertThat(readThrough(png(5000), OutputFormat.PNG)).isEqualTo(png(5000));
        assertThat(readThrough(jpg(5000), OutputFormat.JPG)).isEqualTo(jpg(5000));
    }

    @Test
    void theWrongFormat_anHtmlPage_andTruncation_areRefused() {
        assertThatThrownBy(() -> readThrough(png(500), OutputFormat.WEBP)).hasMessageContaining("is not a webp image");
        assertThatThrownBy(() -> readThrough("<html><body>502 Bad Gateway</body></html>".getBytes(),
                OutputFormat.JPG)).hasMessageContaining("is not a jpg image");
        assertThatThrownBy(() -> readThrough(Arrays.copyOf(webp(5000), 2500), OutputFormat.WEBP))
                .hasMessageContaining("RIFF header says 5000 bytes, 2500 arrived");
        assertThatThrownBy(() -> readThrough(Arrays.copyOf(png(5000), 4000), OutputFormat.PNG))
                .hasMessageContaining("IEND");
        assertThatThrownBy(() -> readThrough(Arrays.copyOf(jpg(5000), 4000), OutputFormat.JPG))
                .hasMessageContaining("end-of-image");
        assertThatThrownBy(() -> readThrough(new byte[5], OutputFormat.PNG)).hasMessageContaining("only 5 bytes");
    }
}
