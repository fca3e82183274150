package dev.fluxschnell.sdk.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fluxschnell.sdk.request.ImageRequest;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class BatchSplitTest {
    @Test
    void split_makesAsFewPredictionsAsTheModelAllows() {
        ImageRequest r = ImageRequest.builder().prompt("a red shoe").numOutputs(2).build();

        assertThat(BatchRequest.split(r, 1)).extracting(ImageRequest::numOutputs).containsExactly(1);
        assertThat(BatchRequest.split(r, 4)).extracting(ImageRequest::numOutputs).containsExactly(4);
        assertThat(BatchRequest.split(r, 10)).extracting(ImageRequest::numOutputs).containsExactly(4, 4, 2);
        assertThat(BatchRequest.split(r, 10)).allSatisfy(p -> {
            assertThat(p.prompt()).isEqualTo("a red shoe");
            assertThat(p.seed()).isEmpty();
        });
    }

    @Test
    void split_withASeed_givesEachPredictionItsOwn() {
        ImageRequest r = ImageRequest.builder().prompt("p").seed(41).goFast(false).build();
        List<ImageRequest> parts = BatchRequest.split(r, 9);

        assertThat(parts).extracting(ImageRequest::seed).containsExactly(OptionalLong.of(41), OptionalLong.of(42),
                OptionalLong.of(43));
        assertThat(BatchRequest.split(ImageRequest.builder().prompt("p").seed(0).build(), 5))
                .extracting(ImageRequest::seed).containsOnly(OptionalLong.of(0));
    }

    @Test
    void split_rejectsNothingToMake() {
        assertThatThrownBy(() -> BatchRequest.split(ImageRequest.of("p"), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("count must be at least 1, was 0");
    }
}
