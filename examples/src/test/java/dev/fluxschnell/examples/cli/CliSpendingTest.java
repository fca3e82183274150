package dev.fluxschnell.examples.cli;

import static dev.fluxschnell.examples.cli.CliTestSupport.flux;
import static dev.fluxschnell.examples.cli.RequestFamilyCliTest.withToken;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.batch.BatchJournal;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI spends safely by default: every paying command counts and prices its predictions before building anything,
 * asks (or, off a terminal, refuses with exit 3) above $1.00 or 100 predictions, caps a run's predictions, refuses
 * colliding output names and a token over plain http, streams its JSON lines, accounts for items paid for but not
 * stored and stores them on a rerun without paying again, and never resumes a sandbox's vanished predictions.
 */
class CliSpendingTest {
    @TempDir
    Path dir;

    Path file(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    /** Runs {@code flux args... --base-url <server>} in-process with the server's token. */
    static CliTestSupport.Run against(FakeReplicateServer server, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--base-url", server.baseUrl().toString()));
        return withToken(server, () -> flux(all.toArray(String[]::new)));
    }

    // ------------------------------------------------------------------------------------ estimate, budget, confirm

    @Test
    void generate_estimate_printsCountAndCost_andSendsNothing() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.start()) {
            CliTestSupport.Run run = against(server, "generate", "a red mug", "--count", "10", "--estimate", "--out",
                    dir.resolve("out").toString());

            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.out()).contains("1 prompt: 10 image(s) x $0.003 = $0.03", "3 prediction(s)");
            assertThat(server.stats().createRequests()).isZero();
            assertThat(dir.resolve("out")).doesNotExist();
        }
    }

    @Test
    void aRunAboveTheThreshold_offATerminal_isRefusedWithExit3_untilYesIsAdded() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.start()) {
            String out = dir.resolve("out").toString();
            CliTestSupport.Run refused = against(server, "generate", "a red mug", "--model", "flux-1.1-pro-ultra",
                    "--count", "20", "--out", out);

            assertThat(refused.code()).isEqualTo(FluxCli.OVER_BUDGET);
            assertThat(refused.out()).contains("20 image(s) x $0.06 = $1.2;");
            assertThat(refused.err()).contains("20 prediction(s) costing up to $1.2,", "nothing was sent",
                    "add --yes to run it");
            assertThat(server.stats().createRequests()).isZero();

            CliTestSupport.Run confirmed = against(server, "generate", "a red mug", "--model", "flux-1.1-pro-ultra",
                    "--count", "20", "--out", out, "--yes");

            assertThat(confirmed.code()).as(confirmed.err()).isZero();
            assertThat(server.stats().createRequests()).isEqualTo(20);
        }
    }

    @Test
    void theSandbox_neverAsks_butTheLimitStillHolds() {
        CliTestSupport.Run run = flux("generate", "a red mug", "--count", "404", "--sandbox", "--max-predictions",
                "100", "--out", dir.resolve("out").toString());

        assertThat(run.code()).as("past the confirmation, stopped by the limit").isEqualTo(FluxCli.USAGE);
        assertThat(run.err().strip().lines()).singleElement().asString().contains("--count 404: with its 101 "
                + "prediction(s) the run makes more than 100 (--max-predictions)");
        assertThat(run.err()).doesNotContain("SANDBOX");
    }

    @Test
    void maxPredictions_exits2_namingTheRowThatPassesIt_beforeAnythingIsSent() throws Exception {
        Path prompts = file("p.txt", "a\nb | count=8\nc\n");
        try (FakeReplicateServer server = FakeReplicateServer.start()) {
            CliTestSupport.Run run = against(server, "batch", prompts.toString(), "--max-predictions", "2", "--out",
                    dir.resolve("out").toString());

            assertThat(run.code()).isEqualTo(FluxCli.USAGE);
            assertThat(run.err().strip().lines()).singleElement().asString().contains(prompts + ":2: with its 2 "
                    + "prediction(s) the run makes more than 2");
            assertThat(server.stats().createRequests()).isZero();
        }
        assertThat(flux("batch", prompts.toString(), "--max-predictions", "100001", "--estimate").err())
                .contains("--max-predictions must be between 1 and 100000");
    }

    // ------------------------------------------------------------------------------------------- names, plain http

    @Test
    void outputNamesThatCollide_exit2_namingTheRows_andNothingIsSent() throws Exception {
        Path numbered = file("numbered.txt", "mug | count=2 name=sku\nbag | name=sku-1\n");
        Path cased = file("cased.txt", "mug | name=Hero\nbag | name=hero\n");
        Path device = file("device.txt", "mug | name=aux\n");

        for (Path p : List.of(numbered, cased, device)) {
            CliTestSupport.Run run = flux("batch", p.toString(), "--sandbox", "--out", dir.resolve("out").toString());
            assertThat(run.code()).as(run.err()).isEqualTo(FluxCli.USAGE);
            assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
            assertThat(run.err()).as("the emulator never started").doesNotContain("SANDBOX");
        }
        assertThat(flux("batch", numbered.toString(), "--dry-run").err()).contains("'sku-1' (" + numbered + ":1)",
                "'sku-1' (" + numbered + ":2)");
        assertThat(flux("batch", cased.toString(), "--dry-run").err()).contains(cased + ":2: output name 'hero' is "
                + "used twice");
        assertThat(flux("batch", device.toString(), "--dry-run").err()).contains(device + ":1: ", "device name");
        assertThat(dir.resolve("out").resolve(Manifest.FILE)).doesNotExist();
    }

    @Test
    void aTokenIsNeverSentOverPlainHttpToAnotherMachine() throws Exception {
        System.setProperty(FluxSchnellClient.TOKEN_PROPERTY, "r8_test");
        try {
            CliTestSupport.Run flag = flux("generate", "x", "--base-url", "http://example.com", "--out",
                    dir.resolve("out").toString());
            System.setProperty(FluxSchnellClient.BASE_URL_PROPERTY, "http://example.com");
            CliTestSupport.Run env = flux("generate", "x", "--out", dir.resolve("out").toString());

            for (CliTestSupport.Run run : List.of(flag, env)) {
                assertThat(run.code()).isEqualTo(FluxCli.USAGE);
                assertThat(run.err().strip().lines()).singleElement().asString().contains("plain http");
            }
            assertThat(flag.err()).startsWith("error: --base-url: ");
            assertThat(env.err()).startsWith("error: " + FluxSchnellClient.BASE_URL_ENV + ": ");
        } finally {
            System.clearProperty(FluxSchnellClient.TOKEN_PROPERTY);
            System.clearProperty(FluxSchnellClient.BASE_URL_PROPERTY);
        }
    }

    // -------------------------------------------------------------------------------- paid but not stored, journals

    @Test
    void anItemPaidForButNotStored_isCounted_andARerunStoresItWithoutASecondCreate() throws Exception {
        Path prompts = file("p.txt", "hero shot | name=hero\nside shot\n");
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("hero.webp"), "not this image"); // in the way of the named output
        try (FakeReplicateServer server = FakeReplicateServer.start()) {
            CliTestSupport.Run first = against(server, "batch", prompts.toString(), "--out", out.toString());

            assertThat(first.code()).isEqualTo(FluxCli.API_ERROR);
            assertThat(first.out()).contains("1 image(s), $0.006, ", "1 failed");
            String id = paidId(first.err());
            assertThat(first.err()).contains(prompts + ":1: ", "is never replaced",
                    "1 item(s) paid for ($0.003, counted in the cost above) but not stored: prediction " + id,
                    "Run the same command again within an hour to store them without paying again");

            Files.delete(out.resolve("hero.webp"));
            CliTestSupport.Run second = against(server, "batch", prompts.toString(), "--out", out.toString());

            assertThat(second.code()).as(second.err()).isZero();
            assertThat(second.out()).contains("1 already stored", "1 to run");
            assertThat(server.stats().createRequests()).as("stored without paying again").isEqualTo(2);
            assertThat(out.resolve("hero.webp")).isNotEmptyFile();
            assertThat(Files.readString(out.resolve("hero.webp.json"))).contains(id);
        }
    }

    /** The prediction id the summary names as paid for but not stored. */
    private static String paidId(String err) {
        int at = err.indexOf("not stored: prediction ") + "not stored: prediction ".length();
        return err.substring(at, err.indexOf('.', at));
    }

    @Test
    void aJournalOfPredictionsTheApiDoesNotKnow_saysSoInOneLine_andFreshStartsAnew() throws Exception {
        Path prompts = file("p.txt", "hero shot | name=hero\n");
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("hero.webp"), "not this image");
        int port;
        try (FakeReplicateServer first = FakeReplicateServer.start()) {
            port = first.port();
            assertThat(against(first, "batch", prompts.toString(), "--out", out.toString()).code())
                    .isEqualTo(FluxCli.API_ERROR); // created, paid, not stored: journaled
        }
        Files.delete(out.resolve("hero.webp"));
        try (FakeReplicateServer second = FakeReplicateServer.builder().port(port).start()) { // same URL, new server
            CliTestSupport.Run resumed = against(second, "batch", prompts.toString(), "--out", out.toString());

            assertThat(resumed.code()).isEqualTo(FluxCli.API_ERROR);
            assertThat(resumed.err().strip().lines()).singleElement().asString().contains("1 item(s) in ",
                    "name predictions unknown to " + second.baseUrl(), "add --fresh to make them anew");
            assertThat(second.stats().createRequests()).isZero();

            CliTestSupport.Run fresh = against(second, "batch", prompts.toString(), "--out", out.toString(),
                    "--fresh");

            assertThat(fresh.code()).as(fresh.err()).isZero();
            assertThat(second.stats().createRequests()).isEqualTo(1);
            assertThat(out.resolve("hero.webp")).isNotEmptyFile();
        }
    }

    @Test
    void aSandboxRunsPredictions_areNeverResumed_byALaterRun() throws Exception {
        Path prompts = file("p.txt", "hero shot | name=hero\n");
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("hero.webp"), "not this image");
        CliTestSupport.Run first = flux("batch", prompts.toString(), "--sandbox", "--out", out.toString());
        assertThat(first.code()).isEqualTo(FluxCli.API_ERROR);
        assertThat(first.err()).contains("made but not stored", "the sandbox bills nothing");
        assertThat(CliTestSupport.sandboxJournal(out, "batch").values()).singleElement()
                .satisfies(e -> assertThat(e.isCreated()).isTrue());
        Files.delete(out.resolve("hero.webp"));

        CliTestSupport.Run second = flux("batch", prompts.toString(), "--sandbox", "--out", out.toString());

        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.out()).contains("0 already stored", "1 to run", "1 image(s)");
        assertThat(CliTestSupport.sandboxJournal(out, "batch").values()).singleElement()
                .satisfies(e -> assertThat(e.isStored()).isTrue());
    }

    @Test
    void everyPayingCommand_journalsItsRun_soARerunPaysNothing() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.start()) {
            String out = dir.resolve("out").toString();
            CliTestSupport.Run first = against(server, "generate", "a red mug", "--count", "6", "--out", out);
            CliTestSupport.Run again = against(server, "generate", "a red mug", "--count", "6", "--out", out);

            assertThat(first.code()).as(first.err()).isZero();
            assertThat(again.code()).as(again.err()).isZero();
            assertThat(again.out()).contains("2 already stored in " + out + " (--fresh makes them again), 0 to run");
            assertThat(server.stats().createRequests()).isEqualTo(2);
            assertThat(CliTestSupport.journal(Path.of(out), "generate", server.baseUrl().toString()).values())
                    .hasSize(2).allMatch(BatchJournal.Entry::isStored);
        }
    }

    // ------------------------------------------------------------------------------------- in a child JVM, small heap

    /** A finished CLI process: its exit code and what it printed. */
    record Child(int code, String out, String err) {}

    /** Runs the CLI in its own JVM with {@code -Xmx64m}, stdin not a terminal, and {@code env} added. */
    Child child(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), FluxCli.class.getName()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "child", ".out");
        Path err = Files.createTempFile(dir, "child", ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Files.createTempFile(dir, "child", ".in").toFile()));
        pb.environment().remove(FluxSchnellClient.TOKEN_ENV);
        pb.environment().remove(FluxSchnellClient.BASE_URL_ENV);
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the CLI finished").isTrue();
        return new Child(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void aHugeCountInATinyPromptFile_isRefusedAtItsLine_inA64MbHeap() throws Exception {
        Path prompts = file("huge.txt", "red mug | count=2000000000\n");
        assertThat(Files.size(prompts)).isEqualTo(27);

        for (Child c : List.of(child(Map.of(), "batch", prompts.toString(), "--sandbox", "--yes", "--out",
                dir.resolve("out").toString()), child(Map.of(), "batch", prompts.toString(), "--estimate"))) {
            assertThat(c.code()).as(c.err()).isEqualTo(FluxCli.USAGE);
            assertThat(c.err()).contains(prompts + ":1: ").doesNotContain("OutOfMemoryError", "\tat ");
        }
    }

    @Test
    void aTemplateOfTooManyCombinations_isRefusedAtItsLine_inA64MbHeap() throws Exception {
        String variables = IntStream.range(0, 9).mapToObj(v -> "    \"v" + v + "\": [" + IntStream.range(0, 10)
                .mapToObj(i -> "\"a" + i + "\"").collect(Collectors.joining(",")) + "]").collect(Collectors.joining(
                ",\n"));
        Path t = file("t.json", "{\n  \"template\": \"" + IntStream.range(0, 9).mapToObj(v -> "{v" + v + "}")
                .collect(Collectors.joining(" ")) + "\",\n  \"variables\": {\n" + variables + "\n  }\n}\n");
        assertThat(Files.size(t)).as("a small file").isLessThan(1024L);

        for (Child c : List.of(child(Map.of(), "batch", "--template-file", t.toString(), "--sandbox", "--yes",
                "--out", dir.resolve("out").toString()), child(Map.of(), "batch", "--template-file", t.toString(),
                "--estimate"))) {
            assertThat(c.code()).as(c.err()).isEqualTo(FluxCli.USAGE);
            assertThat(c.err()).contains(t + ":3: the variables expand to 1000000000 combinations")
                    .doesNotContain("OutOfMemoryError", "\tat ");
        }
    }

    @Test
    void generateOf100000Images_withoutYes_offATerminal_exits3_andSendsNothing() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.start()) {
            Child c = child(Map.of(FluxSchnellClient.TOKEN_ENV, server.token()), "generate", "x", "--count",
                    "100000", "--base-url", server.baseUrl().toString(), "--out", dir.resolve("out").toString());

            assertThat(c.code()).as(c.err()).isEqualTo(FluxCli.OVER_BUDGET);
            assertThat(c.out()).contains("100000 image(s) x $0.003 = $300", "25000 prediction(s)");
            assertThat(c.err()).contains("25000 prediction(s) costing up to $300", "add --yes to run it");
            assertThat(server.stats().createRequests()).isZero();
        }
    }

    @Test
    void jsonLines_arePrintedAsEachItemIsStored_soAKilledRunHasPrintedWhatItStored() throws Exception {
        Path prompts = file("p.txt", IntStream.range(0, 12).mapToObj(i -> "banner " + i)
                .collect(Collectors.joining("\n")));
        Path out = dir.resolve("out");
        Path stdout = dir.resolve("stdout.jsonl");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), FluxCli.class.getName(), "batch", prompts.toString(), "--json",
                "--sandbox", "--concurrency", "2", "--out", out.toString())
                .redirectOutput(stdout.toFile()).redirectError(dir.resolve("stderr.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (lines(stdout) < 3 && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        boolean aliveWhenPrinted = p.isAlive();
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

        assertThat(aliveWhenPrinted).as("lines came while the run went on").isTrue();
        List<JsonNode> printed = EditCliTest.lines(Files.readString(stdout));
        Map<String, BatchJournal.Entry> journal = CliTestSupport.sandboxJournal(out, "batch");
        assertThat(printed).hasSizeGreaterThanOrEqualTo(3).allSatisfy(n -> {
            assertThat(Path.of(n.path("path").asText())).isRegularFile();
            assertThat(journal.values()).anyMatch(e -> e.isStored()
                    && e.predictionId().equals(n.path("prediction_id").asText()));
        });
    }

    private static long lines(Path file) throws Exception {
        return Files.exists(file) ? Files.readAllLines(file).stream().filter(l -> l.startsWith("{")).count() : 0;
    }
}
