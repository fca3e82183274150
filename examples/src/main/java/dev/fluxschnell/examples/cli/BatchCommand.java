package dev.fluxschnell.examples.cli;

import dev.fluxschnell.sdk.CostEstimate;
import dev.fluxschnell.sdk.ImageRequest;
import dev.fluxschnell.sdk.ModelRequest;
import dev.fluxschnell.sdk.Step;
import dev.fluxschnell.sdk.Pricing;
import dev.fluxschnell.sdk.batch.BatchItem;
import dev.fluxschnell.sdk.batch.BatchJournal;
import dev.fluxschnell.sdk.batch.BatchOutcome;
import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.prompts.PromptEntry;
import dev.fluxschnell.sdk.prompts.PromptFile;
import dev.fluxschnell.sdk.batch.BatchResult;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import dev.fluxschnell.sdk.storage.StoredImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flux batch prompts.txt|.csv|.jsonl}: generates every prompt of a file into an output directory, resuming
 * from the directory's manifest (the SDK's batch journal), with cost estimate, budget guard, live progress, summary and optional gallery.
 */
@Command(name = "batch", mixinStandardHelpOptions = true,
        description = "Generate images for every prompt of a .txt, .csv or .jsonl file.")
final class BatchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "prompt file: .txt (a prompt per line, options after ' | '), .csv or "
            + ".jsonl (columns: the request's wire names; see docs/cli.md)")
    Path file;

    @Mixin
    Options options;

    @Mixin
    CommonOptions common;

    @Option(names = "--concurrency", defaultValue = "10", description = "predictions in flight (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--estimate", description = "print the cost estimate and exit without spending anything")
    boolean estimateOnly;

    @Option(names = "--budget", description = "refuse to start when the estimate exceeds this many USD")
    BigDecimal budget;

    @Option(names = "--gallery", description = "write index.html with every stored image")
    boolean gallery;

    @Option(names = "--then", paramLabel = "STEP", converter = StepConverter.class, description = "a step after "
            + "each prompt, repeatable, applied in order: remove-background[:white], upscale[:2|:4]")
    List<Step> then = new ArrayList<>();

    @Option(names = "--s3", paramLabel = "s3://bucket/prefix", description = "store images in S3 instead of --out "
            + "(credentials and region from the AWS default chain; --out still holds the manifest and gallery)")
    java.net.URI s3;

    @Option(names = "--s3-endpoint", paramLabel = "URL", description = "an S3-compatible endpoint (MinIO, R2, Ceph)")
    java.net.URI s3Endpoint;

    @Option(names = "--s3-path-style", description = "use path-style S3 addressing (most S3-compatible stores)")
    boolean s3PathStyle;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = common.json ? spec.commandLine().getErr() : spec.commandLine().getOut();
        if (concurrency < 1 || concurrency > 1000) {
            throw new Session.UsageException("--concurrency must be between 1 and 1000, was " + concurrency);
        }
        if (budget != null && budget.signum() < 0) {
            throw new Session.UsageException("--budget must be 0 or more USD, was " + budget.toPlainString());
        }
        List<PromptEntry> entries = PromptFile.read(file, options::apply);
        List<Item> rows = new ArrayList<>();
        for (PromptEntry e : entries) {
            e.requests(options.count()).forEach(r -> rows.add(new Item(e, r, pipeline(r))));
        }
        if (!estimateOnly) {
            common.checkOut();
        }
        Manifest manifest = Manifest.in(common.out);
        ProgressPrinter progress = new ProgressPrinter(out, !common.json && System.console() != null);
        BatchRequest batch = BatchRequest.builder().addAll(rows.stream().map(Item::run).toList())
                .maxConcurrency(concurrency).listener(progress).journal(Manifest.BATCH_ID, manifest).build();
        Map<String, BatchJournal.Entry> before = manifest.load();
        int resumed = 0;
        List<CostEstimate> left = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            BatchJournal.Entry entry = before.get(batch.itemKeys().get(i));
            boolean stored = entry != null && entry.isStored();
            resumed += stored ? 1 : 0;
            if (!stored) {
                left.add(Pricing.DEFAULT.estimate(rows.get(i).run()));
            }
        }
        CostEstimate estimate = Pricing.sum(left);
        out.printf("%d prompt(s) in %s, %d already stored in %s, %d to generate: %s%n", rows.size(), file, resumed,
                common.out, rows.size() - resumed, estimate);
        if (estimateOnly) {
            out.flush();
            return 0;
        }
        if (budget != null && estimate.total().compareTo(budget) > 0) {
            spec.commandLine().getErr().printf("error: estimated cost $%s exceeds the budget of $%s; nothing was "
                    + "sent%n", estimate.total().toPlainString(), budget.toPlainString());
            return FluxCli.OVER_BUDGET;
        }
        BatchResult result = null;
        boolean sandbox = false;
        if (resumed < rows.size()) {
            Files.createDirectories(common.out);
            try (S3Target target = s3 == null ? null : S3Target.open(s3, s3Endpoint, s3PathStyle);
                 Session s = Session.open(common, target != null ? target.storage()
                         : LocalFileStorage.of(common.out), concurrency, rows.size(), spec.commandLine().getErr())) {
                sandbox = s.sandbox;
                result = s.client.generateBatch(batch);
            }
            if (common.json) {
                result.results().forEach(new ResultPrinter(spec.commandLine().getOut(), true)::print);
            }
            summary(out, rows, resumed, result);
        }
        if (gallery) {
            out.println("gallery: " + Gallery.write(common.out, cards(rows, batch, manifest.load()), sandbox)
                    .toAbsolutePath());
        }
        if (sandbox) {
            out.println(Session.SANDBOX_BANNER);
        }
        out.flush();
        return result == null || result.failed().isEmpty() && result.withOutcome(BatchOutcome.CANCELED).isEmpty()
                ? 0 : 1;
    }

    /** The request of a row, followed by the {@code --then} steps. */
    private ModelRequest pipeline(ImageRequest request) {
        ModelRequest r = request;
        for (Step step : then) {
            r = r.then(step);
        }
        return r;
    }

    /**
     * One item of the batch: the prompt-file entry it comes from, its flux-schnell request, and what runs (the request,
     * or a pipeline of it and the {@code --then} steps).
     */
    record Item(PromptEntry entry, ImageRequest request, ModelRequest run) {
        int line() {
            return entry.line();
        }
    }

    private List<Gallery.Card> cards(List<Item> rows, BatchRequest batch,
                                     Map<String, BatchJournal.Entry> manifest) {
        Path dir = common.out.toAbsolutePath().normalize();
        List<Gallery.Card> cards = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            BatchJournal.Entry e = manifest.get(batch.itemKeys().get(i));
            if (e == null) {
                continue;
            }
            ImageRequest r = rows.get(i).request();
            CostEstimate each = Pricing.DEFAULT.estimate(rows.get(i).run());
            String costPerImage = each.total().divide(java.math.BigDecimal.valueOf(Math.max(1, r.numOutputs())), 6,
                    java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString()
                    + (each.isExact() ? "" : " at most");
            // the seed the model used (it draws one when none was asked for); the requested one if it did not say
            OptionalLong seed = e.seed().isPresent() ? e.seed() : r.seed();
            for (StoredImage image : e.stored()) {
                URI location = image.location();
                String href = image.downloadUrl().map(URI::toString).orElseGet(() -> "file".equals(location.getScheme())
                        ? dir.relativize(Path.of(location).toAbsolutePath().normalize()).toString().replace('\\', '/')
                        : location.toString());
                cards.add(new Gallery.Card(href, r.prompt(), r.style().value(), r.aspectRatio().value(),
                        r.outputFormat().value(), seed.isPresent() ? Long.toString(seed.getAsLong()) : "random",
                        costPerImage));
            }
        }
        return cards;
    }

    private static void summary(PrintWriter out, List<Item> rows, int resumed, BatchResult r) {
        int generated = r.succeeded().stream().mapToInt(i -> i.result().filter(g -> !g.cached())
                .map(g -> g.images().size()).orElse(0)).sum();
        out.println();
        out.println("Batch summary");
        out.printf("  %-10s %d (%d resumed from the manifest)%n", "prompts", rows.size(), resumed);
        out.printf("  %-10s %d stored%n", "images", generated);
        out.printf("  %-10s %d%n", "failed", r.failed().size() + r.withOutcome(BatchOutcome.CANCELED).size());
        out.printf("  %-10s $%s%n", "cost", r.totalCost().toPlainString());
        out.printf("  %-10s %.1f s%n", "time", r.elapsed().toMillis() / 1000.0);
        for (BatchItem item : r.items()) {
            if (item.outcome() != BatchOutcome.SUCCEEDED) {
                out.printf("  line %-4d %-9s %s: %s%n", rows.get(item.index()).line(), item.outcome(),
                        ProgressPrinter.shorten(item.request().summary()),
                        item.error().map(Throwable::getMessage).orElse(""));
            }
        }
    }
}
