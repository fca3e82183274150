package dev.fluxschnell.examples.cli;

import static dev.fluxschnell.examples.cli.CliTestSupport.flux;
import static dev.fluxschnell.examples.cli.RequestFamilyCliTest.withToken;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The FLUX.2 and FLUX 1.1 Pro models from the command line — {@code generate --resolution/--size/--raw/
 * --safety-tolerance}, {@code edit --ref}, {@code flux models check}, a batch on a model whose schema drifted,
 * {@code again} — run in-process against the emulator, checking what each model was sent.
 */
class NewModelsCliTest {
    static final String FLUX_2_PRO = "black-forest-labs/flux-2-pro";

    @TempDir
    Path dir;

    @BeforeEach
    void noToken() {
        System.clearProperty(FluxSchnellClient.TOKEN_PROPERTY);
    }

    /** Runs {@code flux args... --base-url <server> --out <dir/out>} with the server's token. */
    CliTestSupport.Run against(FakeReplicateServer server, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--base-url", server.baseUrl().toString()));
        if (!all.contains("--out") && !args[0].equals("models")) {
            all.addAll(List.of("--out", dir.resolve("out").toString()));
        }
        return withToken(server, () -> flux(all.toArray(String[]::new)));
    }

    static FakeReplicateServer drifted() {
        return FakeReplicateServer.builder().schema(FLUX_2_PRO, FakeReplicateServer.driftedSchema(FLUX_2_PRO)).start();
    }

