package dev.fluxschnell.sdk.prompts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.PipelineRequest;
import dev.fluxschnell.sdk.request.Step;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Whatever can create many predictions is counted before anything is expanded, and refused above the limit with
 * where it was written: a few bytes of input never become millions of objects.
 */
class ExpansionLimitsTest {
    private static List<PromptEntry> file(String text) {
        return PromptFile.parse("big.txt", text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    @Test
    void a27ByteRowAskingForTwoBillionImages_isRefusedWithItsLine() {
        assertThatThrownBy(() -> file("red mug | count=2000000000")).isInstanceOf(PromptFileException.class)
                .hasMessageContaining("big.txt:1").hasMessageContaining("count must be between 1 and 100000");
    }

    @Test
    void theRowAtWhichAFilePassesTheLimit_isNamed_beforeAnythingIsBuilt() {
        List<PromptEntry> entries = file("a | count=400\nb | count=400\nc | count=400 then=upscale:2\n");
        // flux-schnell makes 4 images per prediction: 100 + 100 + (100 + 400 upscales)
        assertThat(entries.get(2).predictionCount(1)).isEqualTo(500);
        assertThat(PromptFile.predictionCount(entries.subList(0, 2), 1, 1000)).isEqualTo(200);
        assertThatThrownBy(() -> PromptFile.predictionCount(entries, 1, 600))
                .isInstanceOf(PromptFileException.class).hasMessageContaining("big.txt:3")
                .hasMessageContaining("more than 600 predictions");
    }

    @Test
    void aTemplateOfNineVariablesTimesTenValues_isCountedNotExpanded() {
        StringBuilder json = new StringBuilder("{\"template\": \"");
        StringBuilder vars = new StringBuilder();
        for (int v = 0; v < 9; v++) {
            json.append("{v").append(v).append("} ");
            vars.append(v == 0 ? "" : ",\n").append("  \"v").append(v).append("\": [\"0\",\"1\",\"2\",\"3\",\"4\",\"5\","
                    + "\"6\",\"7\",\"8\",\"9\"]");
        }
        json.append("\",\n\"variables\": {\n").append(vars).append("}}");
        PromptTemplate t = PromptTemplate.parse("t.json", json.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(t.combinations()).isEqualTo(1_000_000_000L);
        assertThatThrownBy(t::expand).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("t.json:2: ")
                .hasMessageContaining("1000000000 combinations");
    }

    @Test
    void combinationsThatOverflowALong_saySo() {
        Map<String, List<String>> vars = new java.util.LinkedHashMap<>();
        StringBuilder template = new StringBuilder();
        for (int v = 0; v < 20; v++) {
            vars.put("v" + v, Collections.nCopies(10, "x"));
            template.append("{v").append(v).append("}");
        }
        PromptTemplate t = PromptTemplate.of(template.toString()).withVariables(vars);
        assertThat(t.combinations()).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(t::expand).hasMessageContaining("more than");
    }

    @Test
    void pipelinesHaveAStepCap_andAddingStepsIsLinear() {
        String forty = String.join(",", Collections.nCopies(40_000, "upscale:2"));
        assertThatThrownBy(() -> Step.parseAll(forty)).hasMessageContaining("at most " + PipelineRequest.MAX_STEPS);
        PipelineRequest p = PipelineRequest.of(ImageRequest.of("x")).then(Collections.nCopies(PipelineRequest.MAX_STEPS,
                Step.upscale(2)));
        assertThat(p.steps()).hasSize(PipelineRequest.MAX_STEPS);
        assertThatThrownBy(() -> p.then(Step.upscale(2))).hasMessageContaining("at most 20 steps");
    }

    @Test
    void splittingNearIntegerMaxValue_isRefusedInsteadOfBuildingHalfABillionRequests() {
        assertThatThrownBy(() -> BatchRequest.split(ImageRequest.of("x"), Integer.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 100000");
        assertThat(BatchRequest.split(ImageRequest.of("x"), 4_000)).hasSize(1_000);
    }

    @Test
    void aFileOfMoreRowsThanABatchMayHave_isRefusedBeforeAnyRowIsBuilt() {
        String rows = "a\n".repeat(BatchRequest.MAX_PREDICTIONS + 1);
        assertThatThrownBy(() -> file(rows)).isInstanceOf(PromptFileException.class)
                .hasMessageContaining("big.txt:" + (BatchRequest.MAX_PREDICTIONS + 1))
                .hasMessageContaining("at most 100000");
    }
}
