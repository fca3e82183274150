package dev.fluxschnell.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.result.PredictionStatus;
import dev.fluxschnell.sdk.request.Style;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonTest {
    static Prediction parse(String json) {
        return Json.prediction(Json.tree(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsThePredictionFieldsTheSdkUses_leniently() {
        Prediction p = parse("{\"id\":\"abc\",\"status\":\"processing\",\"output\":[\"data:image/webp;base64,AAAA\"],"
                + "\"logs\":\"loading\\nUsing seed: 40321\\nrunning\",\"metrics\":{\"predict_time\":0.5},"
                + "\"created_at\":\"2026-11-24T10:00:00.123456Z\",\"future_field\":{\"x\":1}}");
        assertThat(p.status()).isEqualTo(PredictionStatus.PROCESSING);
        assertThat(p.isFinishedSyncAnswer()).isTrue();
        assertThat(p.asSucceeded().status()).isEqualTo(PredictionStatus.SUCCEEDED);
        assertThat(p.seed()).isEqualTo(40321L);
        assertThat(p.createdAt()).isNotNull();
        assertThat(parse("{\"id\":\"a\",\"status\":\"starting\"}").isFinishedSyncAnswer()).isFalse();
        assertThat(parse("{\"id\":\"a\",\"status\":\"processing\",\"output\":null}").isFinishedSyncAnswer()).isFalse();
        assertThat(parse("{\"id\":\"a\",\"status\":\"brand_new\"}").status()).isEqualTo(PredictionStatus.UNKNOWN);
        assertThat(parse("{\"id\":\"a\",\"status\":\"succeeded\",\"logs\":\"no seed here\"}").seed()).isNull();
    }

    /** The input's own types are mapped directly, not through valueToTree: the body must be the same JSON. */
    @Test
    void aCreatesInput_isTheJsonOfItsValues_whateverTheirType() throws Exception {
        java.util.Map<String, Object> inputs = new java.util.LinkedHashMap<>();
        inputs.put("prompt", "a \"quoted\" \u2603");
        inputs.put("go_fast", true);
        inputs.put("num_outputs", 4);
        inputs.put("seed", 4_294_967_296L);
        inputs.put("guidance", 3.5);
        inputs.put("strength", 0.25f);
        inputs.put("list", java.util.List.of("a", 2, false));

        assertThat(Json.input(inputs, i -> "").toString())
                .isEqualTo(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(inputs));
    }

    @Test
    void malformedPredictions_sayWhatIsWrong() {
        assertThatThrownBy(() -> parse("[]")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> parse("{\"status\":\"x\"}")).hasMessageContaining("no 'id'");
        assertThatThrownBy(() -> parse("{\"id\":\"a\",\"output\":[1]}")).hasMessageContaining("non-string");
        assertThatThrownBy(() -> parse("{\"id\":\"a\",\"output\":\"not a uri\"}")).hasMessageContaining("valid URI");
        assertThatThrownBy(() -> Json.tree(new byte[0])).hasMessageContaining("empty body");
        assertThatThrownBy(() -> Json.tree("<html>".getBytes(StandardCharsets.UTF_8))).hasMessageContaining("not JSON");
    }

    @Test
    void theCreateInput_isExactlyTheModelSchema_andSameInputComparesNumbersByValue() {
        ImageRequest r = ImageRequest.builder().prompt("shoe").style(Style.REALISTIC).seed(7)
                .megapixels(dev.fluxschnell.sdk.request.Megapixels.QUARTER).build();
        var input = Json.input(r.sentInputs(), i -> "");
        assertThat(input.path("prompt").asText()).isEqualTo(r.sentPrompt());
        assertThat(input.path("megapixels").isTextual()).as("megapixels is a string in the schema").isTrue();
        assertThat(input.path("seed").asLong()).isEqualTo(7);
        var echoed = Json.tree(Json.write(input).replace("\"seed\":7", "\"seed\":7.0")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(Json.sameInput(echoed, input)).isTrue();
        assertThat(Json.sameInput(Json.input(ImageRequest.of("other").sentInputs(), i -> ""), input)).isFalse();
    }

    /** The fast reading of the API's timestamps gives what the JDK's parse gives, and null for what is not one. */
    @Test
    void timestamps_readAsTheJdkReadsThem() {
        for (String t : java.util.List.of("2024-05-21T19:29:31.518817Z", "2026-11-24T10:00:00Z",
                "2024-02-29T23:59:59.9Z", "1999-12-31T00:00:00.123456789Z", "2025-07-31T00:00:00.000000Z",
                "2024-05-21T19:29:31.518817+02:00", "2024-05-21T19:29:31-05:30", "2024-05-21T24:00:00Z",
                "2024-06-30T23:59:60Z")) {
            assertThat(Json.instant(t)).as(t).isEqualTo(java.time.Instant.parse(t));
        }
        for (String t : java.util.List.of("", "yesterday", "2023-02-29T10:00:00Z", "2024-13-01T10:00:00Z",
                "2024-05-21T25:00:00Z", "2024-05-21 19:29:31Z", "2024-05-2aT19:29:31Z")) {
            assertThat(Json.instant(t)).as(t).isNull();
        }
        assertThat(parse("{\"id\":\"a\",\"status\":\"starting\",\"created_at\":\"soon\"}").createdAt()).isNull();
    }
}
