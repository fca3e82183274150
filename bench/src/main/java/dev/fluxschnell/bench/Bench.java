package dev.fluxschnell.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import dev.fluxschnell.sdk.testing.ServerStats;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs every scenario for the SDK and for the official Replicate JS client against the same local emulator, the JMH
 * micro-benchmarks, and writes one Markdown report. {@code Bench [--smoke] <report.md> <peerDir>}; the smoke variant
 * uses tiny sizes and exits non-zero if the SDK loses an image where it must not.
 */
public final class Bench {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A scenario's settings. {@code sidecars}: the SDK stores a JSON sidecar beside each image (the default users get);
     * {@code urlOutputs}: the emulator answers with output URLs to download instead of inline {@code data:} URLs.
     */
    record Scenario(String id, String title, int images, Duration latency, int serverPerMinute, int burst,
                    double createErrors, double drops, long padding, int concurrency, int clientRate, String heap,
                    int warmup, String aspect, String format, String megapixels, String jvmFlag, boolean sidecars,
                    boolean urlOutputs) {
        Scenario(String id, String title, int images, Duration latency, int serverPerMinute, int burst,
                 double createErrors, double drops, long padding, int concurrency, int clientRate, String heap,
                 int warmup, String aspect, String format, String megapixels) {
            this(id, title, images, latency, serverPerMinute, burst, createErrors, drops, padding, concurrency,
                    clientRate, heap, warmup, aspect, format, megapixels, null, true, false);
        }

        /** {@return this scenario as another row: its id, title and SDK JVM flag} */
        Scenario as(String newId, String newTitle, String flag) {
            return new Scenario(newId, newTitle, images, latency, serverPerMinute, burst, createErrors, drops, padding,
                    concurrency, clientRate, heap, warmup, aspect, format, megapixels, flag, sidecars, urlOutputs);
        }

        /** {@return this scenario with the SDK storing no sidecars} */
        Scenario withoutSidecars() {
            return new Scenario(id, title, images, latency, serverPerMinute, burst, createErrors, drops, padding,
                    concurrency, clientRate, heap, warmup, aspect, format, megapixels, jvmFlag, false, urlOutputs);
        }

        /** {@return this scenario with {@code images} warm-up images before the measured batch} */
        Scenario withWarmup(int images) {
            return new Scenario(id, title, this.images, latency, serverPerMinute, burst, createErrors, drops, padding,
                    concurrency, clientRate, heap, images, aspect, format, megapixels, jvmFlag, sidecars, urlOutputs);
        }

        /** {@return this scenario with URL answers} */
        Scenario withUrlOutputs() {
            return new Scenario(id, title, images, latency, serverPerMinute, burst, createErrors, drops, padding,
                    concurrency, clientRate, heap, warmup, aspect, format, megapixels, jvmFlag, sidecars, true);
        }
    }

    /** The scenario of an account with less than $5 of credit (the emulator's lowCreditAccount()). */
    static final String LOW_CREDIT = "6";

    /** The row of scenario 3 whose clients store their images on the machine's disk, not in memory. */
    static final String ON_DISK = "3d";

    /** The JIT setting of the {@code ./flux} launcher: C1 only, for short runs (docs/design.md). */
    static final String LAUNCHER_JIT = "-XX:TieredStopAtLevel=1";

    /** One client's run of a scenario. */
    record Run(Scenario scenario, String client, JsonNode result, ServerStats stats) {
        int ok() {
            return result.path("ok").asInt();
        }

        double wallS() {
            return result.path("wallMs").asDouble() / 1000;
        }

        /**
         * Server requests per delivered image, counting the SDK's warm-up images too (they made requests) and leaving
         * out the SDK's schema check (one model read per model and client, not per image).
         */
        double requestsPerImage() {
            int images = ok() + (client.startsWith("flux") ? scenario.warmup() : 0);
            return ok() == 0 ? Double.NaN : (double) (stats.totalRequests() - stats.modelReads()) / images;
        }
    }

    /** The rows run three times per client, each reported by its median run (the zero-latency throughput rows). */
    static final java.util.Set<String> REPEATED = java.util.Set.of("3", "3s", "3c", "3d");

    /** The run with the median wall time. */
    static Run median(List<Run> runs) {
        List<Run> sorted = new ArrayList<>(runs);
        sorted.sort(java.util.Comparator.comparingDouble(Run::wallS));
        return sorted.get(sorted.size() / 2);
    }

