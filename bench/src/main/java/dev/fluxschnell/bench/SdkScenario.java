package dev.fluxschnell.bench;

import dev.fluxschnell.sdk.request.AspectRatio;
import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.Megapixels;
import dev.fluxschnell.sdk.request.OutputFormat;
import dev.fluxschnell.sdk.batch.BatchItem;
import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.batch.BatchResult;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * One SDK run of a scenario, in its own JVM so that CPU time and peak memory are the SDK's alone. Prints one JSON
 * line. Args: baseUrl token images concurrency ratePerMinute (0: the default) outDir aspect format megapixels
 * warmupImages sidecars.
 */
public final class SdkScenario {
    private SdkScenario() {}

    /** Runs the scenario and prints its results. */
    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        String token = args[1];
        int images = Integer.parseInt(args[2]);
        int concurrency = Integer.parseInt(args[3]);
        int rate = Integer.parseInt(args[4]);
        Path out = Path.of(args[5]);
        // the inputs the JS client sends (peer/run.mjs), no more: unset settings are not sent
        ImageRequest template = ImageRequest.builder().prompt("t").aspectRatio(AspectRatio.of(args[6]))
                .outputFormat(OutputFormat.of(args[7])).megapixels(Megapixels.of(args[8])).outputQuality(90).build();
        int warmup = Integer.parseInt(args[9]);
        LocalFileStorage storage = LocalFileStorage.of(out);
        FluxSchnellClient.Builder builder = FluxSchnellClient.builder().apiToken(token).baseUrl(base)
                .downloadHosts(List.of("127.0.0.1"))
                .storage(Boolean.parseBoolean(args[10]) ? storage : storage.withoutSidecars())
                .maxPredictionsPerBatch(Math.max(images, warmup)).maxConcurrency(concurrency)
                .retryBackoff(Duration.ofMillis(100), Duration.ofSeconds(5)).maxRetries(6);
        if (rate > 0) { // 0: the default limit (600/min, slow start until the account's limit is known)
            builder.rateLimitPerMinute(rate);
        }
        try (FluxSchnellClient client = builder.build()) {
            if (warmup > 0) {
                client.generateBatch(batch("warmup", warmup, template));
                Thread.sleep(1500); // idle, as a service between requests: the limiter's burst refills
            }
            long cpu0 = cpuNanos();
            long t0 = System.nanoTime();
            BatchResult r = client.generateBatch(batch("bench", images, template));
            double wallMs = (System.nanoTime() - t0) / 1e6;
            double cpuMs = (cpuNanos() - cpu0) / 1e6;
            Map<String, Long> errors = r.items().stream().filter(i -> i.error().isPresent())
                    .collect(Collectors.groupingBy(SdkScenario::reason, TreeMap::new, Collectors.counting()));
            long bytes = 0;
            for (var img : r.images()) {
                bytes += Files.size(Path.of(img.location()));
            }
            System.out.println("{\"ok\":" + r.succeeded().size() + ",\"failed\":" + (images - r.succeeded().size())
                    + ",\"wallMs\":" + wallMs + ",\"cpuMs\":" + cpuMs + ",\"peakRssMb\":" + CliBench.vmHwmMb(ProcessHandle.current().pid())
                    + ",\"peakHeapMb\":" + peakHeapMb() + ",\"bytes\":" + bytes + ",\"errors\":"
                    + errors.entrySet().stream().map(e -> "\"" + e.getKey().replace("\"", "'") + "\":" + e.getValue())
                    .collect(Collectors.joining(",", "{", "}")) + "}");
        }
        if (Boolean.getBoolean("bench.threads")) {
            threadCpu();
        }
    }

    private static BatchRequest batch(String prefix, int n, ImageRequest template) {
        return BatchRequest.builder().addAll(IntStream.range(0, n)
                .mapToObj(i -> template.toBuilder().prompt(prefix + " " + i).build()).toList()).build();
    }

    private static String reason(BatchItem item) {
        String m = item.error().map(e -> e.getClass().getSimpleName() + ": " + e.getMessage()).orElse("");
        return m.length() > 80 ? m.substring(0, 80) : m;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double peakHeapMb() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak / (1024.0 * 1024);
    }

    /** Prints to stderr the CPU seconds of this process's threads, grouped by name (Linux only). */
    private static void threadCpu() throws java.io.IOException {
        long hz = 100;
        Map<String, Double> byName = new TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : tasks.toList()) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[-#0-9 ]+$", "");
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    byName.merge(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) hz, Double::sum);
                } catch (java.io.IOException | RuntimeException gone) {
                    // the thread ended
                }
            }
        }
        System.err.println("threads' CPU s (live threads only): " + byName);
    }
}
