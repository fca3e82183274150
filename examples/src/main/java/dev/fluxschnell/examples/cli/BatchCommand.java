package dev.fluxschnell.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fluxschnell.sdk.pricing.CostEstimate;
import dev.fluxschnell.sdk.request.ModelRequest;
import dev.fluxschnell.sdk.pricing.Pricing;
import dev.fluxschnell.sdk.request.Step;
import dev.fluxschnell.sdk.batch.BatchItem;
import dev.fluxschnell.sdk.batch.BatchJournal;
import dev.fluxschnell.sdk.batch.BatchOutcome;
import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.batch.BatchResult;
import dev.fluxschnell.sdk.batch.TimeEstimate;
import dev.fluxschnell.sdk.prompts.Catalogue;
import dev.fluxschnell.sdk.prompts.CatalogueRow;
import dev.fluxschnell.sdk.prompts.PromptEntry;
import dev.fluxschnell.sdk.prompts.PromptFile;
import dev.fluxschnell.sdk.prompts.PromptTemplate;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import dev.fluxschnell.sdk.storage.StoredImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
 * {@code flux batch FILE}: generates every row of a prompt file — or, with {@code --template}, of a catalogue of
 * variables — into an output directory, resuming from the directory's manifest (the SDK's batch journal), with a cost
 * and time estimate, a budget guard, a dry run, live progress, a summary and an optional gallery.
 */
@Command(name = "batch", mixinStandardHelpOptions = true,
        description = "Generate images for every row of a .txt, .csv or .jsonl file ('-': standard input).")
