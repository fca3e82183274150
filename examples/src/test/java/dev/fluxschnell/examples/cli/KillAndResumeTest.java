package dev.fluxschnell.examples.cli;

import dev.fluxschnell.sdk.batch.BatchJournal;
import static dev.fluxschnell.examples.cli.CliTestSupport.flux;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A batch process killed mid-run (SIGKILL) resumes from its manifest without regenerating what it stored. */
class KillAndResumeTest {
    @TempDir
    Path dir;

    static Map<Path, FileTime> images(Path out) throws Exception {
        Map<Path, FileTime> m = new HashMap<>();
        try (Stream<Path> s = Files.walk(out)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".webp")).toList()) {
                m.put(p, Files.getLastModifiedTime(p));
            }
        }
        return m;
    }

    static long storedLines(Path out) throws Exception {
        Path m = out.resolve(Manifest.FILE);
        return Files.exists(m) ? Files.readAllLines(m).stream().filter(l -> l.contains("\"stored\"")).count() : 0;
    }

    @Test
    void killedBatch_resumes_andNeverRegeneratesStoredImages() throws Exception {
        Path prompts = dir.resolve("p.txt");
        Files.write(prompts, IntStream.range(0, 12).mapToObj(i -> "banner variant " + i).toList());
        Path out = dir.resolve("out");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), FluxCli.class.getName(),
                "batch", prompts.toString(), "--out", out.toString(), "--sandbox", "--concurrency", "2")
                .redirectErrorStream(true).redirectOutput(dir.resolve("first-run.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (storedLines(out) < 3 && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        long storedBeforeKill = storedLines(out);
        assertThat(storedBeforeKill).as(Files.readString(dir.resolve("first-run.log"))).isBetween(3L, 11L);
        Map<Path, FileTime> before = images(out);

        CliTestSupport.Run second = flux("batch", prompts.toString(), "--out", out.toString(), "--sandbox");

        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.out()).contains(storedBeforeKill + " already stored",
                (12 - storedBeforeKill) + " to run");
        Map<Path, FileTime> after = images(out);
        assertThat(after).hasSize(12);
        before.forEach((file, time) -> assertThat(after).as("kept, not regenerated: " + file).containsEntry(file, time));
        assertThat(CliTestSupport.sandboxJournal(out, "batch").values()).hasSize(12).allMatch(BatchJournal.Entry::isStored);
        assertThat(storedLines(out)).as("each item stored once").isEqualTo(12);
    }
}
