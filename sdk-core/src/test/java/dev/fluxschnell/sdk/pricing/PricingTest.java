package dev.fluxschnell.sdk.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fluxschnell.sdk.Pictures;
import dev.fluxschnell.sdk.request.EditModel;
import dev.fluxschnell.sdk.request.EditRequest;
import dev.fluxschnell.sdk.request.ImageModel;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.InputImage;
import dev.fluxschnell.sdk.request.Model;
import dev.fluxschnell.sdk.request.Resolution;
import dev.fluxschnell.sdk.request.Step;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** Prices per image, per megapixel (FLUX.2: output and reference images) and by GPU time. */
class PricingTest {
    static final Pricing P = Pricing.DEFAULT.withPerMegapixel(Model.FLUX_2_PRO, "0.03", "0.015");

    @Test
    void perImage_isExact() {
        CostEstimate e = P.estimate(ImageRequest.builder().prompt("x").numOutputs(3).build());
        assertThat(e.isExact()).isTrue();
        assertThat(e.total()).isEqualByComparingTo("0.009");
    }

    @Test
    void flux2_aResolutionFixesTheOutput_andEveryLocalReferenceCountsItsMegapixelsRoundedUp() {
        ImageRequest twoMp = ImageRequest.builder().model(ImageModel.FLUX_2_PRO).prompt("x")
                .resolution(Resolution.MP_2).build();
        assertThat(P.estimate(twoMp).total()).as("first MP + one more").isEqualByComparingTo("0.045");
        assertThat(P.estimate(twoMp).isExact()).isTrue();

        InputImage small = InputImage.of(Pictures.png(640, 480)); // 0.29 MP: billed as 1
        InputImage large = InputImage.of(Pictures.png(1600, 1200)); // 1.83 MP: billed as 2
        EditRequest edit = EditRequest.builder().model(EditModel.FLUX_2_PRO).image(small).reference(large)
                .prompt("x").resolution(Resolution.MP_1).build();
        CostEstimate e = P.estimate(edit);
        assertThat(e.isExact()).isTrue();
        assertThat(e.total()).as("1 MP out + 3 MP in").isEqualByComparingTo("0.075");
    }

    @Test
    void flux2_aCustomSizeIsExact_anImageAtAUrlIsARange() {
        ImageRequest custom = ImageRequest.builder().model(ImageModel.FLUX_2_PRO).prompt("x").size(2048, 1024)
                .build();
        assertThat(P.estimate(custom).total()).as("2 MP").isEqualByComparingTo("0.045");

        EditRequest byUrl = EditRequest.builder().model(EditModel.FLUX_2_PRO)
                .image(InputImage.of(URI.create("https://example.com/a.png"))).prompt("x").build();
        CostEstimate e = P.estimate(byUrl);
        assertThat(e.isExact()).isFalse();
        assertThat(e.low()).as("the default 1 MP out, 1 MP in").isEqualByComparingTo("0.045");
        assertThat(e.total()).as("1 MP out, up to 4 MP in").isEqualByComparingTo("0.09");
    }

    @Test
    void aPipeline_addsItsSteps_andAGpuTimeStepIsARange() {
        CostEstimate e = P.estimate(ImageRequest.of("x").then(Step.upscale(2)));
        assertThat(e.isExact()).isFalse();
        assertThat(e.low()).isEqualByComparingTo("0.003225");
    }
}
