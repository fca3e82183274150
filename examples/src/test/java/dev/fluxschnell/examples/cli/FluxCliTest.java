package dev.fluxschnell.examples.cli;

import static dev.fluxschnell.examples.cli.CliTestSupport.flux;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fluxschnell.sdk.batch.BatchJournal;
import dev.fluxschnell.sdk.batch.FileBatchJournal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FluxCliTest {
    @TempDir
    Path dir;

    Path file(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    static long imagesIn(Path out) throws Exception {
        if (!Files.exists(out)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(out)) {
            return s.filter(p -> p.toString().endsWith(".webp") || p.toString().endsWith(".png")
                    || p.toString().endsWith(".jpg")).count();
        }
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of("bad.csv", "prompt,style\nok,realistic\nnope,cubist\n", "bad.csv:3: style"),
                Arguments.of("bad4.csv", "prompt,seed\nx,abc\n", "bad4.csv:2: seed must be a whole number"),
                Arguments.of("bad5.jsonl", "{\"prompt\":\"a\"}\n{not json\n", "bad5.jsonl:2: not valid JSON"),
                Arguments.of("bad7.txt", "# only comments\n\n", "no rows found"),
                Arguments.of("bad10.jsonl", "{\"prompt\":\"a\",\"aspect_ration\":\"16:9\"}\n",
                        "bad10.jsonl:1: unknown key 'aspect_ration'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void promptFileErrors_nameTheLine_andNothingIsSent(String name, String content, String message) throws Exception {
        Path p = file(name, content);
        CliTestSupport.Run run = flux("batch", p.toString(), "--out", dir.resolve("o").toString(), "--sandbox");
        assertThat(run.code()).isEqualTo(FluxCli.USAGE);
        assertThat(run.err()).contains(message);
        assertThat(imagesIn(dir.resolve("o"))).isZero();
    }

    @Test
    void invalidOptions_areRejectedByTheParser() {
        assertThat(flux("generate", "x", "--aspect", "7:5").err()).contains("--aspect-ratio '7:5' is not supported");
        assertThat(flux("generate", "x", "--aspect-ratio", "7:5").err()).contains("--aspect-ratio '7:5'");
        assertThat(flux("generate", "x", "--style", "cubist").code()).isEqualTo(2);
        assertThat(flux("batch").err()).contains("Missing required parameter");
        assertThat(flux("--help").out()).contains("generate", "batch", "--then STEP", "remove-background[:white]",
                "upscale[:2|:4|:recraft-crisp]", "edit:INSTRUCTION", "docs/cli.md");
        assertThat(flux("batch", "--help").out()).contains("Usage:", "--estimate", "--budget", "--gallery",
                "--concurrency", "--then", "edit:", "INSTRUCTION", "--guidance");
        assertThat(flux("edit", "--help").out()).contains("--name", "{source}");
    }

    @Test
    void estimate_printsTheCostAndSpendsNothing() throws Exception {
        Path prompts = file("p.txt", "a\nb\nc\n");
        Path out = dir.resolve("out");

        CliTestSupport.Run run = flux("batch", prompts.toString(), "--count", "2", "--out", out.toString(), "--estimate");

        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("3 prompt(s)", "6 image(s) x $0.003 = $0.018");
        assertThat(imagesIn(out)).isZero();
        assertThat(run.err()).doesNotContain("SANDBOX");
    }

    @Test
    void budget_refusesABatchWhoseEstimateExceedsIt() throws Exception {
        Path prompts = file("p.txt", "a\nb\nc\nd\n");
        Path out = dir.resolve("out");

        CliTestSupport.Run run = flux("batch", prompts.toString(), "--budget", "0.01", "--out", out.toString(),
                "--sandbox");

        assertThat(run.code()).isEqualTo(FluxCli.OVER_BUDGET);
        assertThat(run.err()).contains("estimated cost $0.012 exceeds the budget of $0.01; nothing was sent");
        assertThat(imagesIn(out)).isZero();
    }

    @Test
    void withoutToken_theCliSaysSoAndOffersSandbox() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("REPLICATE_API_TOKEN") == null,
                "a real token is set in this environment");
        CliTestSupport.Run run = flux("generate", "a cat", "--out", dir.toString());
        assertThat(run.code()).isEqualTo(FluxCli.USAGE);
        assertThat(run.err()).contains("REPLICATE_API_TOKEN is not set", "--sandbox");
    }

    @Test
    void generate_inSandbox_storesAndLabelsThePlaceholder() throws Exception {
        Path out = dir.resolve("single");
        CliTestSupport.Run run = flux("generate", "Modern office workspace", "--style", "realistic", "--aspect", "16:9",
                "--format", "jpg", "--count", "2", "--out", out.toString(), "--sandbox");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("2 image(s), $0.006").contains(Session.SANDBOX_BANNER);
        assertThat(run.err()).contains(Session.SANDBOX_BANNER);
        assertThat(imagesIn(out)).isEqualTo(2);
        Path jpg;
        try (Stream<Path> s = Files.walk(out)) {
            jpg = s.filter(p -> p.toString().endsWith(".jpg")).findFirst().orElseThrow();
        }
        var img = javax.imageio.ImageIO.read(jpg.toFile());
        assertThat(img.getWidth()).isEqualTo(1344);
        assertThat(img.getHeight()).isEqualTo(768);
    }

    @Test
    void rerun_resumesFromTheManifest_withoutRegeneratingStoredImages() throws Exception {
        Path prompts = file("p.csv", "prompt,seed\nsame prompt,1\nsame prompt,1\nother,2\n");
        Path out = dir.resolve("out");

        CliTestSupport.Run first = flux("batch", prompts.toString(), "--out", out.toString(), "--sandbox", "--gallery");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("0 already stored", "3 to run", "3 image(s), $0.009");
        assertThat(imagesIn(out)).as("duplicate lines are distinct items").isEqualTo(3);
        Map<String, BatchJournal.Entry> entries = CliTestSupport.sandboxJournal(out, "batch");
        assertThat(entries.values()).hasSize(3).allMatch(BatchJournal.Entry::isStored);
        assertThat(entries.values()).extracting(e -> e.seed().orElseThrow()).as("the seed the model used")
                .containsExactlyInAnyOrder(1L, 1L, 2L);

        CliTestSupport.Run second = flux("batch", prompts.toString(), "--out", out.toString(), "--sandbox");
        assertThat(second.out()).contains("3 already stored", "0 to run");
        assertThat(imagesIn(out)).isEqualTo(3);

        Files.delete(Path.of(entries.values().iterator().next().stored().get(0).location()));
        CliTestSupport.Run third = flux("batch", prompts.toString(), "--out", out.toString(), "--sandbox");
        assertThat(third.out()).contains("2 already stored", "1 to run", "1 image(s), $0.003");
        assertThat(imagesIn(out)).isEqualTo(3);
    }

    @Test
    void theManifestIsTheSdksFileJournal_andALineTornByACrashIsIgnored() throws Exception {
        Path prompts = file("two.txt", "first prompt\nsecond prompt\n");
        Path out = dir.resolve("m");
        assertThat(flux("batch", prompts.toString(), "--out", out.toString(), "--sandbox").code()).isZero();
        Path manifest = out.resolve(Manifest.FILE);
        assertThat(FileBatchJournal.at(manifest).load(Manifest.batchId("batch", Manifest.SANDBOX)).values()).as("read by the SDK's journal")
                .hasSize(2).allMatch(BatchJournal.Entry::isStored);

        Files.writeString(manifest, "{\"batch\":\"flux-batch\",\"item\":\"torn", StandardOpenOption.APPEND);
        Path more = file("three.txt", "first prompt\nsecond prompt\nthird prompt\n");
        CliTestSupport.Run run = flux("batch", more.toString(), "--out", out.toString(), "--sandbox");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("2 already stored", "1 to run");
        assertThat(CliTestSupport.sandboxJournal(out, "batch")).hasSize(3);
    }

    @Test
    void gallery_escapesPromptsAndListsEveryImage() throws Exception {
        Path prompts = file("p.txt", "<script>alert(1)</script> & \"quotes\"\nsecond\n");
        Path out = dir.resolve("g");

        CliTestSupport.Run run = flux("batch", prompts.toString(), "--out", out.toString(), "--sandbox", "--gallery");

        assertThat(run.code()).isZero();
        String html = Files.readString(out.resolve("index.html"));
        assertThat(html).doesNotContain("<script>alert").contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; "
                + "&quot;quotes&quot;");
        assertThat(html).contains("2 images", "Sandbox run", "download");
        for (BatchJournal.Entry e : CliTestSupport.sandboxJournal(out, "batch").values()) {
            assertThat(e.seed()).as("a random seed the model drew and logged").isPresent();
            assertThat(html).contains("<dd>" + e.seed().getAsLong() + "</dd>");
        }
        assertThat(html.split("<figure").length - 1).isEqualTo(2);
    }
}