    /** Analysis of the known gaps, from profiles of scenario 3 and a piecewise timing of the CLI's start. */
    static final String GAPS = """
            - Against the faithful emulator (a sync answer is `processing` with the image inline as a `data:` URL), both clients \
            need exactly 1 HTTP request per image (2 with URL answers, row 1u: the create and the download); the SDK adds one \
            model read per model and client for the schema check, before its first create.
            - Scenario 1c, cold: the first batch in a fresh JVM pays class loading and JIT of the HTTP client, Jackson and Failsafe \
            (about 0.7 s of CPU for 10 images), plus the limiter's slow start: a client that has not yet seen a create accepted \
            sends 2 creates and holds the rest until the second has gone out and had time to be answered (75 ms, or twice its \
            connection set-up). That is what keeps a low-credit account at one 429 (scenario 6) instead of one per burst slot. \
            The warm rows (1, 1u) are what users of a running backend see; the CLI section shows a fresh process.
            - Scenario 3, throughput at zero latency (target: at least the JS client's): profiled with \
            `bench/profile.sh` (JDK 25's CPU-time sampler) and per-thread CPU (`-Dbench.threads=true`). Two causes \
            were fixed this round. The JDK `HttpClient` completed every `sendAsync` answer on `CompletableFuture`'s \
            default executor, which on this 2-core machine (common pool parallelism 1) started a new thread per \
            answer: one per image (JFR: 2,501 thread starts in one run); the SDK now calls the blocking `send()` on \
            its own pooled I/O threads, which go on with the answer (docs/design.md, "The transport"). And threads \
            creating files in one folder spun on its lock in the kernel; LocalFileStorage now takes a lock per \
            folder around create and rename. What is left on a default JVM is the JIT: in a fresh JVM's first 2,500 \
            images the C1 and C2 compiler threads use more CPU than all of the SDK's own threads together, and the \
            code runs in its profiling tiers meanwhile. Rows 3w (a JVM that has run 10,000 images, as a service has) \
            and 3c (C1 only, as the `./flux` launcher runs) take that away and show the SDK's own cost per image. \
            The JIT's share shrinks with the code it has to compile: compile events (JFR) listed `Path.toUri` among \
            the largest methods C2 compiled (about 1.5 s of compile time in one run), so LocalFileStorage now makes \
            each folder's URI once; it also no longer throws and catches two exceptions per image in \
            `createDirectories`, the create body maps the wire's own types without `valueToTree`, and no regex is \
            compiled per image (CPU per image after warm-up 3.89 ms before, 3.30 ms after, in full runs); a batch \
            without a journal no longer hashes every request for journal keys before its first create, and the \
            sidecar is written with a JSON generator instead of a mapper's map serializer. Compile events (JFR, \
            every compile) put most of the compilers' time in the JDK's HTTP client, Jackson's parser, `java.util` \
            collections (C2 compiled `TreeMap.put` six times, deoptimised between), the JDK's own class spinning \
            for lambdas and method handles (ASM), and the SDK's own code about a tenth; the JDK's \
            `SynchronousQueue`, behind the cached thread pools, was deoptimised about 300 times (once per pool \
            thread). Two more cuts after that: Failsafe ran every attempt of a retried call on the scheduler's \
            single thread, so each image's store went I/O thread, scheduler (which decoded the inline image), I/O \
            thread; attempts now run at once on the I/O thread that read the answer (docs/design.md, "every wait on \
            one scheduler"). And an answer's `created_at` went through `Instant.parse`, about 0.1 ms per image in a \
            fresh JVM; it is read digit by digit. Run against the same warmed emulator, 6-8 times each and taking \
            turns, the SDK before and after these two cuts differed by less than the runs' own spread (±10%). Two full runs of an earlier stop gave row 3 at 1.16 × and 0.85 ×, the SDK's runs \
            falling into a fast and a slow group. The slow group came from the emulator: in some of the SDK's runs \
            3-5 s passed with no request in flight (thread dumps every second) while 4-12 creates whose answers \
            had been lost were reconciled as designed, each waiting the prediction list's lag (0.5, 1 and 2 s) \
            before it looks and before it creates again, so as never to pay twice. The answers were lost because \
            the JDK's `HttpServer` under the emulator closes a connection right after its answer, without \
            `Connection: close`, once 200 others are idle (`sun.net.httpserver.maxIdleConnections`), and the SDK \
            at concurrency 256 sent its next create on such a connection; api.replicate.com does not close a \
            client's connections that way. In one JVM, 12 rounds of 2,000 creates each: with the JDK's limit, 5 \
            rounds read the list (4-12 times) and took 6-7.5 s; with the limit raised, none did. The emulator now \
            raises it. Then the transport: the JDK's HTTP client hands each read of an answer from its selector \
            thread to its executor, which was a pool of the SDK's own, so every answer woke a thread before the I/O \
            thread waiting in `send()` could go on; the SDK's client now runs what the selector hands over in place \
            (docs/design.md, "The transport"). Against one warm emulator, 5 runs each taking turns, the SDK's \
            median went from 5.06 to 4.38 s and its CPU from 8.62 to 7.32 s (a slow stretch of this machine). \
            Earlier cuts measured the same way moved less than the runs' spread: an image and its sidecar take two \
            holds of the folder's lock instead of four (3.33 to 3.23 s); a CPU profile of row 3 (async-profiler) \
            put the folder lock's own cost at 0.5 % of the samples and the sidecar's JSON at 2.6 %. The measurement itself was corrected twice: (1) both clients store \
            every image to a file of its own in a new folder in memory (`/dev/shm`), not on this machine's disk. An \
            async-profiler CPU profile of row 3 on the disk put a third of the SDK's I/O threads' CPU in the \
            kernel's `openat`, nearly all of it in ext4's `recently_deleted`: this machine's ext4 has no journal, \
            so each new file's inode is found by passing over every inode freed in the last minute (six while its \
            inode table block is not yet written back), and the runs before had just deleted thousands. Creating a \
            4 KB file took 0.13-0.26 ms there and 0.03 ms in memory (Python, 4,000 files), a cost of the disk and \
            of the order of the runs that falls twice on the SDK, which writes 2 files per image (image and sidecar, \
            each to a temporary file renamed into place so that no partial file is ever visible) to the JS client's \
            1 (written in place). Row 3d is row 3 on the disk, for comparison (also a median of 3, taking turns); it moves with \
            what was deleted before it (a single run of it just after a full run measured 0.97 ×). (2) The emulator runs \
            in the benchmark's JVM and compiles its own code during its first heavy runs; the SDK, which ran first \
            in each pair, shared the cores with that (the JS client's times fell run after run). One unreported run \
            of each client now warms it before the first repeated row, and the clients take turns going first. \
            (3) Both clients share the 2 cores with the emulator, so images/s vary between runs (how much of a \
            fresh JVM's compiling falls within its measured 2,000 images varies; this machine's speed drifts by \
            10-20% over minutes): rows 3, 3s, 3c and 3d report each client's median of 3 runs.
            - Scenario 4: the SDK decodes inline images over 256 KiB straight to a spool file while the answer streams in \
            (peak heap within -Xmx64m for 4 MB images); the JS client holds each `data:` URL and its bytes in memory (over \
            1 GB peak RSS).
            - Scenario 5: about 7-10 s by design: after an ambiguous create (a connection dropped after sending) the SDK looks \
            at the prediction list three times (0.5, 1 and 2 s later) before it creates again, and re-creates at most once, so \
            an item hit by a dropped connection waits about 3.5 s longer instead of risking a second charge. Every image is \
            delivered; the JS client lost some in every run.
            - Scenario 6: one 429 in total (the slow start's second create), then one create per ~10.5 s (95% of the 6/min the \
            429 stated). The JS client retried its 429s a few times each and lost 4 of 5.
            - The CLI's first create (target 0.35 s): profiled with async-profiler (`bench/profile.sh start`: CPU per \
            thread; its wall-clock mode gives the main thread's timeline), both cores are busy from the JVM's start to the \
            first create, so only removing CPU moves it. Removed this round: picocli's reflective model (about 0.2 s of the \
            main thread); the TLS set-up (0.1-0.2 s: the JDK's HTTP client initialised TLS and parsed the trust store as it \
            was built, even for this plain-http emulator; the SDK's client now sets TLS up at its first https connection, as \
            the JS client loads TLS only for https); the JVM reading the table of contents of a 39,000-entry jar twice (the \
            launcher runs the CLI's own 9,000-entry jar); the first JSON mapper and a record's first generated `equals` on \
            the main thread's path (moved to the warm-up thread, or written out); and a share of C1's compiles (the launcher \
            compiles only methods called four times as often as the defaults ask); and a third of the start-up cache: \
            JDK 25 loads and links every class its ahead-of-time cache holds at each start, and the cache had been \
            trained on a `--sandbox` run, so it held the in-process emulator (its HTTP server, image drawing, schema \
            validation, 4,800 classes); it is now trained against the emulator in a process of its own (3,650 classes, \
            TLS's included as a run against Replicate loads them; about 50 ms sooner). What is left: the JVM's start to \
            `main` with its cache (about 0.13 s, 0.07 s for a JVM without one), JDK 25's `BigDecimal` initialisation (it computes 5^65536, about \
            40 ms) side by side with the first JSON mapper on the warm-up thread, then the schema check's round trip and the \
            journal's first write (about 40 ms together). The row moves by ±30 ms between runs on this machine. The CLI's \
            pipeline meets its target because the steps chain at once and the JVM exits without waiting for the HTTP \
            client's selector thread.
            """;


