package dev.fluxschnell.sdk.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fluxschnell.sdk.request.AspectRatio;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.InputImage;
import dev.fluxschnell.sdk.request.ModelRequest;
import dev.fluxschnell.sdk.request.Style;
import dev.fluxschnell.sdk.request.UpscaleRequest;
import dev.fluxschnell.sdk.storage.ImageMetadata;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What needs no S3 server: the builder's checks and the objects' user metadata ({@link S3ImageStorageIT}: the rest). */
class S3ImageStorageTest {
    static ImageMetadata meta(String id, ModelRequest request) {
        return new ImageMetadata(id, 0, request, Instant.parse("2026-11-24T09:00:00Z"), new BigDecimal("0.003"));
    }

    static ImageMetadata meta(String id, String prompt) {
        return meta(id, ImageRequest.builder().prompt(prompt).style(Style.REALISTIC).seed(99).build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/abs", "a/../b", "..", "./x", "a//b", "a\\b", "a\u0001b"})
    void badPrefixes_areRejected(String prefix) {
        assertThatThrownBy(() -> S3ImageStorage.builder().prefix(prefix)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prefix must be a relative key prefix");
    }

    @Test
    void userMetadata_isAsciiAndFitsTheLimit_evenForLongUnicodePrompts() {
        Map<String, String> md = S3ImageStorage.userMetadata(meta("id1", "Ünïcødé ☃ ".repeat(300)));

        assertThat(md.values()).allSatisfy(v -> assertThat(v).matches("[\\x20-\\x7E]*"));
        assertThat(md.entrySet().stream().mapToInt(e -> e.getKey().length() + e.getValue().length()).sum())
                .isLessThanOrEqualTo(2048);
        assertThat(md).containsEntry("prompt-truncated", "true");
        assertThat(URLDecoder.decode(md.get("prompt"), StandardCharsets.UTF_8)).startsWith("Ünïcødé ☃ Ünïcødé");
        assertThat(S3ImageStorage.userMetadata(meta("id2", "short")).get("prompt")).isEqualTo("short");
    }

    @Test
    void userMetadata_holdsTheSettingsTheRequestSet_andNoneItLeftToTheModel() {
        Map<String, String> set = S3ImageStorage.userMetadata(meta("id3", ImageRequest.builder().prompt("kite")
                .aspectRatio(AspectRatio.LANDSCAPE_16_9).seed(5).build()));
        Map<String, String> unset = S3ImageStorage.userMetadata(meta("id4", ImageRequest.of("kite")));

        assertThat(set).containsEntry("aspect-ratio", "16:9").containsEntry("seed", "5")
                .containsEntry("model", "black-forest-labs/flux-schnell");
        assertThat(unset).doesNotContainKeys("aspect-ratio", "style").containsEntry("seed", "random");
    }

    @Test
    void userMetadata_ofAModelWithoutAPrompt_hasAnEmptyPrompt() {
        Map<String, String> md = S3ImageStorage.userMetadata(meta("id5", UpscaleRequest.of(InputImage.of(
                URI.create("https://images.example.com/bag.png")), 2)));

        assertThat(md).containsEntry("model", "nightmareai/real-esrgan").containsEntry("prompt", "");
        assertThat(md.values()).doesNotContainNull();
    }
}
