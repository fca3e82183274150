package dev.fluxschnell.sdk.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link EditRequest}: several images, FLUX.2's shape default, sizes; ranges are in the edits tests. */
class EditRequestTest {
    private static final InputImage MUG = InputImage.of(URI.create("https://example.com/mug.png"));
    private static final InputImage LOGO = InputImage.of(URI.create("https://example.com/logo.png"));

    @Test
    void flux2Edits_keepTheSourcesShape_unlessASizeOrRatioIsGiven() {
        EditRequest edit = EditRequest.builder().model(EditModel.FLUX_2_PRO).image(MUG).prompt("blue").build();
        assertThat(edit.inputs()).containsEntry("aspect_ratio", "match_input_image");
        assertThat(edit.toBuilder().size(1024, 1024).build().inputs()).containsEntry("aspect_ratio", "custom")
                .containsEntry("width", 1024).containsEntry("height", 1024);
        assertThat(edit.toBuilder().aspectRatio(AspectRatio.SQUARE_1_1).build().inputs())
                .containsEntry("aspect_ratio", "1:1");
    }

    @Test
    void references_goOutAsTheModelsImageList_upToItsLimit() {
        EditRequest two = EditRequest.builder().model(EditModel.FLUX_2_PRO).image(MUG).reference(LOGO)
                .prompt("put the logo on the mug").build();
        assertThat(two.inputs()).containsEntry("input_images", List.of(MUG, LOGO));
        assertThat(two.images()).containsExactly(MUG, LOGO);
        assertThat(EditRequest.builder().model(EditModel.FLUX_2_KLEIN_4B).image(MUG).reference(LOGO).prompt("p")
                .build().inputs()).containsKey("images");
        assertThatThrownBy(() -> EditRequest.builder().image(MUG).reference(LOGO).prompt("p").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("edits one image");
        EditRequest.Builder nine = EditRequest.builder().model(EditModel.FLUX_2_PRO).image(MUG).prompt("p");
        for (int i = 0; i < 8; i++) {
            nine.reference(LOGO);
        }
        assertThatThrownBy(nine::build).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8");
    }

    @Test
    void anEditByUrl_roundTripsThroughItsView_andAViewSizingTwoWaysIsRefused() {
        EditRequest edit = EditRequest.builder().model(EditModel.KONTEXT_PRO).image(MUG).prompt("Make the mug blue")
                .build();
        assertThat(ModelRequest.fromInputs(edit.model(), edit.inputs())).isEqualTo(edit);
        assertThatThrownBy(() -> EditRequest.fromInputs(Model.FLUX_2_PRO, Map.of("prompt", "p", "input_images",
                List.of(MUG), "width", 1024, "height", 1024, "aspect_ratio", "1:1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("flux-2-pro");
    }
}
