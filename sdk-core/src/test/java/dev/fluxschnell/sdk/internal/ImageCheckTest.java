package dev.fluxschnell.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fluxschnell.sdk.request.OutputFormat;
import dev.fluxschnell.sdk.TestImages;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageCheckTest {
    static byte[] readThrough(byte[] bytes, OutputFormat f) throws IOException {
        try (ImageCheck in = new ImageCheck(new ByteArrayInputStream(bytes), f, "image")) {
            return in.readAllBytes();
        }
    }

    @Test
    void completeImagesPassThroughUnchanged() throws Exception {
        assertThat(readThrough(TestImages.webp(5000), OutputFormat.WEBP)).isEqualTo(TestImages.webp(5000));
        assertThat(readThrough(TestImages.png(5000), OutputFormat.PNG)).isEqualTo(TestImages.png(5000));
        assertThat(readThrough(TestImages.jpg(5000), OutputFormat.JPG)).isEqualTo(TestImages.jpg(5000));
    }

    @Test
    void theWrongFormat_anHtmlPage_andTruncation_areRefused() {
        assertThatThrownBy(() -> readThrough(TestImages.png(500), OutputFormat.WEBP)).hasMessageContaining("is not a webp image");
        assertThatThrownBy(() -> readThrough("<html><body>502 Bad Gateway</body></html>".getBytes(),
                OutputFormat.JPG)).hasMessageContaining("is not a jpg image");
        assertThatThrownBy(() -> readThrough(Arrays.copyOf(TestImages.webp(5000), 2500), OutputFormat.WEBP))
                .hasMessageContaining("RIFF header says 5000 bytes, 2500 arrived");
        assertThatThrownBy(() -> readThrough(Arrays.copyOf(TestImages.png(5000), 4000), OutputFormat.PNG))
                .hasMessageContaining("IEND");
        assertThatThrownBy(() -> readThrough(Arrays.copyOf(TestImages.jpg(5000), 4000), OutputFormat.JPG))
                .hasMessageContaining("end-of-image");
        assertThatThrownBy(() -> readThrough(new byte[5], OutputFormat.PNG)).hasMessageContaining("only 5 bytes");
    }
}
