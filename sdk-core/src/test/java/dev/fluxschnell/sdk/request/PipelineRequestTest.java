package dev.fluxschnell.sdk.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A pipeline's view: its first request's, with its steps as {@code then}; read back unchanged. */
class PipelineRequestTest {
    static ModelRequest readBack(ModelRequest r) {
        Map<String, Object> view = new LinkedHashMap<>(r.inputs());
        view.putAll(r.settings());
        return ModelRequest.fromInputs(r.model(), view);
    }

    @Test
    void stepsReadBackFromThen_anEditsCommasIncluded() {
        PipelineRequest p = ImageRequest.of("a mug").then(Step.edit("on marble, lit from the left"))
                .then(Step.upscale(2)).keepingIntermediates();
        assertThat(p.settings()).containsEntry("then", "edit:on marble\\, lit from the left,upscale:2")
                .containsEntry("keep_intermediates", "true");
        assertThat(readBack(p)).isEqualTo(p);
        assertThat(Step.parseAll(p.settings().get("then"))).extracting(Step::name)
                .containsExactly("edit: on marble, lit from the left", "upscale 2×");
    }

    @Test
    void aStepThatReadsNoWebp_asksTheRequestBeforeItForPng_orRefusesAnExplicitWebp() {
        PipelineRequest p = ImageRequest.of("a mug").then(Step.removeBackground());
        assertThat(p.first().inputs()).containsEntry("output_format", "png");
        assertThat(ImageRequest.of("a mug").then(Step.upscale(2)).first().inputs())
                .as("Real-ESRGAN reads WebP: nothing changed").doesNotContainKey("output_format");
        assertThatThrownBy(() -> ImageRequest.builder().prompt("a mug").outputFormat(OutputFormat.WEBP).build()
                .then(Step.removeBackground())).hasMessageContaining("reads PNG or JPEG only");
    }

    @Test
    void aCustomStep_hasNoTextForm() {
        PipelineRequest p = ImageRequest.of("a mug").then(Step.of("mine", Model.REAL_ESRGAN,
                image -> UpscaleRequest.of(image, 2)));
        assertThatThrownBy(p::settings).isInstanceOf(IllegalStateException.class).hasMessageContaining("custom step");
    }
}