    /** Scenario 3: zero latency, every image stored with its sidecar, as a client with default settings does. */
    static final Scenario THROUGHPUT = new Scenario("3", "2,000 images, 0 latency, concurrency 256, sidecars on", 2000,
            Duration.ZERO, 0, 10, 0, 0, 0, 256, 100_000, null, 500, "1:1", "webp", "0.25");

    private Bench() {}

    static List<Scenario> scenarios(boolean smoke) {
        if (smoke) {
            return List.of(
                    new Scenario("1", "batch of 3, 300 ms/prediction (warm JVM)", 3, Duration.ofMillis(300), 0, 10, 0,
                            0, 0, 10, 0, null, 3, "1:1", "webp", "1"),
                    new Scenario("1c", "batch of 3, 300 ms/prediction (cold JVM)", 3, Duration.ofMillis(300), 0, 10,
                            0, 0, 0, 10, 0, null, 0, "1:1", "webp", "1"),
                    new Scenario("2", "30 images, 600/min burst 10", 30, Duration.ofMillis(200), 600, 10, 0, 0, 0, 20,
                            600, null, 0, "1:1", "webp", "0.25"),
                    new Scenario("3", "100 images, 0 latency, concurrency 32", 100, Duration.ZERO, 0, 10, 0, 0, 0, 32,
                            100_000, null, 20, "1:1", "webp", "0.25"),
                    new Scenario("4", "10 images of 4 MB, -Xmx64m", 10, Duration.ZERO, 0, 10, 0, 0, 4L << 20, 10,
                            100_000, "64m", 0, "1:1", "png", "0.25"),
                    new Scenario("5", "30 images, 10% 500 + 5% drops", 30, Duration.ofMillis(100), 0, 10, 0.10, 0.05,
                            0, 10, 100_000, null, 0, "1:1", "webp", "0.25"),
                    // a low-credit account's answers at 12/min, not 6/min: the second create waits 5 s, not 10 s
                    // (CI's time), still long enough for its target (≤ 1.1 × ideal) to hold in a fresh JVM
                    new Scenario(LOW_CREDIT, "low-credit account's answers at 12/min, burst 1, 2 images, default "
                            + "settings", 2, Duration.ofMillis(300), 12, 1, 0, 0, 0, 10, 0, null, 0, "1:1", "webp",
                            "0.25"));
        }
        return List.of(
                new Scenario("1", "batch of 10, 2.5 s/prediction (warm JVM)", 10, Duration.ofMillis(2500), 0, 10, 0,
                        0, 0, 10, 0, null, 100, "1:1", "webp", "1"),
                new Scenario("1u", "batch of 10, 2.5 s/prediction, URL answers (warm JVM)", 10,
                        Duration.ofMillis(2500), 0, 10, 0, 0, 0, 10, 0, null, 100, "1:1", "webp", "1").withUrlOutputs(),
                new Scenario("1c", "batch of 10, 2.5 s/prediction (cold JVM)", 10, Duration.ofMillis(2500), 0, 10, 0,
                        0, 0, 10, 0, null, 0, "1:1", "webp", "1"),
                new Scenario("2", "500 images, 600/min burst 10", 500, Duration.ofMillis(500), 600, 10, 0, 0, 0, 20,
                        600, null, 0, "1:1", "webp", "0.25"),
                THROUGHPUT,
                THROUGHPUT.as("3s", "as 3, SDK without sidecars (`withoutSidecars()`)", null).withoutSidecars(),
                THROUGHPUT.as("3w", "as 3, SDK after 10,000 warm-up images (a service that has been running)", null)
                        .withWarmup(10_000),
                THROUGHPUT.as("3c", "as 3, SDK JVM with " + LAUNCHER_JIT + " (the `./flux` launcher's JIT)",
                        LAUNCHER_JIT),
                THROUGHPUT.as(ON_DISK, "as 3, both clients storing to this machine's disk, not to memory", null),
                new Scenario("4", "200 images of 4 MB, -Xmx64m", 200, Duration.ZERO, 0, 10, 0, 0, 4L << 20, 10,
                        100_000, "64m", 0, "1:1", "png", "0.25"),
                new Scenario("5", "200 images, 10% 500 + 5% drops", 200, Duration.ofMillis(300), 0, 10, 0.10, 0.05,
                        0, 20, 100_000, null, 0, "1:1", "webp", "0.25"),
                new Scenario(LOW_CREDIT, "low-credit account (6/min, burst 1), 5 images, 2.5 s/prediction, default "
                        + "settings", 5, Duration.ofMillis(2500), 6, 1, 0, 0, 0, 10, 0, null, 0, "1:1", "webp", "1"));
    }

