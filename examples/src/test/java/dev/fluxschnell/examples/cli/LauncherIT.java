package dev.fluxschnell.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./flux} launcher at the repository's root, run as a user runs it (after {@code package}, so the jar
 * exists): which JDK it picks, that it refuses one older than 17, and that a batch through it reaches the API and
 * stores its images. Its start-up cache and timing are measured in bench/ ("The CLI"), not here.
 */
class LauncherIT {
    private static final Path LAUNCHER = Path.of("..", "flux").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void printsTheJdkItRuns_17OrLater_andHonoursFluxJava() throws Exception {
        Run picked = launch(Map.of(), "--print-java");
        Path fakeHome = Files.createDirectories(dir.resolve("jdk-11/bin"));
        Files.writeString(dir.resolve("jdk-11/release"), "JAVA_VERSION=\"11.0.2\"\n");
        Path fakeJava = Files.writeString(fakeHome.resolve("java"), "#!/bin/sh\nexit 99\n");
        fakeJava.toFile().setExecutable(true);
        Run old = launch(Map.of("FLUX_JAVA", fakeJava.toString()), "--version");

        assertThat(picked.code()).isZero();
        assertThat(picked.out()).matches("(?s).*/bin/java \\(JDK (1[7-9]|[2-9]\\d)\\)\\s*");
        assertThat(old.code()).isEqualTo(FluxCli.USAGE);
        assertThat(old.err()).contains("is JDK 11; the CLI needs 17 or later (set FLUX_JAVA)");
    }

    @Test
    void aBatchThroughTheLauncher_reachesTheApi_andStoresEveryImage() throws Exception {
        Path prompts = Files.writeString(dir.resolve("p.txt"), "a mug\na bag\n");
        Path out = dir.resolve("out");
        try (FakeReplicateServer server = FakeReplicateServer.builder().labelImages(false).start()) {
            Map<String, String> env = Map.of("REPLICATE_API_TOKEN", server.token(), "FLUX_STARTUP_CACHE", "off");
            Run run = launch(env, "batch", prompts.toString(), "--base-url", server.baseUrl().toString(), "--out",
                    out.toString(), "--yes");

            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.out()).contains("2 image(s)");
            assertThat(server.stats().predictionsCreated()).isEqualTo(2);
        }
        try (var files = Files.walk(out)) {
            assertThat(files.filter(f -> f.toString().endsWith(".webp")).count()).isEqualTo(2);
        }
    }

    record Run(int code, String out, String err) {}

    private Run launch(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", LAUNCHER.toString()));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the launcher did not end in 2 minutes: " + Files.readString(err));
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err));
    }
}
