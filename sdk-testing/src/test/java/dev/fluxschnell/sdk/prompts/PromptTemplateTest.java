package dev.fluxschnell.sdk.prompts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fluxschnell.sdk.request.AspectRatio;
import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.ModelRequest;
import dev.fluxschnell.sdk.request.PipelineRequest;
import dev.fluxschnell.sdk.request.Style;
import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.batch.BatchResult;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptTemplateTest {
    @TempDir
    Path dir;

    static final PromptTemplate STUDIO = PromptTemplate.of("studio photo of {product}, {color} background");

    @Test
    void rendersVariables_andKnowsItsNames_withLiteralBraces() {
        assertThat(STUDIO.variableNames()).containsExactly("product", "color");
        assertThat(STUDIO.render(Map.of("product", "a mug", "color", "white"))).isEqualTo(
                "studio photo of a mug, white background");
        assertThat(PromptTemplate.of("{{brand}} {name}").render(Map.of("name", "x"))).isEqualTo("{brand} x");
    }

    @Test
    void combinationRows_numberEveryCombination_theFirstVariableVaryingSlowest() {
        PromptTemplate t = STUDIO.withVariables(Map.of("product", List.of("mug", "bag"), "color", List.of("red",
                "blue")));

        assertThat(t.combinationRows()).extracting(CatalogueRow::line, CatalogueRow::values).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, Map.of("product", "mug", "color", "red")),
                org.assertj.core.groups.Tuple.tuple(2, Map.of("product", "mug", "color", "blue")),
                org.assertj.core.groups.Tuple.tuple(3, Map.of("product", "bag", "color", "red")),
                org.assertj.core.groups.Tuple.tuple(4, Map.of("product", "bag", "color", "blue")));
        assertThat(t.expand()).extracting(e -> e.request().prompt()).first().asString()
                .startsWith("studio photo of mug, red background");
        assertThatThrownBy(() -> STUDIO.combinationRows()).hasMessageContaining("has no values to expand");
    }

    @Test
    void malformedTemplates_failAtOnce() {
        assertThatThrownBy(() -> PromptTemplate.of("photo of {product")).hasMessageContaining("is not closed");
        assertThatThrownBy(() -> PromptTemplate.of("photo of {}")).hasMessageContaining("is not a variable name");
        assertThatThrownBy(() -> PromptTemplate.of("photo of {1st}")).hasMessageContaining("is not a variable name");
        assertThatThrownBy(() -> PromptTemplate.of("photo } of")).hasMessageContaining("has no '{'");
        assertThatThrownBy(() -> STUDIO.withDefaults(Map.of("aspect_ration", "16:9")))
                .hasMessageContaining("unknown key 'aspect_ration'");
    }

    @Test
    void expandsACatalogue_rowSettingsOverDefaults_andNamesTheRowOfEveryProblem() {
        String csv = "product,color,aspect_ratio,sku\nmug,white,,A1\nbag,black,16:9,A2\n";
        List<PromptEntry> entries = STUDIO.withDefaults(Map.of("style", "realistic", "aspect_ratio", "4:5"))
                .expand(Catalogue.parse("catalogue.csv", csv));

        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).request().prompt()).isEqualTo("studio photo of mug, white background");
        assertThat(((ImageRequest) entries.get(0).request()).style()).isEqualTo(Style.REALISTIC);
        assertThat(((ImageRequest) entries.get(0).request()).aspectRatio()).as("blank cell: the default")
                .contains(AspectRatio.PORTRAIT_4_5);
        assertThat(((ImageRequest) entries.get(1).request()).aspectRatio()).contains(AspectRatio.LANDSCAPE_16_9);

        String bad = "product,color\nmug,\n,red\n";
        assertThatThrownBy(() -> STUDIO.expand(Catalogue.parse("bad.csv", bad))).isInstanceOf(
                PromptFileException.class).hasMessageContaining("bad.csv:2: no value for {color}")
                .hasMessageContaining("bad.csv:3: no value for {product}");
        assertThatThrownBy(() -> STUDIO.strict().expand(Catalogue.parse("c.csv", csv)))
                .hasMessageContaining("c.csv:2: column 'sku' is neither a variable");
    }

    @Test
    void cartesianProduct_countsAndThenSteps_andSavedFilesRoundTrip() throws Exception {
        PromptTemplate t = STUDIO.named("spring").withDefaults(Map.of("count", "2", "then", "remove-background"))
                .withVariables(Map.of("product", List.of("mug", "bag", "hat"), "color", List.of("white", "black")));

        List<PromptEntry> six = t.expand();
        List<ModelRequest> runs = PromptTemplate.runs(six, 1);

        assertThat(six).extracting(e -> e.request().prompt()).startsWith("studio photo of mug, white background",
                "studio photo of mug, black background").hasSize(6);
        assertThat(runs).hasSize(6).allSatisfy(r -> {
            assertThat(r).isInstanceOf(PipelineRequest.class);
            assertThat(r.numOutputs()).isEqualTo(2);
        });

        Path file = dir.resolve("spring.json");
        t.save(file);
        PromptTemplate loaded = PromptTemplate.load(file);
        assertThat(loaded.name()).hasValue("spring");
        assertThat(loaded.template()).isEqualTo(t.template());
        assertThat(loaded.defaults()).isEqualTo(t.defaults());
        assertThat(loaded.expand()).extracting(e -> e.request().prompt())
                .isEqualTo(six.stream().map(e -> e.request().prompt()).toList());
        Files.writeString(dir.resolve("bad.json"), "{\"template\":\"x\",\"colour\":1}", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> PromptTemplate.load(dir.resolve("bad.json"))).hasMessageContaining(
                "bad.json: unknown key 'colour'");
    }

    @Test
    void outputNames_mapImagesBackToRows_numberedAcrossPredictions() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.start();
             FluxSchnellClient client = server.clientBuilder().storage(LocalFileStorage.of(dir.resolve("out")))
                     .build()) {
            BatchResult r = client.generateBatch(BatchRequest.builder()
                    .add(ImageRequest.of("mug"), "catalogue/A1-mug")
                    .add(ImageRequest.of("bag"), 6, "catalogue/A2-bag")
                    .build());

            assertThat(dir.resolve("out/catalogue/A1-mug.webp")).exists();
            for (int n = 1; n <= 6; n++) {
                assertThat(dir.resolve("out/catalogue/A2-bag-" + n + ".webp")).exists();
            }
            assertThat(r.imageCount()).isEqualTo(7);
        }
        assertThatThrownBy(() -> BatchRequest.builder().add(ImageRequest.of("a"), "x").add(ImageRequest.of("b"), "x"))
                .hasMessageContaining("'x' is used twice");
        assertThatThrownBy(() -> BatchRequest.builder().add(ImageRequest.of("a"), "../up"))
                .hasMessageContaining("an output name is");
    }
}
