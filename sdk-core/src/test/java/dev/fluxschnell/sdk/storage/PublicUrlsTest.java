package dev.fluxschnell.sdk.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fluxschnell.sdk.TestImages;
import dev.fluxschnell.sdk.request.OutputFormat;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Public URLs: unguessable names for unnamed images, stable per key, URLs under the base. */
class PublicUrlsTest {
    static final byte[] KEY = new byte[32];
    static final URI CDN = URI.create("https://cdn.example.com/img");

    @TempDir
    Path root;

    @Test
    void unnamedImages_getAnUnguessableName_thatIsTheSameForTheSameKey() {
        ImageMetadata meta = LocalFileStorageTest.meta("abc123");
        String name = PublicUrls.of(CDN, KEY).objectName(meta);
        assertThat(name).matches("2026-11-24/abc123-1-[0-9a-f]{16}\\.webp");
        assertThat(PublicUrls.of(CDN, KEY).objectName(meta)).as("a retried store writes the same object")
                .isEqualTo(name);
        byte[] other = Arrays.copyOf(KEY, 32);
        other[0] = 1;
        assertThat(PublicUrls.of(CDN, other).objectName(meta)).isNotEqualTo(name);
        assertThat(PublicUrls.of(CDN, KEY).objectName(meta.withName("catalogue/sku-1")))
                .as("a name the user chose is kept").isEqualTo("catalogue/sku-1.webp");
    }

    @Test
    void urls_areUnderTheBase_withEachSegmentEncoded() {
        assertThat(PublicUrls.of(CDN, KEY).urlFor("a b/c+d.webp"))
                .isEqualTo(URI.create("https://cdn.example.com/img/a%20b/c%2Bd.webp"));
        assertThatThrownBy(() -> PublicUrls.of(URI.create("ftp://x/"), KEY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PublicUrls.of(CDN, new byte[8])).hasMessageContaining("16 bytes");
    }

    @Test
    void localFiles_servedPublicly_getThePublicUrlOfTheirUnguessablePath() throws Exception {
        byte[] bytes = TestImages.webp(100);
        StoredImage s = LocalFileStorage.of(root).withPublicUrls(PublicUrls.of(CDN, KEY))
                .store(ImageContent.of(new ByteArrayInputStream(bytes), OutputFormat.WEBP, bytes.length),
                        LocalFileStorageTest.meta("abc123")).join();
        Path file = Path.of(s.location());
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
        assertThat(s.publicUrl()).hasValueSatisfying(u -> assertThat(u.toString())
                .isEqualTo("https://cdn.example.com/img/" + root.relativize(file).toString().replace('\\', '/'))
                .matches(".*/2026-11-24/abc123-1-[0-9a-f]{16}\\.webp"));
        assertThat(s.downloadUrl()).isEmpty();
    }
}
