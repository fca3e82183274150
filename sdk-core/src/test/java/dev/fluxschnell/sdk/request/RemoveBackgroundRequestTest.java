package dev.fluxschnell.sdk.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** {@link RemoveBackgroundRequest}: the models' inputs and the SDK's background setting. */
class RemoveBackgroundRequestTest {
    private static final InputImage PHOTO = InputImage.of(URI.create("https://example.com/photo.png"));

    @Test
    void eachModelGetsItsOwnImageField_andTheViewRoundTrips() {
        for (BackgroundModel m : BackgroundModel.values()) {
            RemoveBackgroundRequest r = RemoveBackgroundRequest.builder().model(m).image(PHOTO).build();
            assertThat(r.inputs()).as(m.toString()).containsValue(PHOTO);
            assertThat(ModelRequest.fromInputs(r.model(), r.inputs())).isEqualTo(r);
        }
    }

    @Test
    void aWhiteBackground_choosesTheModelThatMakesOne_andGoesOutAsItsWireField() {
        RemoveBackgroundRequest r = RemoveBackgroundRequest.of(PHOTO, Background.WHITE);
        assertThat(r.background()).isEqualTo(Background.WHITE);
        assertThat(r.backgroundModel()).isEqualTo(BackgroundModel.BACKGROUND_REMOVER);
        assertThat(r.inputs()).containsEntry("background_type", "white").doesNotContainKey("background");
    }
}
