package dev.fluxschnell.sdk.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** {@link UpscaleRequest}: each upscaler's inputs as its recorded schema has them. */
class UpscaleRequestTest {
    private static final InputImage PHOTO = InputImage.of(URI.create("https://example.com/photo.png"));

    @Test
    void realEsrgan_alwaysSaysWhetherToEnhanceFaces_becauseItsOwnDefaultIsTrue() {
        assertThat(UpscaleRequest.of(PHOTO, 2).inputs()).containsEntry("face_enhance", false)
                .containsEntry("scale", 2);
        assertThat(UpscaleRequest.builder().image(PHOTO).faceEnhance(true).build().inputs())
                .containsEntry("face_enhance", true);
    }

    @Test
    void aSettingTheUpscalerDoesNotTake_isRefusedNamingIt() {
        assertThatThrownBy(() -> UpscaleRequest.builder().model(UpscaleModel.RECRAFT_CRISP).image(PHOTO).scale(4)
                .build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("recraft-crisp-upscale");
        UpscaleRequest r = UpscaleRequest.builder().model(UpscaleModel.RECRAFT_CRISP).image(PHOTO).build();
        assertThat(ModelRequest.fromInputs(r.model(), r.inputs())).isEqualTo(r);
    }
}
