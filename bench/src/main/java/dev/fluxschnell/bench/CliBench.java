package dev.fluxschnell.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * The {@code flux} CLI as a user starts it, each run a fresh process against an external emulator (not the in-process
 * sandbox), next to the official JS client in a fresh Node process: how soon the first create goes out after process
 * start, a pipeline of 10 (generate → remove background → upscale) from start to exit, and the peak resident memory
 * of a 200-image batch of 4 MB images. The documented command is the {@code ./flux} launcher (README command 1);
 * {@code java -jar} with the JVM's defaults is shown beside it.
 */
final class CliBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CliBench() {}

    /** A way to start the CLI: its name in the report and its command before the CLI's arguments. */
    record Launch(String name, List<String> command) {}

    /** What one process did: seconds from its start to the first create and to its exit, and its peak RSS in MB. */
    record Sample(double firstCreate, double exit, double peakRssMb, String stdout) {}

    /** The report section (smaller and single runs with {@code smoke}). */
    static String run(boolean smoke, Path work, Path peerDir) throws Exception {
        Path jar = Path.of("examples/target/flux.jar");
        StringBuilder md = new StringBuilder("\n## The CLI\n\n");
        if (!Files.isRegularFile(jar)) {
            return md.append("Skipped: examples/target/flux.jar is not built (bench/run.sh builds it).\n").toString();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Launch launcher = new Launch("./flux (README command 1)", List.of("bash", "flux"));
        Launch plain = new Launch("java -jar examples/target/flux.jar (JVM defaults)", List.of(java, "-jar",
                jar.toString()));
        int runs = smoke ? 1 : 5;
        Path three = prompts(work, "start", 3);
        // the launcher's first run after a build makes its start-up cache in the background: measured once it is made
        try (FakeReplicateServer server = emulator(Duration.ofMillis(50)).start()) {
            cli(launcher, server, three, work, List.of());
        }
        awaitStartupCache(jar.getParent());
        md.append(String.format(Locale.ROOT, "Each row is the median of %d fresh processes, the clients taking turns "
                + "after a round that is not counted; the clock starts when the "
                + "process is started and stops at the first create the emulator receives (a batch of 3 prompts; "
                + "the CLI's schema check and storage preflight come before it), and at the process's exit. "
                + "The launcher runs the newest JDK it finds (here %s) with its ahead-of-time cache (JDK 25+) or "
                + "class-data archive (JDK 17-24), made in the background after a build.%n%n", runs,
                jdkOfLauncher()));
        md.append("| client | first create s | exit s |\n|---|---|---|\n");
        // the clients take turns, after a round that is not counted: each meets the emulator (in this JVM) as warm
        List<Sample> launcherRuns = new ArrayList<>();
        List<Sample> jarRuns = new ArrayList<>();
        List<Sample> jsRuns = new ArrayList<>();
        for (int round = smoke ? 0 : -1; round < runs; round++) {
            Sample a = cli(launcher, null, three, work, List.of());
            Sample b = smoke ? null : cli(plain, null, three, work, List.of()); // CI: the documented command only
            Sample c = node("run.mjs", peerDir, 3, work);
            if (round >= 0) {
                launcherRuns.add(a);
                jarRuns.add(b);
                jsRuns.add(c);
            }
        }
        Sample viaLauncher = median(launcherRuns, Sample::firstCreate);
        Sample js = median(jsRuns, Sample::firstCreate);
        Map<String, Sample> rows = new LinkedHashMap<>();
        rows.put(launcher.name(), viaLauncher);
        if (!smoke) {
            rows.put(plain.name(), median(jarRuns, Sample::firstCreate));
        }
        rows.put("replicate-js 1.4.0 (node run.mjs)", js);
        rows.forEach((name, s) -> md.append(String.format(Locale.ROOT, "| %s | %.3f | %.2f |%n", name,
                s.firstCreate(), s.exit())));
        md.append(String.format(Locale.ROOT, "%nTarget: the first create ≤ 0.35 s after process start with the "
                + "documented command: %.3f s, **%s**.%n", viaLauncher.firstCreate(),
                viaLauncher.firstCreate() <= 0.35 ? "met" : "missed"));

        int items = smoke ? 3 : 10;
        double scale = smoke ? 0.2 : 1.0;
        Duration generate = Duration.ofMillis((long) (2500 * scale));
        Duration cutout = Duration.ofMillis((long) (1500 * scale));
        Duration upscale = Duration.ofMillis((long) (2000 * scale));
        Path pipelinePrompts = prompts(work, "pipeline", items);
        FakeReplicateServer.Builder pipelineServer = emulator(generate).latency("bria/remove-background", cutout)
                .latency("nightmareai/real-esrgan", upscale);
        Sample cliPipeline = median(smoke ? 1 : 3, Sample::exit, () -> {
            try (FakeReplicateServer server = pipelineServer.start()) {
                return cli(launcher, server, pipelinePrompts, work, List.of("--then", "remove-background", "--then",
                        "upscale:2"));
            }
        });
        Sample jsPipeline = median(smoke ? 1 : 3, Sample::exit, () -> {
            try (FakeReplicateServer server = pipelineServer.start()) {
                return node(server, "pipeline.mjs", peerDir, items, work);
            }
        });
        double sum = (generate.toMillis() + cutout.toMillis() + upscale.toMillis()) / 1000.0;
        md.append(String.format(Locale.ROOT, "%nA pipeline of %d prompts (generate %.1f s → remove background %.1f s → "
                + "Real-ESRGAN 2× %.1f s; ideal %.1f s), from process start to exit: `./flux batch FILE --then "
                + "remove-background --then upscale:2` %.2f s, the JS client chaining the same models (`node "
                + "pipeline.mjs`) %.2f s: %.2f × vs ≤ 1.1: **%s**.%n", items, generate.toMillis() / 1000.0,
                cutout.toMillis() / 1000.0, upscale.toMillis() / 1000.0, sum, cliPipeline.exit(), jsPipeline.exit(),
                cliPipeline.exit() / jsPipeline.exit(), cliPipeline.exit() <= 1.1 * jsPipeline.exit() ? "met"
                        : "missed"));

        int images = smoke ? 20 : 200;
        Path many = prompts(work, "memory", images);
        FakeReplicateServer.Builder big = emulator(Duration.ZERO).imagePadding(4L << 20);
        List<String> png = List.of("--format", "png");
        Sample memLauncher;
        try (FakeReplicateServer server = big.start()) {
            memLauncher = cli(launcher, server, many, work, png);
        }
        md.append(String.format(Locale.ROOT, "%nA batch of %d images of 4 MB (PNG, inline answers), peak resident "
                + "memory: ./flux %.0f MB (target ≤ 256 MB: **%s**)", images, memLauncher.peakRssMb(),
                memLauncher.peakRssMb() <= 256 ? "met" : "missed"));
        if (!smoke) {
            try (FakeReplicateServer server = big.start()) {
                md.append(String.format(Locale.ROOT, ", java -jar with the JVM's defaults %.0f MB",
                        cli(plain, server, many, work, png).peakRssMb()));
            }
        }
        md.append(".\n");
        return md.toString();
    }

    /** One measured run. */
    private interface Measured {
        Sample run() throws Exception;
    }

    /** The run with the median {@code key} (first create, or exit). */
    private static Sample median(int runs, java.util.function.ToDoubleFunction<Sample> key, Measured measured)
            throws Exception {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            samples.add(measured.run());
        }
        return median(samples, key);
    }

    /** The sample with the median {@code key}. */
    private static Sample median(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> key) {
        List<Sample> sorted = new ArrayList<>(samples);
        sorted.sort(Comparator.comparingDouble(key));
        return sorted.get(sorted.size() / 2);
    }

    private static Path prompts(Path work, String name, int n) throws Exception {
        return Files.write(work.resolve(name + ".txt"), IntStream.range(0, n).mapToObj(i -> name + " " + i).toList());
    }

    /** The emulator every CLI row runs against (and {@link Emulator}, for profiling the CLI from outside). */
    static FakeReplicateServer.Builder emulator(Duration latency) {
        return FakeReplicateServer.builder().seed(42).labelImages(false).latency(latency);
    }

    /** Waits (at most two minutes) while the launcher makes its start-up cache in the background after a build. */
    private static void awaitStartupCache(Path target) throws Exception {
        java.nio.file.attribute.FileTime built = Files.getLastModifiedTime(target.resolve("flux-cli.jar"));
        for (int i = 0; i < 1200; i++) {
            try (var files = Files.list(target)) {
                if (files.anyMatch(f -> f.getFileName().toString().matches("flux-jdk-.*\\.(aot|jsa)")
                        && f.toFile().lastModified() >= built.toMillis())) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the launcher made no start-up cache in two minutes");
    }

    /** The JDK the launcher runs, as it reports it. */
    private static String jdkOfLauncher() throws Exception {
        Process p = new ProcessBuilder("bash", "flux", "--print-java").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor(1, TimeUnit.MINUTES);
        return out.isEmpty() ? "unknown" : out;
    }

    /** A CLI run against {@code server}, or against a fresh emulator with 50 ms predictions when it is null. */
    private static Sample cli(Launch launch, FakeReplicateServer server, Path prompts, Path work, List<String> extra)
            throws Exception {
        if (server == null) {
            try (FakeReplicateServer fresh = emulator(Duration.ofMillis(50)).start()) {
                return cli(launch, fresh, prompts, work, extra);
            }
        }
        Path out = Files.createTempDirectory(work, "cli");
        List<String> cmd = new ArrayList<>(launch.command());
        cmd.addAll(List.of("batch", prompts.toString(), "--base-url", server.baseUrl().toString(), "--out",
                out.toString(), "--concurrency", "10", "--yes"));
        cmd.addAll(extra);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("REPLICATE_API_TOKEN", server.token());
        try {
            return watch(pb, server);
        } finally {
            Bench.deleteRecursively(out);
        }
    }

    /** The JS client's {@code script} against a fresh emulator with 50 ms predictions. */
    private static Sample node(String script, Path peerDir, int count, Path work) throws Exception {
        try (FakeReplicateServer server = emulator(Duration.ofMillis(50)).start()) {
            return node(server, script, peerDir, count, work);
        }
    }

    private static Sample node(FakeReplicateServer server, String script, Path peerDir, int count, Path work)
            throws Exception {
        Path out = Files.createTempDirectory(work, "js");
        try {
            Sample s = watch(new ProcessBuilder("node", peerDir.resolve(script).toString(), server.baseUrl().toString(),
                    server.token(), Integer.toString(count), out.toString()), server);
            String last = s.stdout().lines().reduce((a, b) -> b).orElse("{}");
            if (JSON.readTree(last).path("ok").asInt() != count) {
                throw new IllegalStateException("the JS client lost images: " + last);
            }
            return s;
        } finally {
            Bench.deleteRecursively(out);
        }
    }

    /**
     * Starts the process and watches it: the first create the emulator receives (polled every millisecond), the
     * process's peak RSS (its VmHWM, polled until it exits) and its exit. A failed process fails the benchmark: the
     * smoke run in CI fails on a lost image, never on a time.
     */
    private static Sample watch(ProcessBuilder pb, FakeReplicateServer server) throws Exception {
        long t0 = System.nanoTime();
        Process p = pb.redirectErrorStream(true).start();
        StringBuilder stdout = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                stdout.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (java.io.IOException ignored) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        double firstCreate = -1;
        double peak = 0;
        long deadline = t0 + TimeUnit.MINUTES.toNanos(5);
        while (p.isAlive() && System.nanoTime() < deadline) {
            if (firstCreate < 0) { // until then only the counter: the watcher shares the machine's cores with the process
                if (server.stats().createRequests() > 0) {
                    firstCreate = (System.nanoTime() - t0) / 1e9;
                }
                Thread.sleep(1);
                continue;
            }
            peak = Math.max(peak, vmHwmMb(p.pid())); // the kernel's high-water mark: polling it late loses no peak
            Thread.sleep(20);
        }
        boolean exited = p.waitFor(1, TimeUnit.SECONDS);
        double exit = (System.nanoTime() - t0) / 1e9;
        reader.join(5_000);
        if (!exited || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", pb.command()) + " failed: " + stdout);
        }
        return new Sample(firstCreate, exit, peak, stdout.toString());
    }

    /** A process's peak resident memory so far, in MB (0 when it has gone or this is not Linux). */
    static double vmHwmMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) / 1024.0;
                }
            }
        } catch (Exception ignored) {
            // gone, or not Linux
        }
        return 0;
    }
}
