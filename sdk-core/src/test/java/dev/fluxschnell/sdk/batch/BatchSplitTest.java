package dev.fluxschnell.sdk.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.ModelRequest;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class BatchSplitTest {
    @Test
    void split_makesAsFewPredictionsAsTheModelAllows() {
        ImageRequest r = ImageRequest.builder().prompt("a red shoe").numOutputs(2).build();

        assertThat(BatchRequest.split(r, 1)).extracting(ModelRequest::numOutputs).containsExactly(1);
        assertThat(BatchRequest.split(r, 4)).extracting(ModelRequest::numOutputs).containsExactly(4);
        assertThat(BatchRequest.split(r, 10)).extracting(ModelRequest::numOutputs).containsExactly(4, 4, 2);
        assertThat(BatchRequest.split(r, 10)).allSatisfy(p -> {
            assertThat(p.prompt()).isEqualTo("a red shoe");
            assertThat(p.seed()).isEmpty();
        });
    }

    @Test
    void split_withASeed_givesEachPredictionItsOwn() {
        ImageRequest r = ImageRequest.builder().prompt("p").seed(41).goFast(false).build();
        List<ModelRequest> parts = BatchRequest.split(r, 9);

        assertThat(parts).extracting(ModelRequest::seed).containsExactly(OptionalLong.of(41), OptionalLong.of(42),
                OptionalLong.of(43));
        assertThat(BatchRequest.split(ImageRequest.builder().prompt("p").seed(0).build(), 5))
                .extracting(ModelRequest::seed).containsOnly(OptionalLong.of(0));
    }

    @Test
    void split_ofAModelThatMakesOneImage_isOnePredictionPerImage_andACountNearIntMaxEnds() {
        ModelRequest kontext = ModelRequest.fromInputs(dev.fluxschnell.sdk.request.Model.FLUX_KONTEXT_PRO,
                java.util.Map.of("prompt", "blue", "input_image", "https://example.com/mug.png"));
        assertThat(BatchRequest.split(kontext, 3)).hasSize(3).allSatisfy(p -> assertThat(p.inputs())
                .doesNotContainKey("num_outputs"));
        ImageRequest r = ImageRequest.of("p");
        assertThat(BatchRequest.split(r, 5)).extracting(ModelRequest::numOutputs).containsExactly(4, 1);
    }

    @Test
    void split_rejectsNothingToMake() {
        assertThatThrownBy(() -> BatchRequest.split(ImageRequest.of("p"), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("count must be at least 1, was 0");
    }
}