final class BatchCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "prompt file, any model's requests: "
            + ".txt (a prompt per line, options after ' | '), .csv or .jsonl (columns: model and that model's wire "
            + "names; local images relative to the file; see docs/cli.md); with a template, a catalogue of its "
            + "variables (none with --template-file: the product of its variables' values); '-' reads standard input")
    String file;

    @Mixin
    Options options;

    @Mixin
    CommonOptions common;

    @Option(names = "--concurrency", defaultValue = "10", description = "predictions in flight (default: "
            + "${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--estimate", description = "print the cost and time estimate and exit without spending anything")
    boolean estimateOnly;

    @Option(names = "--dry-run", description = "check every row and print each prediction that would be sent (line, "
            + "model, its inputs exactly as sent, the SDK's settings, images, cost); needs no token and sends nothing")
    boolean dryRun;

    @Option(names = "--budget", description = "refuse to start when the estimate (its upper bound) exceeds this many "
            + "USD")
    BigDecimal budget;

    @Option(names = "--gallery", description = "write index.html with every stored image")
    boolean gallery;

    @Option(names = "--then", paramLabel = "STEP", converter = StepConverter.class, description = "a step after "
            + "each prompt, repeatable, applied in order: remove-background[:white], upscale[:2|:4] (a row's own "
            + "'then' replaces them)")
    List<Step> then = new ArrayList<>();

    @Option(names = "--template", paramLabel = "TEXT", description = "a prompt template, e.g. \"studio photo of "
            + "{product}, {color} background\": FILE's columns are its variables")
    String template;

    @Option(names = "--template-file", paramLabel = "FILE", description = "a saved template (JSON: name, template, "
            + "defaults, variables); without FILE rows, the cartesian product of its variables")
    Path templateFile;

    @Option(names = "--name", paramLabel = "PATTERN", description = "output file names, e.g. \"{line:03}-{slug}\" "
            + "({line}, {line:0N}, {slug}, {name}: the row's name; default: the row's name when it has one, else the "
            + "storage's <date>/<prediction id>)")
    String name;

    @Option(names = "--s3", paramLabel = "s3://bucket/prefix", description = "store images in S3 instead of --out "
            + "(credentials and region from the AWS default chain; --out still holds the manifest and gallery)")
    URI s3;

    @Option(names = "--s3-endpoint", paramLabel = "URL", description = "an S3-compatible endpoint (MinIO, R2, Ceph)")
    URI s3Endpoint;

    @Option(names = "--s3-path-style", description = "use path-style S3 addressing (most S3-compatible stores)")
    boolean s3PathStyle;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = common.json ? spec.commandLine().getErr() : spec.commandLine().getOut();
        ImageJob.checkLimits(concurrency, budget);
        List<PromptEntry> entries = Requests.checked(this::entries);
        List<Item> rows = new ArrayList<>();
        BatchRequest.Builder builder = BatchRequest.builder();
        for (PromptEntry e : entries) {
            List<ModelRequest> runs = e.runs(1); // the count is among the defaults: --count, or the row's own
            runs.forEach(run -> rows.add(new Item(e, run)));
            String stem = NamePattern.stem(name, e);
            if (stem != null) {
                builder.addAll(runs, stem); // a name used twice fails here: exit 2, nothing sent
            } else {
                builder.addAll(runs);
            }
        }
        if (dryRun) {
            return dryRun(rows);
        }
        if (!estimateOnly) {
            common.checkOut();
        }
        Manifest manifest = Manifest.in(common.out);
        ProgressPrinter progress = new ProgressPrinter(out, !common.json && System.console() != null);
        BatchRequest batch = builder.maxConcurrency(concurrency).listener(progress)
                .journal(Manifest.BATCH_ID, manifest).build();
        List<Integer> toRun = ImageJob.toRun(batch, manifest.load());
        int resumed = rows.size() - toRun.size();
        int predictions = 0;
        List<CostEstimate> left = new ArrayList<>();
        for (int i : toRun) {
            left.add(Pricing.DEFAULT.estimate(rows.get(i).run()));
            predictions += Requests.predictions(rows.get(i).run());
        }
        CostEstimate estimate = Pricing.sum(left);
        out.printf("%d prompt(s) in %s, %d already stored in %s, %d to generate: %s; %s%n", rows.size(), source(),
                resumed, common.out, rows.size() - resumed, estimate, TimeEstimate.of(predictions));
        if (estimateOnly) {
            out.flush();
            return 0;
        }
        if (ImageJob.overBudget(spec.commandLine().getErr(), estimate, budget)) {
            return FluxCli.OVER_BUDGET;
        }
        BatchResult result = null;
        boolean sandbox = false;
        if (resumed < rows.size()) {
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

    /**
     * The settings every row starts from: the request options, and {@code --then} (a row's own {@code then} replaces
     * it), by prompt-file keys.
     */
    private Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>(options.defaults());
        if (!then.isEmpty()) {
            defaults.put("then", String.join(",", then.stream().map(s -> s.spec().orElseThrow()).toList()));
        }
        return defaults;
    }

    /**
     * The file's rows as entries, over the options: a prompt file (any model's requests; local image paths relative
     * to the file, or to the working directory for standard input), or a catalogue expanded by the template.
     */
    private List<PromptEntry> entries() throws IOException {
        if (template != null && templateFile != null) {
            throw new Session.UsageException("give either --template or --template-file, not both");
        }
        PromptTemplate t = template != null ? PromptTemplate.of(template)
                : templateFile != null ? PromptTemplate.load(templateFile) : null;
        Map<String, String> defaults = defaults();
        if (file == null) {
            if (templateFile == null) {
                throw new Session.UsageException("Missing required parameter: 'FILE' (a prompt file, or a catalogue "
                        + "with --template)");
            }
            return t.expand(defaults);
        }
        if (t == null && !file.equals("-")) {
            return PromptFile.read(Path.of(file), defaults);
        }
        List<CatalogueRow> catalogue;
        if (file.equals("-")) {
            byte[] in = System.in.readAllBytes();
            catalogue = Catalogue.parse(stdinName(in), in);
        } else {
            catalogue = Catalogue.read(Path.of(file));
        }
        return t == null ? PromptFile.entries(catalogue, defaults, Path.of("").toAbsolutePath())
                : t.expand(catalogue, defaults);
    }

    /** Standard input has no extension: JSON lines start with '{', a CSV's header names 'prompt' or has commas. */
    private static String stdinName(byte[] in) {
        String head = new String(in, 0, Math.min(in.length, 4096), StandardCharsets.UTF_8).stripLeading();
        if (head.startsWith("{")) {
            return "stdin.jsonl";
        }
        String first = head.lines().findFirst().orElse("");
        return first.contains(",") && !first.contains(" | ") ? "stdin.csv" : "stdin.txt";
    }

    private String source() {
        return file == null ? "the template's variables" : file.equals("-") ? "standard input" : file;
    }

    /**
     * {@code --dry-run}: every prediction that would be sent — its line, model, wire inputs exactly as sent (the
     * style applied; images by URL or file name) and the SDK's settings beside them, and its cost — as lines or (with
     * --json) JSON objects; needs no token, sends nothing, exit 0.
     */
    private int dryRun(List<Item> rows) {
        PrintWriter out = spec.commandLine().getOut();
        List<CostEstimate> all = new ArrayList<>();
        int predictions = 0;
        for (Item row : rows) {
            ModelRequest r = row.run();
            CostEstimate cost = Pricing.DEFAULT.estimate(r);
            all.add(cost);
            predictions += Requests.predictions(r);
            if (common.json) {
                ObjectNode n = JSON.createObjectNode().put("line", row.line()).put("model", r.model().toString());
                n.set("inputs", Requests.json(r.sentInputs()));
                ObjectNode settings = n.putObject("settings");
                r.settings().forEach(settings::put);
                n.put("images", r.numOutputs()).put("cost_usd", cost.total());
                if (!cost.isExact()) {
                    n.put("cost_usd_low", cost.low());
                }
                try {
                    out.println(JSON.writeValueAsString(n));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            } else {
                out.printf(Locale.ROOT, "line %-4d %s %s%s | %d image(s) | $%s%n", row.line(), r.model(),
                        Requests.text(r.sentInputs()), r.settings().isEmpty() ? "" : " | " + Requests.text(r.settings()),
                        r.numOutputs(), cost.total().toPlainString() + (cost.isExact() ? "" : " at most"));
            }
        }
        PrintWriter info = common.json ? spec.commandLine().getErr() : out;
        info.printf("dry run: %d prediction(s) from %s, nothing sent: %s; %s%n", rows.size(), source(),
                Pricing.sum(all), TimeEstimate.of(predictions));
        out.flush();
        info.flush();
        return 0;
    }

    /**
     * One prediction of the batch (with its steps): the prompt-file entry it comes from, and what runs (its request,
     * or a pipeline of it and its steps).
     */
    record Item(PromptEntry entry, ModelRequest run) {
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
            ModelRequest r = rows.get(i).run();
            CostEstimate each = Pricing.DEFAULT.estimate(r);
            String costPerImage = each.total().divide(BigDecimal.valueOf(Math.max(1, r.numOutputs())), 6,
                    RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + (each.isExact() ? "" : " at most");
            // the seed the model used (it draws one when none was asked for); the requested one if it did not say
            OptionalLong seed = e.seed().isPresent() ? e.seed() : r.seed();
            for (StoredImage image : e.stored()) {
                URI location = image.location();
                boolean local = "file".equals(location.getScheme());
                String href = image.downloadUrl().map(URI::toString).orElseGet(() -> local
                        ? dir.relativize(Path.of(location).toAbsolutePath().normalize()).toString().replace('\\', '/')
                        : location.toString());
                cards.add(new Gallery.Card(href, r.summary(), r.model().toString(), Requests.shown(r),
                        local ? Gallery.size(Path.of(location)) : "", Gallery.format(image),
                        seed.isPresent() ? Long.toString(seed.getAsLong()) : "random", costPerImage));
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
        out.printf("  %-10s %.2f s%n", "time", r.elapsed().toMillis() / 1000.0);
        for (BatchItem item : r.items()) {
            if (item.outcome() != BatchOutcome.SUCCEEDED) {
                out.printf("  line %-4d %-9s %s: %s%n", rows.get(item.index()).line(), item.outcome(),
                        ProgressPrinter.shorten(item.request().summary()),
                        item.error().map(Throwable::getMessage).orElse(""));
            }
        }
    }
}
