package dev.fluxschnell.sdk.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fluxschnell.sdk.Pictures;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Fill Pro and Dev: a mask, outpainting, or the mask in the image's alpha channel; the current Fill Pro ranges. */
class InpaintRequestTest {
    static final InputImage PNG = InputImage.of(Pictures.png(64, 48));

    @Test
    void theMaskInTheImagesAlpha_sendsNoMask_andReadsBackFromAViewWithoutOne() {
        InpaintRequest r = InpaintRequest.builder().image(PNG).maskInAlpha().prompt("no label").build();
        assertThat(r.inputs()).containsOnlyKeys("prompt", "image");
        assertThat(r.maskInAlpha()).isTrue();
        assertThat(InpaintRequest.fromInputs(Model.FLUX_FILL_PRO, r.inputs())).isEqualTo(r);
        assertThat(InpaintRequest.builder().model(InpaintModel.FILL_DEV).image(PNG).maskInAlpha().prompt("x").build()
                .inputs()).doesNotContainKey("mask");
    }

    @Test
    void theMaskInTheAlpha_isRefusedForAJpeg_andWithAMaskOrOutpainting() {
        InputImage jpg = InputImage.of(Pictures.jpg(64, 48));
        assertThatThrownBy(() -> InpaintRequest.builder().image(jpg).maskInAlpha().prompt("x").build())
                .hasMessageContaining("is a JPEG, which has no alpha channel");
        assertThatThrownBy(() -> InpaintRequest.builder().image(PNG).mask(PNG).maskInAlpha().prompt("x").build())
                .hasMessageContaining("not with mask(...) or outpaint(...)");
        assertThatThrownBy(() -> InpaintRequest.builder().image(PNG).prompt("x").build())
                .hasMessageContaining("maskInAlpha()");
    }

    @Test
    void fillPro_takesItsCurrentRanges_steps15to50_guidance1_5to100_andItsDefaultsAreBuildable() {
        InputImage mask = InputImage.of(Pictures.mask(64, 48));
        assertThatThrownBy(() -> InpaintRequest.builder().image(PNG).mask(mask).prompt("x").numInferenceSteps(14)
                .build()).hasMessageContaining("numInferenceSteps must be between 15 and 50 (inclusive), was 14 "
                + "(steps) for black-forest-labs/flux-fill-pro");
        InpaintRequest defaults = InpaintRequest.builder().image(PNG).mask(mask).prompt("x").numInferenceSteps(50)
                .guidance(60).build();
        assertThat(defaults.inputs()).containsEntry("steps", 50).containsEntry("guidance", 60.0);
        assertThatThrownBy(() -> InpaintRequest.fromInputs(Model.FLUX_FILL_PRO, Map.of("prompt", "x", "image",
                "https://e.com/a.png", "mask", "https://e.com/m.png", "guidance", 1))).hasMessageContaining(
                "guidance must be between 1.5 and 100");
    }
}
