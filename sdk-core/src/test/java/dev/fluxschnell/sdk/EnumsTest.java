package dev.fluxschnell.sdk;

import dev.fluxschnell.sdk.request.AspectRatio;
import dev.fluxschnell.sdk.request.Megapixels;
import dev.fluxschnell.sdk.request.OutputFormat;
import dev.fluxschnell.sdk.request.Style;
import dev.fluxschnell.sdk.result.PredictionStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class EnumsTest {
    @ParameterizedTest
    @CsvSource({"1:1,SQUARE_1_1,1024,1024", "16:9,LANDSCAPE_16_9,1344,768", "21:9,ULTRAWIDE_21_9,1536,640",
            "3:2,LANDSCAPE_3_2,1216,832", "2:3,PORTRAIT_2_3,832,1216", "4:5,PORTRAIT_4_5,896,1088",
            "5:4,LANDSCAPE_5_4,1088,896", "3:4,PORTRAIT_3_4,896,1152", "4:3,LANDSCAPE_4_3,1152,896",
            "9:16,PORTRAIT_9_16,768,1344", "9:21,PORTRAIT_9_21,640,1536"})
    void aspectRatio_wireValueAndPixelSize(String wire, AspectRatio ratio, int w, int h) {
        assertThat(AspectRatio.of(wire)).isEqualTo(ratio);
        assertThat(AspectRatio.of(ratio.name().toLowerCase())).isEqualTo(ratio);
        assertThat(ratio.value()).isEqualTo(wire);
        assertThat(ratio.width(Megapixels.ONE)).isEqualTo(w);
        assertThat(ratio.height(Megapixels.ONE)).isEqualTo(h);
        assertThat(ratio.width(Megapixels.QUARTER)).isEqualTo(w / 2);
        assertThat(ratio.height(Megapixels.QUARTER)).isEqualTo(h / 2);
        assertThat(w % 16).isZero();
        assertThat(h % 16).isZero();
    }

    @Test
    void aspectRatio_coversEveryRatioOfEveryRecordedSchema_andFluxSchnellsEleven() {
        java.util.Set<String> all = new java.util.TreeSet<>();
        for (dev.fluxschnell.sdk.request.ModelDescription d : dev.fluxschnell.sdk.request.ModelDescription.all()) {
            d.schema().field("aspect_ratio").ifPresent(f -> all.addAll(f.choices()));
        }
        all.remove("custom"); // a size(width, height), not a constant
        assertThat(Arrays.stream(AspectRatio.values()).map(AspectRatio::value)).containsExactlyInAnyOrderElementsOf(
                all);
        assertThat(dev.fluxschnell.sdk.request.ModelDescription.of(dev.fluxschnell.sdk.request.Model.FLUX_SCHNELL)
                .orElseThrow().schema().field("aspect_ratio").orElseThrow().choices()).containsExactly(
                "1:1", "16:9", "21:9", "3:2", "2:3", "4:5", "5:4", "3:4", "4:3", "9:16", "9:21");
    }

    @Test
    void style_appendsItsSuffix_andLooksUpCaseInsensitively() {
        assertThat(Style.NONE.apply("cat")).isEqualTo("cat");
        assertThat(Style.ARTISTIC.apply("cat")).isEqualTo("cat, artistic, painterly, expressive, creative");
        assertThat(Style.ILLUSTRATION.apply("cat")).isEqualTo("cat, digital illustration, vector art, clean lines");
        assertThat(Style.RENDER_3D.apply("cat"))
                .isEqualTo("cat, 3D render, octane render, detailed textures, professional lighting");
        assertThat(Style.of("Realistic")).isEqualTo(Style.REALISTIC);
        assertThat(Style.of("3D")).isEqualTo(Style.RENDER_3D);
        assertThat(Style.of("render-3d")).isEqualTo(Style.RENDER_3D);
    }

    @ParameterizedTest
    @EnumSource(OutputFormat.class)
    void outputFormat_roundTripsAndHasMime(OutputFormat f) {
        assertThat(OutputFormat.of(f.value().toUpperCase())).isEqualTo(f);
        assertThat(f.mimeType()).startsWith("image/");
    }

    @Test
    void outputFormat_acceptsJpeg_andMegapixelsRoundTrip() {
        assertThat(OutputFormat.of("JPEG")).isEqualTo(OutputFormat.JPG);
        assertThat(Megapixels.of("0.25")).isEqualTo(Megapixels.QUARTER);
        assertThat(Megapixels.of("one")).isEqualTo(Megapixels.ONE);
    }

    @Test
    void predictionStatus_toleratesUnknownValues() {
        assertThat(PredictionStatus.fromWire("succeeded")).isEqualTo(PredictionStatus.SUCCEEDED);
        assertThat(PredictionStatus.fromWire("ABORTED").isTerminal()).isTrue();
        assertThat(PredictionStatus.fromWire("warming_up")).isEqualTo(PredictionStatus.UNKNOWN);
        assertThat(PredictionStatus.fromWire(null).isTerminal()).isFalse();
    }
}
