package dev.fluxschnell.sdk.prompts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fluxschnell.sdk.request.AspectRatio;
import dev.fluxschnell.sdk.request.EditRequest;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.InpaintRequest;
import dev.fluxschnell.sdk.request.Model;
import dev.fluxschnell.sdk.request.ModelRequest;
import dev.fluxschnell.sdk.request.Megapixels;
import dev.fluxschnell.sdk.request.OutputFormat;
import dev.fluxschnell.sdk.request.Style;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PromptFileTest {
    static final Map<String, String> ARTISTIC = Map.of("style", "artistic");

    static List<PromptEntry> parse(String name, String text) {
        return PromptFile.parse(name, text.getBytes(StandardCharsets.UTF_8), ARTISTIC);
    }

    @Test
    void txt_linesWithOptionsAfterABar() {
        List<PromptEntry> txt = parse("a.txt", "# comment\n\nfirst prompt\n  second  \n"
                + "Blue sneaker | aspect_ratio=16:9 count=6 seed=42 name=\"hero shot\"\n");
        assertThat(txt).extracting(PromptEntry::line).containsExactly(3, 4, 5);
        assertThat(txt.get(1).request().prompt()).isEqualTo("second");
        assertThat(image(txt.get(1)).style()).as("the defaults").isEqualTo(Style.ARTISTIC);
        PromptEntry sneaker = txt.get(2);
        assertThat(sneaker.request().prompt()).isEqualTo("Blue sneaker");
        assertThat(image(sneaker).aspectRatio()).contains(AspectRatio.LANDSCAPE_16_9);
        assertThat(sneaker.count()).hasValue(6);
        assertThat(sneaker.name()).contains("hero shot");
        assertThat(sneaker.requests(1)).extracting(ModelRequest::numOutputs).containsExactly(4, 2);
        assertThat(sneaker.requests(1)).extracting(r -> r.seed().getAsLong()).containsExactly(42L, 43L);
        assertThat(txt.get(0).requests(5)).as("the default count when the row says none")
                .extracting(ModelRequest::numOutputs).containsExactly(4, 1);
    }

    @Test
    void csvAndJsonl_columnsAreWireNames_withAliases() {
        List<PromptEntry> csv = parse("b.csv", "prompt,style,aspect_ratio,seed,output_format,num_inference_steps,"
                + "output_quality,megapixels,go_fast\n\"shoe, red\",realistic,16:9,42,png,3,70,0.25,false\n"
                + "plain,,,,,,,,\n");
        ImageRequest shoe = image(csv.get(0));
        assertThat(shoe.prompt()).isEqualTo("shoe, red");
        assertThat(shoe.style()).isEqualTo(Style.REALISTIC);
        assertThat(shoe.aspectRatio()).contains(AspectRatio.LANDSCAPE_16_9);
        assertThat(shoe.seed()).hasValue(42);
        assertThat(shoe.outputFormat()).contains(OutputFormat.PNG);
        assertThat(shoe.numInferenceSteps()).hasValue(3);
        assertThat(shoe.outputQuality()).hasValue(70);
        assertThat(shoe.megapixels()).contains(Megapixels.QUARTER);
        assertThat(shoe.goFast()).contains(false);
        assertThat(image(csv.get(1)).style()).isEqualTo(Style.ARTISTIC);

        List<PromptEntry> jsonl = parse("c.jsonl", "{\"prompt\":\"cat\",\"aspect\":\"9:16\",\"seed\":7,\"steps\":2}\n\n"
                + "{\"prompt\":\"dog\",\"Style\":\"3d\",\"size\":\"1792x1024\",\"count\":9}\n");
        assertThat(jsonl).extracting(PromptEntry::line).containsExactly(1, 3);
        assertThat(image(jsonl.get(0)).aspectRatio()).contains(AspectRatio.PORTRAIT_9_16);
        assertThat(image(jsonl.get(0)).numInferenceSteps()).hasValue(2);
        assertThat(image(jsonl.get(1)).style()).isEqualTo(Style.RENDER_3D);
        assertThat(image(jsonl.get(1)).aspectRatio()).contains(AspectRatio.LANDSCAPE_16_9);
        assertThat(jsonl.get(1).requests(1)).hasSize(3);
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of("bad.csv", "prompt,style\nok,realistic\nnope,cubist\n",
                        "bad.csv:3: style 'cubist' is not supported"),
                Arguments.of("bad2.csv", "prompt,aspect\nx,16:9,extra\n", "bad2.csv:2: expected 2 columns"),
                Arguments.of("bad3.csv", "style\nrealistic\n", "bad3.csv:2: missing prompt"),
                Arguments.of("bad4.csv", "prompt,seed\nx,abc\n", "bad4.csv:2: seed must be a whole number, was 'abc'"),
                Arguments.of("bad5.jsonl", "{\"prompt\":\"a\"}\n{not json\n", "bad5.jsonl:2: not valid JSON"),
                Arguments.of("bad6.jsonl", "{\"style\":\"artistic\"}\n", "bad6.jsonl:1: missing prompt"),
                Arguments.of("bad7.txt", "# only comments\n\n", "bad7.txt: no rows found"),
                Arguments.of("bad8.csv", "prompt\n\"unterminated\n", "bad8.csv:2: unterminated quote"),
                Arguments.of("bad9.txt", "fine\n" + "x".repeat(10_001) + "\n", "bad9.txt:2: prompt is 10001 characters"),
                Arguments.of("bad10.jsonl", "{\"prompt\":\"a\",\"aspect_ration\":\"16:9\"}\n",
                        "bad10.jsonl:1: unknown key 'aspect_ration'"),
                Arguments.of("bad11.txt", "a red hat | colour=red\n", "bad11.txt:1: unknown key 'colour'"),
                Arguments.of("bad12.txt", "a red hat | 16:9\n", "bad12.txt:1: option '16:9' is not key=value"),
                Arguments.of("bad13.txt", "a hat | count=0\n", "bad13.txt:1: count must be between 1 and 100000"),
                Arguments.of("bad14.txt", "a hat | size=big\n", "bad14.txt:1: size must be WIDTHxHEIGHT"),
                Arguments.of("bad15.txt", "a hat | size=1024x1024 aspect_ratio=1:1\n",
                        "bad15.txt:1: give either a size (width and height) or an aspect ratio/megapixels"),
                Arguments.of("bad16.jsonl", "{\"prompt\":\"a\",\"seed\":[1]}\n", "'seed' must be a string, number or"),
                Arguments.of("bad17.csv", "prompt,aspect,aspect_ratio\nx,1:1,1:1\n", "'aspect_ratio' is given twice"),
                Arguments.of("bad18.txt", "a hat | go_fast=maybe\n", "bad18.txt:1: go_fast must be true or false"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void errors_nameFileAndLine(String name, String content, String message) {
        assertThatThrownBy(() -> parse(name, content)).isInstanceOf(PromptFileException.class)
                .hasMessageContaining(message);
    }

    @Test
    void everyProblemOfTheFileIsReported_atOnce() {
        assertThatThrownBy(() -> parse("many.txt", "ok\nbad | colour=red\nalso ok\nbad | count=x\n"))
                .isInstanceOfSatisfying(PromptFileException.class, e -> assertThat(e.problems())
                        .containsExactly("many.txt:2: unknown key 'colour' for black-forest-labs/flux-schnell (known: "
                                + "aspect_ratio, count, disable_safety_checker, go_fast, keep_intermediates, megapixels, "
                                + "model, name, num_inference_steps, num_outputs, output_format, output_quality, "
                                + "prompt, seed, size, style, then)",
                                "many.txt:4: count must be a whole number, was 'x'"));
    }

    @Test
    void binaryOrNonUtf8Content_isRefused() {
        assertThatThrownBy(() -> PromptFile.parse("x.txt", new byte[] {'a', 0, 'b'}, ARTISTIC))
                .hasMessageContaining("binary");
        assertThatThrownBy(() -> PromptFile.parse("x.txt", new byte[] {'a', (byte) 0xff, 'b'}, ARTISTIC))
                .hasMessageContaining("not UTF-8");
        assertThat(PromptFile.parse("bom.csv", "\uFEFFprompt\nhat\n".getBytes(StandardCharsets.UTF_8), ARTISTIC))
                .singleElement().satisfies(e -> assertThat(e.request().prompt()).isEqualTo("hat"));
    }

    static ImageRequest image(PromptEntry e) {
        return (ImageRequest) e.request();
    }

    @Test
    void anyModel_byItsWireNames_editsWithUrlsAndLocalPathsRelativeToTheFile(@org.junit.jupiter.api.io.TempDir
                                                                              java.nio.file.Path dir) throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("photos"));
        java.nio.file.Files.write(dir.resolve("photos/bag.png"), dev.fluxschnell.sdk.Pictures.png(40, 30));
        java.nio.file.Files.write(dir.resolve("photos/mask.png"), dev.fluxschnell.sdk.Pictures.mask(40, 30));
        java.nio.file.Path file = dir.resolve("edits.txt");
        java.nio.file.Files.writeString(file, "Make the mug blue | model=kontext-pro "
                + "input_image=https://example.com/mug.png\n"
                + "Remove the label | model=fill-pro image=photos/bag.png mask=photos/mask.png steps=20\n"
                + "A mug | model=black-forest-labs/flux-dev steps=30 then=upscale:2\n");

        List<PromptEntry> e = PromptFile.read(file, ARTISTIC);

        EditRequest kontext = (EditRequest) e.get(0).request();
        assertThat(kontext.model()).isEqualTo(Model.FLUX_KONTEXT_PRO);
        assertThat(kontext.image().url()).contains(java.net.URI.create("https://example.com/mug.png"));
        assertThat(kontext.inputs()).as("a style default is for generations only").doesNotContainKey("style");
        InpaintRequest fill = (InpaintRequest) e.get(1).request();
        assertThat(fill.image().file()).contains(dir.resolve("photos/bag.png").toAbsolutePath().normalize());
        assertThat(fill.inputs()).containsEntry("steps", 20);
        ImageRequest dev = image(e.get(2));
        assertThat(dev.model()).isEqualTo(Model.FLUX_DEV);
        assertThat(dev.inputs()).containsEntry("num_inference_steps", 30);
        assertThat(e.get(2).runs(1)).singleElement().satisfies(r -> assertThat(r.settings())
                .containsEntry("then", "upscale:2"));
    }

    @Test
    void anUploadedFile_namesImagesByUrlOnly_andAKeyTheModelLacksIsRefusedWithTheAcceptedOnes() {
        assertThatThrownBy(() -> parse("up.txt", "x | model=kontext-pro input_image=bag.png\n"))
                .hasMessageContaining("up.txt:1: input_image: 'bag.png' is a local path");
        assertThatThrownBy(() -> parse("k.txt", "x | model=kontext-pro input_image=https://e.com/a.png "
                + "num_inference_steps=4\n"))
                .hasMessageContaining("k.txt:1: unknown key 'num_inference_steps' for black-forest-labs/"
                        + "flux-kontext-pro").hasMessageContaining("safety_tolerance");
    }

    @Test
    void aRowsWayOfSizing_replacesTheDefaultsOtherWay_onEveryModelThatTakesASize() {
        Map<String, String> size = Map.of("size", "1024x768");
        java.util.function.Function<String, Map<String, Object>> row = text -> PromptFile.parse("r.txt",
                text.getBytes(StandardCharsets.UTF_8), size).get(0).request().inputs();
        assertThat(row.apply("a hat | aspect_ratio=16:9\n")).containsEntry("aspect_ratio", "16:9");
        assertThat(row.apply("a hat | model=flux-2-pro resolution=2\n")).containsEntry("resolution", "2 MP")
                .doesNotContainKeys("width", "height");
        assertThat(row.apply("a hat | model=flux-2-pro\n")).containsEntry("width", 1024).containsEntry("height", 768);
        assertThat(row.apply("Make it blue | model=flux-2-pro input_images=https://example.com/a.png\n"))
                .as("an edit that takes a custom size keeps the default size").containsEntry("width", 1024);
        assertThat(PromptFile.parse("r.txt", "a hat | model=flux-2-klein-4b resolution=2\n".getBytes(
                StandardCharsets.UTF_8), Map.of()).get(0).request().inputs()).containsEntry("output_megapixels", "2");
    }
}
