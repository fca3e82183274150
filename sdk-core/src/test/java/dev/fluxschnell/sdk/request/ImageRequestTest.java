package dev.fluxschnell.sdk.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link ImageRequest}: sizes, the wire view's conflicts and deriving variants; ranges are in ValidationTest. */
class ImageRequestTest {
    @Test
    void aSize_isExactOnFlux2_andTheNearestRatioOnModelsWithoutCustomSizes() {
        assertThat(ImageRequest.builder().model(ImageModel.FLUX_2_PRO).prompt("p").size(1024, 768).build().inputs())
                .containsEntry("aspect_ratio", "custom").containsEntry("width", 1024).containsEntry("height", 768);
        assertThat(ImageRequest.builder().prompt("p").size(1792, 1024).build().inputs())
                .containsEntry("aspect_ratio", "16:9").doesNotContainKeys("width", "height");
        assertThat(ImageRequest.builder().model(ImageModel.FLUX_2_KLEIN_4B).prompt("p").size(1024, 1024).build()
                .inputs()).containsEntry("aspect_ratio", "1:1").doesNotContainKeys("width", "height");
    }

    @Test
    void theLastWayToSizeWins_soAVariantCanBeResized() {
        ImageRequest custom = ImageRequest.builder().model(ImageModel.FLUX_2_PRO).prompt("p").size(1024, 768).build();
        ImageRequest wide = custom.toBuilder().aspectRatio(AspectRatio.LANDSCAPE_16_9).build();
        assertThat(wide.inputs()).containsEntry("aspect_ratio", "16:9").doesNotContainKeys("width", "height");
        assertThat(wide.toBuilder().size(512, 512).build().inputs()).containsEntry("aspect_ratio", "custom")
                .containsEntry("width", 512);
        assertThat(ImageRequest.builder().prompt("p").megapixels(Megapixels.QUARTER).size(1024, 1024).build()
                .inputs()).containsEntry("megapixels", "1");
    }

    @Test
    void aViewThatSizesTwoWays_isRefusedNamingTheModel() {
        assertThatThrownBy(() -> ImageRequest.fromInputs(Model.FLUX_2_PRO, Map.of("prompt", "p", "size", "1024x768",
                "aspect_ratio", "16:9"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not both").hasMessageContaining("black-forest-labs/flux-2-pro");
    }

    @Test
    void aSizeOnKlein_choosesTheNearestMegapixels_becauseKleinIsBilledByThem() {
        assertThat(ImageRequest.builder().model(ImageModel.FLUX_2_KLEIN_4B).prompt("p").size(512, 512).build()
                .inputs()).containsEntry("aspect_ratio", "1:1").containsEntry("output_megapixels", "0.25");
    }

    @Test
    void matchInputImage_isRefusedForAGeneration_whichHasNoInputImage() {
        assertThatThrownBy(() -> ImageRequest.builder().model(ImageModel.FLUX_2_PRO).prompt("p")
                .resolution(Resolution.MATCH_INPUT_IMAGE).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs an input image");
        assertThatThrownBy(() -> ImageRequest.builder().model(ImageModel.FLUX_2_PRO).prompt("p")
                .aspectRatio(AspectRatio.MATCH_INPUT_IMAGE).build()).hasMessageContaining("needs an input image");
    }

    @Test
    void shorthands_resolveToTheNameEachModelUses() {
        assertThat(ModelSchema.wireName("resolution", Model.FLUX_2_KLEIN_4B)).isEqualTo("output_megapixels");
        assertThat(ModelSchema.wireName("resolution", Model.FLUX_2_PRO)).isEqualTo("resolution");
        assertThat(ModelSchema.wireName("output-megapixels", Model.FLUX_2_PRO)).isEqualTo("resolution");
        assertThat(ModelSchema.wireName("steps", Model.FLUX_SCHNELL)).isEqualTo("num_inference_steps");
        assertThat(ModelSchema.wireName("steps", Model.FLUX_FILL_PRO)).isEqualTo("steps");
        assertThat(ModelSchema.wireName("num_inference_steps", Model.FLUX_FILL_PRO)).isEqualTo("steps");
        assertThat(ModelSchema.wireName("Aspect", null)).isEqualTo("aspect_ratio");
    }
}