    /** A small PNG of its own colour (the name picks it), so that every image's bytes differ. */
    Path picture(String name) throws Exception {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(96, 64,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        g.setColor(new java.awt.Color(name.hashCode() & 0xFFFFFF));
        g.fillRect(0, 0, 96, 64);
        g.dispose();
        Path p = dir.resolve(name);
        javax.imageio.ImageIO.write(img, "png", p.toFile());
        return p;
    }

    // ------------------------------------------------------------------------------------------------- generate

    @Test
    void generate_sendsEachModelItsOwnSettings() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.start()) {
            List<CliTestSupport.Run> runs = List.of(
                    against(server, "generate", "a red bike", "--model", "flux-2-pro", "--resolution", "2 MP",
                            "--safety-tolerance", "3", "--seed", "5"),
                    against(server, "generate", "a red bike", "--model", "flux-2-max", "--size", "1040x784"),
                    against(server, "generate", "a red bike", "--model", "flux-2-klein-4b", "--resolution", "0.5"),
                    against(server, "generate", "a red bike", "--model", "flux-1.1-pro", "--size", "1024x768"),
                    against(server, "generate", "a red bike", "--model", "flux-1.1-pro-ultra", "--raw",
                            "--safety-tolerance", "6", "--aspect-ratio", "21:9"),
                    against(server, "generate", "a red bike", "--size", "1024x768"));
            runs.forEach(r -> assertThat(r.code()).as(r.err()).isZero());

            JsonNode pro = single(server, FLUX_2_PRO);
            assertThat(pro.path("resolution").asText()).isEqualTo("2 MP");
            assertThat(pro.path("safety_tolerance").asInt()).isEqualTo(3);
            assertThat(pro.path("seed").asLong()).isEqualTo(5);
            assertThat(pro.has("megapixels")).isFalse();
            JsonNode max = single(server, "black-forest-labs/flux-2-max");
            assertThat(max.path("aspect_ratio").asText()).as("an exact size: custom").isEqualTo("custom");
            assertThat(max.path("width").asInt()).isEqualTo(1040);
            assertThat(max.path("height").asInt()).isEqualTo(784);
            JsonNode klein = single(server, "black-forest-labs/flux-2-klein-4b");
            assertThat(klein.path("output_megapixels").asText()).as("Klein's name for the resolution")
                    .isEqualTo("0.5");
            assertThat(klein.has("resolution")).isFalse();
            JsonNode pro11 = single(server, "black-forest-labs/flux-1.1-pro");
            assertThat(pro11.path("aspect_ratio").asText()).isEqualTo("custom");
            assertThat(pro11.path("width").asInt()).isEqualTo(1024);
            JsonNode ultra = single(server, "black-forest-labs/flux-1.1-pro-ultra");
            assertThat(ultra.path("raw").asBoolean()).isTrue();
            assertThat(ultra.path("safety_tolerance").asInt()).isEqualTo(6);
            assertThat(ultra.path("aspect_ratio").asText()).isEqualTo("21:9");
            JsonNode schnell = single(server, "black-forest-labs/flux-schnell");
            assertThat(schnell.path("aspect_ratio").asText()).as("flux-schnell: the nearest ratio, as before")
                    .isEqualTo("4:3");
            assertThat(schnell.path("megapixels").asText()).isEqualTo("1");
            assertThat(schnell.has("width")).isFalse();
        }
    }

    static Stream<Arguments> refusedFlags() {
        return Stream.of(
                Arguments.of(List.of("--model", "flux-2-pro", "--megapixels", "1"),
                        "--megapixels is not a setting of flux-2-pro; it is for flux-schnell, flux-dev"),
                Arguments.of(List.of("--resolution", "2 MP"), "--resolution is not a setting of flux-schnell"),
                Arguments.of(List.of("--model", "flux-2-dev", "--resolution", "2"),
                        "--resolution is not a setting of flux-2-dev"),
                Arguments.of(List.of("--model", "flux-2-pro", "--raw"),
                        "--raw is not a setting of flux-2-pro; it is for flux-1.1-pro-ultra"),
                Arguments.of(List.of("--model", "flux-1.1-pro", "--no-fast"), "--no-fast is not a setting of "
                        + "flux-1.1-pro"),
                Arguments.of(List.of("--model", "flux-2-pro", "--resolution", "3"), "--resolution '3' is not supported"),
                Arguments.of(List.of("--model", "flux-2-pro", "--resolution", "0.25"),
                        "--resolution must be one of"),
                Arguments.of(List.of("--model", "flux-2-pro", "--size", "1000x1000"),
                        "--size must be a multiple of 32, was 1000 (width)"),
                Arguments.of(List.of("--model", "flux-2-pro", "--size", "1024x768", "--resolution", "2 MP"),
                        "give either --size or --aspect-ratio/--megapixels/--resolution"),
                Arguments.of(List.of("--model", "flux-2-pro", "--safety-tolerance", "6"),
                        "--safety-tolerance must be between 1 and 5"),
                Arguments.of(List.of("--model", "flux-1.1-pro-ultra", "--safety-tolerance", "0"),
                        "--safety-tolerance must be between 1 and 6"),
                Arguments.of(List.of("--model", "kontext-pro"), "--model kontext-pro does not make images from text"),
                Arguments.of(List.of("--model", "flux-3"), "--model flux-3: "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedFlags")
    void generate_aFlagTheModelDoesNotTake_orABadValue_exits2NamingTheFlag_andSendsNothing(List<String> flags,
            String message) throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.start()) {
            List<String> args = new ArrayList<>(List.of("generate", "a red bike"));
            args.addAll(flags);

            CliTestSupport.Run run = against(server, args.toArray(String[]::new));

            assertThat(run.code()).as(run.err()).isEqualTo(FluxCli.USAGE);
            assertThat(run.err()).startsWith("error: " + message);
            assertThat(run.err().strip().lines()).as("one line").hasSize(1);
            assertThat(server.stats().totalRequests()).as("nothing sent").isZero();
            assertThat(dir.resolve("out")).doesNotExist();
        }
    }

    @Test
    void batch_aFlagNoRowsModelTakes_orABadValueForEveryRow_exits2NamingTheFlag() throws Exception {
        Path prompts = dir.resolve("p.txt");
        Files.writeString(prompts, "a red bike\na blue bike | model=flux-2-klein-4b\n", StandardCharsets.UTF_8);

        CliTestSupport.Run raw = flux("batch", prompts.toString(), "--model", "flux-2-pro", "--raw", "--dry-run");
        CliTestSupport.Run size = flux("batch", prompts.toString(), "--model", "flux-2-pro", "--resolution", "0.25",
                "--dry-run");
        CliTestSupport.Run resolution = flux("batch", prompts.toString(), "--model", "flux-2-pro", "--resolution",
                "4", "--dry-run", "--json");

        assertThat(raw.code()).isEqualTo(FluxCli.USAGE);
        assertThat(raw.err()).startsWith("error: --raw is not a setting of flux-2-pro, flux-2-klein-4b; it is for "
                + "flux-1.1-pro-ultra");
        assertThat(size.code()).isEqualTo(FluxCli.USAGE);
        assertThat(size.err()).as("Klein takes 0.25, flux-2-pro does not: its row says so")
                .contains("p.txt:1: resolution must be one of");
        assertThat(resolution.code()).as(resolution.err()).isZero();
        List<JsonNode> rows = EditCliTest.lines(resolution.out());
        assertThat(rows.get(0).path("inputs").path("resolution").asText()).isEqualTo("4 MP");
        assertThat(rows.get(1).path("inputs").path("output_megapixels").asText()).as("one flag, each model's name")
                .isEqualTo("4");
    }

    // ---------------------------------------------------------------------------------------------------- edit

    @Test
    void edit_withReferences_sendsOneCreateOfEveryImageInOrder() throws Exception {
        Path model = picture("model.png");
        Path jacket = picture("jacket.png");
        Path shoes = picture("shoes.png");
        try (FakeReplicateServer server = FakeReplicateServer.start()) {
            CliTestSupport.Run pro = against(server, "edit", model.toString(), "--ref", jacket.toString(), "--ref",
                    shoes.toString(), "--prompt", "the person of image 1 wearing the jacket of image 2 and the shoes "
                    + "of image 3", "--model", "flux-2-pro", "--json");
            CliTestSupport.Run klein = against(server, "edit", model.toString(), "--ref", jacket.toString(),
                    "--prompt", "the jacket on the person", "--model", "flux-2-klein-4b", "--resolution", "0.5",
                    "--json", "--out", dir.resolve("klein").toString());

            assertThat(pro.code()).as(pro.err()).isZero();
            assertThat(EditCliTest.lines(pro.out())).singleElement().satisfies(n -> assertThat(n.path("model")
                    .asText()).isEqualTo(FLUX_2_PRO));
            JsonNode sent = single(server, FLUX_2_PRO);
            assertThat(sent.path("input_images")).hasSize(3);
            assertThat(sent.path("input_images")).allSatisfy(image -> assertThat(image.asText())
                    .as("a small local file: a data URI").startsWith("data:image/png;base64,"));
            assertThat(sent.path("input_images").get(0).asText()).as("the INPUT first")
                    .isEqualTo(dataUri(model));
            assertThat(sent.path("input_images").get(1).asText()).isEqualTo(dataUri(jacket));
            assertThat(sent.path("input_images").get(2).asText()).isEqualTo(dataUri(shoes));
            assertThat(sent.path("aspect_ratio").asText()).as("an edit keeps its source's shape")
                    .isEqualTo("match_input_image");

            assertThat(klein.code()).as(klein.err()).isZero();
            JsonNode k = single(server, "black-forest-labs/flux-2-klein-4b");
            assertThat(k.has("input_images")).isFalse();
            assertThat(k.path("images")).hasSize(2);
            assertThat(k.path("output_megapixels").asText()).isEqualTo("0.5");
        }
    }

    @Test
    void edit_severalInputs_areOneEditEach_withTheSameReferences_andSizeIsExact() throws Exception {
        Path a = picture("a.png");
        Path b = picture("b.png");
        Path logo = picture("logo.png");
        try (FakeReplicateServer server = FakeReplicateServer.start()) {
            CliTestSupport.Run run = against(server, "edit", a.toString(), b.toString(), "--ref", logo.toString(),
                    "--prompt", "put the logo of the last image on the mug", "--model", "flux-2-max", "--size",
                    "1024x768", "--json");

            assertThat(run.code()).as(run.err()).isZero();
            List<JsonNode> sent = server.createdInputs("black-forest-labs/flux-2-max");
            assertThat(sent).hasSize(2).allSatisfy(input -> {
                assertThat(input.path("input_images")).hasSize(2);
                assertThat(input.path("input_images").get(1).asText()).isEqualTo(dataUri(logo));
                assertThat(input.path("aspect_ratio").asText()).isEqualTo("custom");
                assertThat(input.path("width").asInt()).isEqualTo(1024);
                assertThat(input.path("height").asInt()).isEqualTo(768);
            });
            assertThat(sent).extracting(input -> input.path("input_images").get(0).asText())
                    .containsExactlyInAnyOrder(dataUri(a), dataUri(b));
        }
    }

    @Test
    void edit_tooManyReferences_orReferencesOnAModelThatEditsOneImage_exit2_andSendNothing() throws Exception {
        Path source = picture("source.png");
        List<String> nine = new ArrayList<>(List.of("edit", source.toString(), "--prompt", "all of them together",
                "--model", "flux-2-pro"));
        for (int i = 0; i < 8; i++) {
            nine.addAll(List.of("--ref", picture("ref" + i + ".png").toString()));
        }
        List<String> sixForKlein = new ArrayList<>(nine.subList(0, 6 + 2 * 5));
        sixForKlein.set(5, "flux-2-klein-9b");
        try (FakeReplicateServer server = FakeReplicateServer.start()) {
            CliTestSupport.Run pro = against(server, nine.toArray(String[]::new));
            CliTestSupport.Run klein = against(server, sixForKlein.toArray(String[]::new));
            CliTestSupport.Run kontext = against(server, "edit", source.toString(), "--ref", source.toString(),
                    "--prompt", "x", "--model", "kontext-pro");
            CliTestSupport.Run strength = against(server, "edit", source.toString(), "--prompt", "x", "--model",
                    "flux-2-pro", "--strength", "0.5");
            CliTestSupport.Run size = against(server, "edit", source.toString(), "--prompt", "x", "--model",
                    "flux-2-pro", "--size", "1000x1000");

            assertThat(pro.code()).as(pro.err()).isEqualTo(FluxCli.USAGE);
            assertThat(pro.err()).isEqualToIgnoringNewLines("error: --ref: flux-2-pro takes at most 8 images in all "
                    + "(the INPUT and 7 --ref), was given 9");
            assertThat(klein.code()).as(klein.err()).isEqualTo(FluxCli.USAGE);
            assertThat(klein.err()).contains("--ref: flux-2-klein-9b takes at most 5 images in all", "was given 6");
            assertThat(kontext.code()).isEqualTo(FluxCli.USAGE);
            assertThat(kontext.err()).contains("--ref: kontext-pro edits one image");
            assertThat(strength.code()).isEqualTo(FluxCli.USAGE);
            assertThat(strength.err()).startsWith("error: --strength is not an input of black-forest-labs/flux-2-pro");
            assertThat(size.code()).isEqualTo(FluxCli.USAGE);
            assertThat(size.err()).startsWith("error: --size must be a multiple of 32, was 1000 (width)");
            assertThat(server.stats().createRequests()).as("nothing sent").isZero();
            assertThat(server.stats().fileUploads()).isZero();
        }
    }

    // ------------------------------------------------------------------------------------------- models check

    @Test
    void modelsCheck_inTheSandbox_everyModelIsAsRecorded() {
        CliTestSupport.Run run = flux("models", "check", "--sandbox");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("black-forest-labs/flux-2-pro: as recorded", "nightmareai/real-esrgan",
                "every request this SDK builds still fits");
        assertThat(run.err()).contains("SANDBOX");
    }

    @Test
    void modelsCheck_aDriftedSchema_exits1_printingItsReport() throws Exception {
        try (FakeReplicateServer server = drifted()) {
            CliTestSupport.Run all = against(server, "models", "check");
            CliTestSupport.Run two = against(server, "models", "check", "flux-2-pro", "kontext-pro", "--json");
            CliTestSupport.Run fine = against(server, "models", "check", "kontext-pro", "flux-2-max");

            assertThat(all.code()).as(all.err()).isEqualTo(1);
            assertThat(all.out()).contains("black-forest-labs/flux-2-pro: INCOMPATIBLE with this SDK",
                    "! safety_tolerance: removed: the model no longer takes it",
                    "black-forest-labs/flux-schnell: as recorded");
            assertThat(all.err()).contains("error: 1 of 19 model(s) changed in a way that breaks this SDK's requests: "
                    + FLUX_2_PRO);

            assertThat(two.code()).isEqualTo(1);
            List<JsonNode> reports = EditCliTest.lines(two.out());
            assertThat(reports).extracting(n -> n.path("model").asText()).containsExactly(FLUX_2_PRO,
                    "black-forest-labs/flux-kontext-pro");
            JsonNode pro = reports.get(0);
            assertThat(pro.path("compatible").asBoolean()).isFalse();
            assertThat(pro.path("liveVersion").asText()).isEqualTo(server.latestVersion(FLUX_2_PRO));
            assertThat(pro.path("differences")).singleElement().satisfies(d -> {
                assertThat(d.path("field").asText()).isEqualTo("safety_tolerance");
                assertThat(d.path("kind").asText()).isEqualTo("REMOVED");
                assertThat(d.path("breaking").asBoolean()).isTrue();
                assertThat(d.path("detail").asText()).contains("removed");
            });
            assertThat(reports.get(1).path("compatible").asBoolean()).isTrue();
            assertThat(reports.get(1).path("differences")).isEmpty();

            assertThat(fine.code()).as("only the models named are checked").isZero();
            assertThat(fine.out().strip().lines()).hasSize(3);
            assertThat(server.stats().createRequests()).isZero();
        }
    }

    @Test
    void batch_onAModelWhoseSchemaDrifted_failsWithTheReport_beforeAnyCreate() throws Exception {
        Path prompts = dir.resolve("p.txt");
        Files.writeString(prompts, "a red bike | model=flux-2-pro\na blue bike\n", StandardCharsets.UTF_8);
        try (FakeReplicateServer server = drifted()) {
            CliTestSupport.Run check = against(server, "models", "check", "flux-2-pro");
            CliTestSupport.Run batch = against(server, "batch", prompts.toString());
            CliTestSupport.Run generate = against(server, "generate", "a red bike", "--model", "flux-2-pro");

            assertThat(batch.code()).as(batch.err()).isEqualTo(FluxCli.API_ERROR);
            String report = check.out().lines().filter(l -> l.startsWith(FLUX_2_PRO) || l.startsWith("  "))
                    .reduce((x, y) -> x + "\n" + y).orElseThrow();
            assertThat(report).contains("safety_tolerance");
            for (String line : report.lines().toList()) {
                assertThat(batch.err()).as("every line of the report, as an error line of its own")
                        .contains("error: " + line + "\n");
            }
            assertThat(batch.err()).doesNotContain("Exception");
            assertThat(generate.code()).isEqualTo(FluxCli.API_ERROR);
            assertThat(generate.err()).contains("error: " + report.lines().findFirst().orElseThrow());
            assertThat(server.stats().createRequests()).as("nothing created").isZero();
        }
    }

    // -------------------------------------------------------------------------------------------------- dry run

    @Test
    void dryRun_staysOffline_noTokenNoClientNoSchemaCheck() throws Exception {
        Path prompts = dir.resolve("p.txt");
        Files.writeString(prompts, "a red bike | model=flux-2-pro resolution=\"2 MP\"\nmake it blue | "
                + "model=flux-2-klein-4b images=https://example.com/bike.png\n", StandardCharsets.UTF_8);

        CliTestSupport.Run unreachable = flux("batch", prompts.toString(), "--dry-run", "--json", "--base-url",
                "http://127.0.0.1:9", "--out", dir.resolve("o").toString());
        CliTestSupport.Run drifted;
        long requests;
        try (FakeReplicateServer server = drifted()) {
            drifted = against(server, "batch", prompts.toString(), "--dry-run", "--json");
            requests = server.stats().totalRequests();
        }

        assertThat(unreachable.code()).as(unreachable.err()).isZero();
        List<JsonNode> lines = EditCliTest.lines(unreachable.out());
        assertThat(lines).extracting(n -> n.path("model").asText()).containsExactly(FLUX_2_PRO,
                "black-forest-labs/flux-2-klein-4b");
        assertThat(lines.get(0).path("inputs").path("resolution").asText()).isEqualTo("2 MP");
        assertThat(lines.get(1).path("inputs").path("images").get(0).asText()).isEqualTo("https://example.com/bike.png");
        assertThat(unreachable.err()).contains("nothing sent").doesNotContain("REPLICATE_API_TOKEN", "error");
        assertThat(dir.resolve("o")).doesNotExist();
        assertThat(drifted.code()).as("no schema check: " + drifted.err()).isZero();
        assertThat(drifted.out()).isEqualTo(unreachable.out());
        assertThat(requests).as("not even a model read").isZero();
    }

    // ---------------------------------------------------------------------------------------------------- again

    @Test
    void again_remakesAFlux2Generation_fromItsSidecars() throws Exception {
        Path out = dir.resolve("out");
        try (FakeReplicateServer server = FakeReplicateServer.start()) {
            CliTestSupport.Run first = against(server, "generate", "a red bike", "--model", "flux-2-pro",
                    "--resolution", "2 MP", "--safety-tolerance", "3", "--seed", "5", "--json");
            CliTestSupport.Run custom = against(server, "generate", "a blue bike", "--model", "flux-2-pro", "--size",
                    "1024x768", "--json");
            assertThat(first.code()).as(first.err()).isZero();
            assertThat(custom.code()).as(custom.err()).isZero();
            String id = EditCliTest.lines(first.out()).get(0).path("prediction_id").asText();
            String customId = EditCliTest.lines(custom.out()).get(0).path("prediction_id").asText();

            CliTestSupport.Run again = against(server, "again", id, "--json");
            CliTestSupport.Run againCustom = against(server, "again", customId, "--json");

            assertThat(again.code()).as(again.err()).isZero();
            assertThat(EditCliTest.lines(again.out())).singleElement().satisfies(n -> {
                assertThat(n.path("model").asText()).isEqualTo(FLUX_2_PRO);
                assertThat(n.path("prediction_id").asText()).isNotEqualTo(id);
            });
            assertThat(again.err()).contains(FLUX_2_PRO, "seed 5");
            assertThat(againCustom.code()).as(againCustom.err()).isZero();
            List<JsonNode> sent = server.createdInputs(FLUX_2_PRO);
            assertThat(sent).hasSize(4);
            assertThat(without(sent.get(2), "output_format")).as("the same request again")
                    .isEqualTo(without(sent.get(0), "output_format"));
            assertThat(sent.get(2).has("width")).as("the image's size in the sidecar is not a custom size").isFalse();
            assertThat(without(sent.get(3), "output_format", "seed")).as("the same request, the seed the model drew")
                    .isEqualTo(without(sent.get(1), "output_format", "seed"));
            assertThat(sent.get(3).path("width").asInt()).isEqualTo(1024);
            assertThat(sent.get(3).path("height").asInt()).isEqualTo(768);
        }
        try (Stream<Path> files = Files.walk(out)) {
            assertThat(files.filter(p -> p.toString().endsWith(".webp"))).hasSize(4);
        }
    }

    /**
     * {@code input} without some fields: {@code again} also sends the output format its sidecar read from the image,
     * and the seed the model drew.
     */
    private static JsonNode without(JsonNode input, String... fields) {
        com.fasterxml.jackson.databind.node.ObjectNode n = input.deepCopy();
        n.remove(List.of(fields));
        return n;
    }

    private static JsonNode single(FakeReplicateServer server, String model) {
        List<JsonNode> sent = server.createdInputs(model);
        assertThat(sent).as(model).hasSize(1);
        return sent.get(0);
    }

    private static String dataUri(Path png) throws Exception {
        return "data:image/png;base64," + java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(png));
    }
}
