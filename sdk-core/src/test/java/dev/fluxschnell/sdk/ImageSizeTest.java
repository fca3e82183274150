package dev.fluxschnell.sdk;

import dev.fluxschnell.sdk.request.AspectRatio;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.Megapixels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Sizes in pixels (what AI frameworks ask for) mapped to flux-schnell's aspect ratios and megapixels. */
class ImageSizeTest {
    @ParameterizedTest
    @CsvSource({"1024,1024,1:1,ONE", "1792,1024,16:9,ONE", "1024,1792,9:16,ONE", "512,512,1:1,QUARTER",
            "256,256,1:1,", "1920,1080,16:9,ONE", "2048,1024,16:9,ONE", "1000,1010,1:1,ONE", "1200,800,3:2,ONE",
            "800,1000,4:5,ONE", "896,1152,3:4,ONE", "1152,896,4:3,ONE", "768,1024,3:4,ONE", "640,1536,9:21,ONE", "2560,1080,21:9,,",
            "363,363,1:1,QUARTER", "362,362,1:1,", "724,724,1:1,QUARTER", "725,725,1:1,ONE", "1448,1448,1:1,ONE",
            "1449,1449,1:1,"})
    void size_mapsToTheNearestRatioAndMegapixels_orIsRejected(int w, int h, String ratio, Megapixels mp) {
        assertThat(AspectRatio.nearest(w, h).map(AspectRatio::value).orElse(null)).isEqualTo(ratio);
        assertThat(Megapixels.nearest((long) w * h).orElse(null)).isEqualTo(mp);
        if (ratio != null && mp != null) {
            ImageRequest r = ImageRequest.builder().prompt("p").size(w, h).build();
            assertThat(r.aspectRatio().orElseThrow().value()).isEqualTo(ratio);
            assertThat(r.megapixels()).contains(mp);
        } else {
            assertThatThrownBy(() -> ImageRequest.builder().prompt("p").size(w, h).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("size " + w + "x" + h);
        }
    }

    @ParameterizedTest
    @EnumSource(value = AspectRatio.class, names = {"WIDE_2_1", "TALL_1_2", "MATCH_INPUT_IMAGE"},
            mode = EnumSource.Mode.EXCLUDE)
    void everyFluxSchnellRatiosOwnPixelSize_mapsBackToIt(AspectRatio ratio) {
        for (Megapixels mp : Megapixels.values()) {
            ImageRequest r = ImageRequest.builder().prompt("p").size(ratio.width(mp), ratio.height(mp)).build();
            assertThat(r.aspectRatio()).contains(ratio);
            assertThat(r.megapixels()).contains(mp);
        }
    }

    @Test
    void tooFlatOrTooSmall_isRejectedWithTheRule_andSizeReplacesRatioAndMegapixels() {
        assertThatThrownBy(() -> ImageRequest.builder().prompt("p").size(4000, 1000).build()).hasMessage("size "
                + "4000x1000 has no close aspect ratio on black-forest-labs/flux-schnell: it takes 1:1, 16:9, 21:9, 3:2, "
                + "2:3, 4:5, 5:4, 3:4, 4:3, 9:16, 9:21, and a size must be within 15% of one");
        assertThatThrownBy(() -> ImageRequest.builder().prompt("p").size(256, 256).build()).hasMessage("size "
                + "256x256 is 0.06 megapixels; black-forest-labs/flux-schnell makes images of about 0.25 or 1 "
                + "megapixel, so sizes from 0.125 to 2 megapixels are accepted");
        assertThatThrownBy(() -> ImageRequest.builder().size(0, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
        assertThat(ImageRequest.builder().prompt("p").aspectRatio(AspectRatio.PORTRAIT_2_3).size(512, 512).build()
                .inputs()).containsEntry("aspect_ratio", "1:1").containsEntry("megapixels", "0.25");
    }
}