    /** Runs the benchmarks and writes the report. */
    public static void main(String[] args) throws Exception {
        boolean smoke = args.length > 0 && args[0].equals("--smoke");
        Path report = Path.of(args[smoke ? 1 : 0]);
        Path peerDir = Path.of(args[smoke ? 2 : 1]);
        Path work = Files.createTempDirectory("flux-bench");
        List<Run> runs = new ArrayList<>();
        String only = System.getProperty("bench.only"); // e.g. -Dbench.only=3,3w to investigate single scenarios
        if ("pipelines".equals(only)) {
            System.out.println(PipelineBench.run(smoke, work)); // the pipeline section alone, printed
            return;
        }
        if ("queue".equals(only)) {
            System.out.println(QueueBench.run(smoke, work)); // the queue section alone
            return;
        }
        if ("flux2".equals(only)) {
            System.out.println(FluxTwoBench.run(smoke, work)); // the FLUX.2 batch alone
            return;
        }
        if ("web".equals(only)) {
            System.out.println(WebBench.run(smoke, work)); // the web example's memory alone
            return;
        }
        if ("cli".equals(only)) {
            System.out.println(CliBench.run(smoke, work, peerDir)); // the CLI's start, pipeline and memory alone
            return;
        }
        Path outputs = outputs(work);
        boolean emulatorWarm = false;
        for (Scenario s : scenarios(smoke)) {
            if (only != null && !List.of(only.split(",")).contains(s.id())) {
                continue;
            }
            // the zero-latency rows vary most between runs (how much of a fresh JVM's compiling falls within them):
            // each client runs three times, taking turns, and the run with its median wall time is reported
            int times = !smoke && REPEATED.contains(s.id()) ? 3 : 1;
            if (times > 1 && !emulatorWarm) {
                // the emulator runs in this JVM and compiles its own code during its first heavy runs: whichever
                // client ran first would share the 2 cores with that. One unreported run of each client warms it.
                run(s, "flux-schnell-java", outputs, peerDir);
                run(s, "replicate-js 1.4.0", outputs, peerDir);
                emulatorWarm = true;
            }
            Path dir = s.id().equals(ON_DISK) ? work : outputs;
            List<Run> sdk = new ArrayList<>();
            List<Run> peer = new ArrayList<>();
            for (int i = 0; i < times; i++) { // taking turns to go first
                if (i % 2 == 0) {
                    sdk.add(run(s, "flux-schnell-java", dir, peerDir));
                    peer.add(run(s, "replicate-js 1.4.0", dir, peerDir));
                } else {
                    peer.add(run(s, "replicate-js 1.4.0", dir, peerDir));
                    sdk.add(run(s, "flux-schnell-java", dir, peerDir));
                }
            }
            runs.add(median(sdk));
            runs.add(median(peer));
        }
        if (!outputs.equals(work)) {
            deleteRecursively(outputs);
        }
        if (only != null) {
            return; // a partial run writes no report
        }
        String severalInstances = SharedLimitBench.run(smoke, work) + QueueBench.run(smoke, work)
                + PipelineBench.run(smoke, work) + FluxTwoBench.run(smoke, work) + CliBench.run(smoke, work, peerDir)
                + WebBench.run(smoke, work);
        List<String> micro = smoke ? List.of() : micro();
        String md = report(runs, micro, smoke, !outputs.equals(work)) + severalInstances;
        Files.createDirectories(report.toAbsolutePath().getParent());
        Files.writeString(report, md);
        System.out.println(md);
        if (smoke) {
            for (Run r : runs) {
                boolean mustDeliverAll = r.client().startsWith("flux");
                if (mustDeliverAll && r.ok() != r.scenario().images()) {
                    System.err.println("SDK lost images in scenario " + r.scenario().id() + ": " + r.result());
                    System.exit(1);
                }
            }
        }
        deleteRecursively(work); // a partial or failed run keeps it: its logs (queue workers, the web app) may help
    }

    /**
     * {@return where the scenarios' clients store their images: a folder in {@code /dev/shm} (memory) when the machine
     * has one, else in {@code work}} Both clients store every image to a file of its own, but on a disk the cost of
     * creating a file is the file system's, and on this kind of machine it depends on what was deleted before: its
     * ext4 has no journal, so it passes over every inode freed in the last minutes each time it creates a file
     * (the kernel's {@code recently_deleted}: 0.1-0.3 ms per file here, after the previous runs' outputs were deleted,
     * against 0.03 ms in memory). That would measure the disk and the order of the runs, not the clients.
     * {@code -Dbench.disk=true} keeps them on the disk, as does a {@code /dev/shm} with less than 2 GB free.
     */
    static Path outputs(Path work) throws java.io.IOException {
        Path shm = Path.of("/dev/shm");
        if (Boolean.getBoolean("bench.disk") || !Files.isDirectory(shm) || !Files.isWritable(shm)
                || Files.getFileStore(shm).getUsableSpace() < (2L << 30)) { // scenario 4 writes 800 MB there
            return work; // (a container's /dev/shm is often 64 MB)
        }
        return Files.createTempDirectory(shm, "flux-bench");
    }

    static Run run(Scenario s, String client, Path work, Path peerDir) throws Exception {
        FakeReplicateServer.Builder emulator = FakeReplicateServer.builder().seed(42).latency(s.latency())
                .rateLimit(s.serverPerMinute(), s.burst()).createErrorRate(s.createErrors())
                .dropConnectionRate(s.drops()).imagePadding(s.padding()).labelImages(false);
        if (s.urlOutputs()) {
            emulator.urlOutputs();
        }
        if (s.id().equals(LOW_CREDIT)) {
            emulator.lowCreditAccount().rateLimit(s.serverPerMinute(), s.burst()); // its answers, the row's rate
        }
        try (FakeReplicateServer server = emulator.start()) {
            Path out = Files.createTempDirectory(work, "s" + s.id());
            List<String> cmd = new ArrayList<>();
            if (client.startsWith("flux")) {
                cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                if (s.heap() != null) {
                    cmd.add("-Xmx" + s.heap());
                }
                if (s.jvmFlag() != null) {
                    cmd.add(s.jvmFlag());
                }
                String extra = System.getProperty("bench.jvmArgs"); // e.g. -Dbench.jvmArgs=-XX:+CITime, to investigate
                if (extra != null && !extra.isBlank()) {
                    cmd.addAll(List.of(extra.trim().split("\\s+")));
                }
                String jfr = System.getProperty("bench.jfr"); // a folder: profile each SDK run (bench/profile.sh)
                if (jfr != null) {
                    cmd.add("-XX:StartFlightRecording=settings=profile,filename=" + Path.of(jfr).toAbsolutePath()
                            .resolve("scenario-" + s.id() + ".jfr"));
                }
                cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), SdkScenario.class.getName(),
                        server.baseUrl().toString(), server.token(), Integer.toString(s.images()),
                        Integer.toString(s.concurrency()), Integer.toString(s.clientRate()), out.toString(), s.aspect(),
                        s.format(), s.megapixels(), Integer.toString(s.warmup()), Boolean.toString(s.sidecars())));
            } else {
                cmd.addAll(List.of("node", peerDir.resolve("run.mjs").toString(), server.baseUrl().toString(),
                        server.token(), Integer.toString(s.images()), out.toString(), s.aspect(), s.format(),
                        s.megapixels()));
            }
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(20, TimeUnit.MINUTES) || p.exitValue() != 0) {
                stdout = "{\"ok\":0,\"failed\":" + s.images() + ",\"errors\":{\"process exited " + p.exitValue()
                        + "\":1}}";
            }
            String last = stdout.lines().reduce((a, b) -> b).orElse("{}");
            System.err.printf("scenario %s %-20s %s%n", s.id(), client, last);
            ServerStats stats = server.stats();
            deleteRecursively(out);
            return new Run(s, client, JSON.readTree(last), stats);
        }
    }

    static List<String> micro() throws Exception {
        List<String> lines = new ArrayList<>();
        for (RunResult r : new Runner(new OptionsBuilder().include(MicroBenchmarks.class.getName())
                .forks(1).warmupIterations(3).warmupTime(org.openjdk.jmh.runner.options.TimeValue.seconds(1))
                .measurementIterations(5).measurementTime(org.openjdk.jmh.runner.options.TimeValue.seconds(1))
                .build()).run()) {
            var score = r.getPrimaryResult();
            lines.add(String.format(Locale.ROOT, "| %s | %.2f ± %.2f %s |", r.getParams().getBenchmark()
                    .replaceAll(".*\\.", ""), score.getScore(), score.getScoreError(), score.getScoreUnit()));
        }
        return lines;
    }

    static String report(List<Run> runs, List<String> micro, boolean smoke, boolean outputsInMemory)
            throws Exception {
        StringBuilder md = new StringBuilder();
        md.append(smoke ? "# Benchmarks (smoke run: tiny sizes, not for comparison)\n\n" : "# Benchmarks\n\n");
        md.append("Generated by `bench/run.sh` on ").append(LocalDate.now()).append(". Both clients run against the "
                + "same local emulator (`FakeReplicateServer`, a fresh one per run, seed 42) on 127.0.0.1; each client "
                + "runs in its own process, so CPU seconds and peak RSS are that client's alone. Each run stores its "
                + "images in a new folder " + (!outputsInMemory ? "on this machine's disk" : "in memory (`/dev/shm`)"
                + (runs.stream().anyMatch(r -> r.scenario().id().equals(ON_DISK)) ? ", except row " + ON_DISK
                + " (this machine's disk; see \"Where the gaps come from\")" : "")) + ".\n\n");
        md.append("- Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(memTotal()).append(", ").append(System.getProperty("os.name")).append(' ')
                .append(System.getProperty("os.arch")).append('\n');
        md.append("- Java: ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.version")).append("; Node: ").append(nodeVersion()).append('\n');
        md.append("- Clients: flux-schnell-java " + dev.fluxschnell.sdk.FluxSchnellClient.version() + " (defaults, except concurrency and rate limit as "
                + "listed), official `replicate` npm 1.4.0 (`Promise.all` over `replicate.run`, then a download of "
                + "each output)\n\n");
        md.append("| # | scenario | client | images ok / failed | wall s | HTTP requests / image | 429s sent | CPU s "
                + "| peak RSS MB |\n|---|---|---|---|---|---|---|---|---|\n");
        for (Run r : runs) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %d / %d | %.2f | %.2f | %d | %.2f | %.0f |%n",
                    r.scenario().id(), r.scenario().title(), r.client(), r.ok(), r.scenario().images() - r.ok(),
                    r.wallS(), r.requestsPerImage(), r.stats().throttled(), r.result().path("cpuMs").asDouble() / 1000,
                    r.result().path("peakRssMb").asDouble()));
        }
        md.append("\n## SDK / peer, per scenario\n\n| # | images delivered (SDK / peer) | wall time ratio (SDK / peer) "
                + "|\n|---|---|---|\n");
        for (int i = 0; i + 1 < runs.size(); i += 2) {
            Run sdk = runs.get(i);
            Run peer = runs.get(i + 1);
            md.append(String.format(Locale.ROOT, "| %s | %d / %d | %.2f |%n", sdk.scenario().id(), sdk.ok(), peer.ok(),
                    sdk.wallS() / peer.wallS()));
        }
        md.append("\n## Targets\n\n").append(targets(runs, smoke));
        md.append("\n## Where the gaps come from\n\n").append(GAPS);
        md.append("\n## Errors seen\n\n");
        for (Run r : runs) {
            if (r.result().path("errors").size() > 0) {
                md.append("- scenario ").append(r.scenario().id()).append(", ").append(r.client()).append(": ")
                        .append(r.result().path("errors")).append('\n');
            }
        }
        if (!micro.isEmpty()) {
            md.append("\n## JMH micro-benchmarks (the SDK's own per-image work)\n\n| benchmark | score |\n|---|---|\n");
            micro.forEach(l -> md.append(l).append('\n'));
        }
        return md.toString();
    }

    static Run find(List<Run> runs, String id, boolean sdk) {
        return runs.stream().filter(r -> r.scenario().id().equals(id) && r.client().startsWith("flux") == sdk)
                .findFirst().orElseThrow();
    }

    static String targets(List<Run> runs, boolean smoke) {
        StringBuilder t = new StringBuilder();
        for (String id : List.of("1", "1c")) {
            Run s1 = find(runs, id, true);
            Run p1 = find(runs, id, false);
            double limit1 = s1.scenario().latency().toMillis() / 1000.0 + 0.1;
            t.append(String.format(Locale.ROOT, "- %s (%s): wall %.2f s vs target ≤ %.2f s: **%s**; vs the JS client's "
                    + "%.2f s: **%s**; HTTP requests per image %.2f vs 1.0 (the create; the image is inline in its "
                    + "answer; the schema check's one model read per client not counted), polls %d: **%s**%n", id,
                    id.equals("1") ? "SDK after " + s1.scenario().warmup()
                            + " warm-up images and a 1.5 s pause, as in a running service" : "first batch of a fresh JVM",
                    s1.wallS(), limit1, s1.wallS() <= limit1 ? "met" : "missed", p1.wallS(),
                    s1.wallS() <= p1.wallS() ? "no slower" : "slower", s1.requestsPerImage(), s1.stats().polls(),
                    s1.requestsPerImage() == 1.0 && s1.stats().polls() == 0 ? "met" : "missed"));
        }
        if (runs.stream().anyMatch(r -> r.scenario().id().equals("1u"))) {
            Run u = find(runs, "1u", true);
            double limit = 1.04 * u.scenario().latency().toMillis() / 1000.0;
            t.append(String.format(Locale.ROOT, "- 1u (URL answers: a create and a download per image, warm JVM): "
                    + "wall %.2f s vs ≤ 1.04 × one prediction = %.2f s: **%s**; the JS client %.2f s; HTTP requests "
                    + "per image %.2f (the create and the download)%n", u.wallS(), limit,
                    u.wallS() <= limit ? "met" : "missed", find(runs, "1u", false).wallS(), u.requestsPerImage()));
        }
        Run lc = find(runs, LOW_CREDIT, true);
        Scenario cl = lc.scenario();
        double lcIdeal = (cl.images() - 1) * 60.0 / cl.serverPerMinute() + cl.latency().toMillis() / 1000.0;
        t.append(String.format(Locale.ROOT, "- %s (low-credit account, default settings): delivered %d / %d, 429s drawn "
                + "%d vs ≤ 3, wall %.1f s vs ≤ 1.10 × ideal %.1f s = %.1f s: **%s**; the JS client delivered %d / %d "
                + "drawing %d 429s in %.1f s%n", LOW_CREDIT, lc.ok(), cl.images(), lc.stats().throttled(), lc.wallS(),
                lcIdeal, 1.1 * lcIdeal, lc.ok() == cl.images() && lc.stats().throttled() <= 3
                        && lc.wallS() <= 1.1 * lcIdeal ? "met" : "missed", find(runs, LOW_CREDIT, false).ok(),
                cl.images(), find(runs, LOW_CREDIT, false).stats().throttled(), find(runs, LOW_CREDIT, false).wallS()));
        Run s2 = find(runs, "2", true);
        Scenario c2 = s2.scenario();
        double ideal = (double) (c2.images() - c2.burst()) / (c2.serverPerMinute() / 60.0)
                + c2.latency().toMillis() / 1000.0;
        t.append(String.format(Locale.ROOT, "- 2: delivered %d / %d, failed items %d, wall %.1f s vs ≤ 1.10 × ideal "
                + "%.1f s = %.1f s: **%s**; the peer delivered %d / %d%n", s2.ok(), c2.images(),
                c2.images() - s2.ok(), s2.wallS(), ideal, 1.1 * ideal,
                s2.ok() == c2.images() && s2.wallS() <= 1.1 * ideal ? "met" : "missed", find(runs, "2", false).ok(),
                c2.images()));
        for (String id : List.of("3", "3s", "3w", "3c", ON_DISK)) {
            if (runs.stream().noneMatch(r -> r.scenario().id().equals(id))) {
                continue; // the smoke variant has row 3 only
            }
            Run s3 = find(runs, id, true);
            Run p3 = find(runs, id, false);
            double thr = s3.ok() / s3.wallS();
            double peerThr = p3.ok() / p3.wallS();
            double cpuPerImage = s3.result().path("cpuMs").asDouble() / Math.max(1, s3.ok());
            t.append(String.format(Locale.ROOT, "- %s (%s): throughput %.0f images/s vs peer %.0f (both storing every "
                    + "image to its own file%s): %.2f × the peer, target ≥ 1.0: **%s**; CPU %.2f ms per image after "
                    + "warm-up (peer %.2f)%n", id, switch (id) {
                        case "3" -> "default client and JVM, sidecars on";
                        case "3s" -> "withoutSidecars()";
                        case "3w" -> "after 10,000 warm-up images";
                        case ON_DISK -> "on this machine's disk: see below";
                        default -> LAUNCHER_JIT;
                    }, thr, peerThr, !smoke && REPEATED.contains(id) ? "; each the median of 3 runs, taking turns" : "",
                    thr / peerThr, thr >= peerThr ? "met" : "missed", cpuPerImage,
                    p3.result().path("cpuMs").asDouble() / Math.max(1, p3.ok())));
        }
        Run s4 = find(runs, "4", true);
        t.append(String.format(Locale.ROOT, "- 4: stored %d / %d images of %d MB with -Xmx%s, peak heap %.0f MB, "
                + "errors %s: **%s** (peer peak RSS %.0f MB)%n", s4.ok(), s4.scenario().images(),
                s4.scenario().padding() >> 20, s4.scenario().heap(), s4.result().path("peakHeapMb").asDouble(),
                s4.result().path("errors"), s4.ok() == s4.scenario().images() ? "met" : "missed",
                find(runs, "4", false).result().path("peakRssMb").asDouble()));
        Run s5 = find(runs, "5", true);
        t.append(String.format(Locale.ROOT, "- 5: under faults the SDK delivered %d / %d, the peer %d / %d%n", s5.ok(),
                s5.scenario().images(), find(runs, "5", false).ok(), s5.scenario().images()));
        return t.toString();
    }

    private static String memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Math.round(Long.parseLong(line.replaceAll("\\D+", "")) / 1024.0 / 1024.0) + " GiB RAM";
                }
            }
        } catch (Exception ignored) {
            // not Linux
        }
        return "unknown RAM";
    }

    private static String nodeVersion() {
        try {
            Process p = new ProcessBuilder("node", "--version").start();
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (Exception e) {
            return "not found";
        }
    }

    static void deleteRecursively(Path dir) throws Exception {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
