package dev.fluxschnell.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fluxschnell.sdk.pricing.CostEstimate;
import dev.fluxschnell.sdk.request.ModelRequest;
import dev.fluxschnell.sdk.pricing.Pricing;
import dev.fluxschnell.sdk.request.Step;
import dev.fluxschnell.sdk.batch.BatchJournal;
import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.batch.TimeEstimate;
import dev.fluxschnell.sdk.prompts.Catalogue;
import dev.fluxschnell.sdk.prompts.CatalogueRow;
import dev.fluxschnell.sdk.prompts.PromptEntry;
import dev.fluxschnell.sdk.prompts.PromptFile;
import dev.fluxschnell.sdk.prompts.PromptFileException;
import dev.fluxschnell.sdk.prompts.PromptTemplate;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * {@code flux batch FILE}: generates every row of a prompt file — or, with {@code --template}, of a catalogue of
 * variables — into an output directory, resuming from the directory's journal, counted and priced before anything is
 * expanded ({@link PaidRun}), with a dry run, live progress, a summary and an optional gallery.
 */
final class BatchCommand implements Cli.Command {
    private Cli.Io io;

    // the command line, as declare() binds it
    String file;
    final Options options = new Options();
    final CommonOptions common = new CommonOptions();
    int concurrency = 10;
    final SpendOptions spend = new SpendOptions();
    boolean dryRun;
    boolean gallery;
    List<Step> then = new ArrayList<>();
    String template;
    Path templateFile;
    String name;
    URI s3;
    URI s3Endpoint;
    boolean s3PathStyle;

    @Override
    public void declare(Cli.Spec spec) {
        spec.describe("Generate images for every row of a .txt, .csv or .jsonl file ('-': standard input).");
        spec.parameters("FILE", 0, 1, "prompt file, any model's requests: .txt (a prompt per line, options after ' | "
                + "'), .csv or .jsonl (columns: model and that model's wire names; local images relative to the file; "
                + "see docs/cli.md); with a template, a catalogue of its variables (none with --template-file: the "
                + "product of its variables' values); '-' reads standard input", v -> file = v);
        options.declare(spec);
        common.declare(spec);
        spec.option("--concurrency", "N", "predictions in flight (default: 10)", Flags::integer, v -> concurrency = v);
        spend.declare(spec);
        spec.flag("--dry-run", "check every row and print each prediction that would be sent (line, model, its inputs "
                + "exactly as sent, the SDK's settings, images, cost); needs no token and sends nothing",
                () -> dryRun = true);
        spec.flag("--gallery", "write index.html with every stored image", () -> gallery = true);
        spec.repeatableOption("--then", "STEP", "a step after each prompt, repeatable, applied in order to every image: "
                + "remove-background[:white] (Bria; white: 851-labs), upscale[:2|:4|:recraft-crisp] (Real-ESRGAN 4x "
                + "by default), edit:INSTRUCTION (Kontext Pro); a row's own 'then' replaces them (docs/cli.md, "
                + "\"Steps\")", Step::parse, then::add);
        spec.option("--template", "TEXT", "a prompt template, e.g. \"studio photo of {product}, {color} background\": "
                + "FILE's columns are its variables", v -> template = v);
        spec.option("--template-file", "FILE", "a saved template (JSON: name, template, defaults, variables); without "
                + "FILE rows, the cartesian product of its variables", Path::of, v -> templateFile = v);
        spec.option("--name", "PATTERN", "output file names, e.g. \"{line:03}-{slug}\" or \"{sku}\": {line}, {slug} "
                + "(the prompt in lower-case words), {name} (the row's name), and any column of FILE (a template's "
                + "variables too); {VAR:0N} pads a number to N digits (default: the row's name when it has one, else "
                + "the storage's <date>/<prediction id>)", v -> name = v);
        spec.option("--s3", "s3://bucket/prefix", "store images in S3 instead of --out (credentials and region from "
                + "the AWS default chain; --out still holds the journal and gallery)", URI::create, v -> s3 = v);
        spec.option("--s3-endpoint", "URL", "an S3-compatible endpoint (MinIO, R2, Ceph)", URI::create,
                v -> s3Endpoint = v);
        spec.flag("--s3-path-style", "use path-style S3 addressing (most S3-compatible stores)",
                () -> s3PathStyle = true);
    }

    @Override
    public int call(Cli.Io io) throws IOException {
        this.io = io;
        JobOptions.checkConcurrency(concurrency);
        spend.check();
        Plan plan = plan();
        if (dryRun) {
            plan.checkLimit(spend.maxPredictions);
            return dryRun(PaidRun.build(plan.rows(), b -> b));
        }
        PaidRun run = new PaidRun(io, "batch", common, spend, concurrency).withoutPaths();
        if (s3 != null) {
            run.storingIn(() -> S3Target.open(s3, s3Endpoint, s3PathStyle));
        }
        if (gallery) {
            run.then(this::gallery);
        }
        return run.run(plan);
    }

    /**
     * A row's entry, with the columns it was written with (a template's entry is made of them: its variables, and
     * columns such as {@code sku} that are neither a variable nor a setting), for {@code --name}.
     */
    private record Row(PromptEntry entry, Map<String, String> columns) {
        /** {@return the name of this row's images: {@code --name}, else the row's own name, else null} */
        String stem(NamePattern names) {
            if (names == null) {
                return entry.name().orElse(null);
            }
            Map<String, String> values = new LinkedHashMap<>(columns);
            values.put("line", Integer.toString(entry.line()));
            values.put("slug", NamePattern.slug(entry.request().prompt()));
            entry.name().ifPresent(n -> values.put("name", n));
            return names.apply(values, entry.row().where());
        }
    }

    /** {@return each entry with its columns: those of {@code catalogue}'s row of the same index, else of its own} */
    private static List<Row> rows(List<PromptEntry> entries, List<CatalogueRow> catalogue) {
        return IntStream.range(0, entries.size()).mapToObj(i -> new Row(entries.get(i),
                (catalogue == null ? entries.get(i).row() : catalogue.get(i)).values())).toList();
    }

    /**
     * What the command runs, counted before anything is expanded: one part per row of a prompt file or catalogue, or
     * (a saved template alone) one part of all its combinations. A flag no row's model takes is refused.
     */
    private Plan plan() throws IOException {
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
            return combinations(t, defaults);
        }
        List<CatalogueRow> catalogue = catalogue();
        List<Row> rows = checked(catalogue.size(), () -> entries(t, catalogue, defaults));
        // a flag no row's model takes would be left out of every row: a mistake, not a default
        options.checkTaken(rows.stream().map(r -> r.entry().request().model()).collect(Collectors.toCollection(
                LinkedHashSet::new)));
        NamePattern names = NamePattern.of(name, NamePattern.rowVariables(rows.stream()
                .flatMap(r -> r.columns().keySet().stream()).collect(Collectors.toCollection(LinkedHashSet::new))));
        return new Plan(rows.size() + " prompt(s) in " + source(), rows.stream()
                .map(r -> Plan.entry(r.entry(), r.entry().row().where(), r.stem(names))).toList());
    }

    /**
     * A saved template's every combination as one part, counted and priced from one combination: nothing is expanded
     * before the run is allowed, and more combinations than a batch may make are refused naming the file and line.
     */
    private Plan combinations(PromptTemplate t, Map<String, String> defaults) {
        long combinations = t.combinations();
        if (combinations < 1 || combinations > BatchRequest.MAX_PREDICTIONS) {
            t.expand(defaults); // refuses before expanding: a variable without values, or too many combinations
        }
        Map<String, List<String>> first = new LinkedHashMap<>();
        t.variableNames().forEach(v -> first.put(v, List.of(t.variables().get(v).get(0))));
        PromptEntry sample = checked(1, () -> t.withVariables(first).expand(defaults).get(0));
        options.checkTaken(List.of(sample.request().model()));
        NamePattern names = NamePattern.of(name, NamePattern.rowVariables(t.variableNames()));
        Plan.Part one = Plan.entry(sample, "", null);
        String where = t.where().orElse(String.valueOf(templateFile));
        Plan.Part all = new Plan.Part(where, Plan.times(one.predictions(), combinations),
                Plan.times(one.cost(), combinations), () -> {
                    List<CatalogueRow> values = t.combinationRows();
                    return rows(t.expand(values, defaults), values).stream().flatMap(r -> Plan.entry(r.entry(),
                            where + " (combination " + r.entry().line() + ")", r.stem(names)).rows().get().stream())
                            .toList();
                });
        return new Plan(combinations + " prompt(s) from the variables of " + templateFile, List.of(all));
    }

    /**
     * The settings every row starts from: the request options, and {@code --then} (a row's own {@code then} replaces
     * it), by prompt-file keys.
     */
    private Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>(options.defaults());
        if (!then.isEmpty()) {
            defaults.put("then", Step.join(then)); // a comma in an edit's instruction escaped
        }
        return defaults;
    }

    /** The file's rows as written: a prompt file's, or a catalogue's (standard input for {@code -}). */
    private List<CatalogueRow> catalogue() throws IOException {
        if (file.equals("-")) {
            byte[] in = System.in.readAllBytes();
            return Catalogue.parse(stdinName(in), in);
        }
        return Catalogue.read(Path.of(file));
    }

    /**
     * The rows as entries, over the options: a prompt file's (any model's requests; local image paths relative to the
     * file, or to the working directory for standard input), or a catalogue's expanded by the template.
     */
    private List<Row> entries(PromptTemplate t, List<CatalogueRow> catalogue, Map<String, String> defaults) {
        if (t != null) {
            return rows(t.expand(catalogue, defaults), catalogue);
        }
        Path folder = file.equals("-") ? Path.of("") : Path.of(file).toAbsolutePath().getParent();
        return rows(PromptFile.entries(catalogue, defaults, folder.toAbsolutePath()), null);
    }

    /**
     * {@return what {@code reader} reads from {@code rows} rows} A problem every row has — a value they inherit from
     * the options — is reported once: naming the flag when it is one's (the flag's value refused on its own), else as
     * every row's.
     */
    private <T> T checked(int rows, Supplier<T> reader) {
        try {
            return reader.get();
        } catch (PromptFileException e) {
            List<String> what = e.problems().stream().map(Requests::withoutWhere).distinct().toList();
            if (what.size() > 1 || e.problems().size() < Math.min(rows, PromptFileException.MAX_PROBLEMS)) {
                throw e; // not every row's
            }
            Optional<Options.Refused> flag = options.refused(options.model())
                    .filter(r -> r.problem().equals(what.get(0)));
            if (flag.isPresent()) {
                throw flag.get().usage();
            }
            throw rows > 1 ? new Session.UsageException("every row: " + what.get(0)) : e;
        }
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
    private int dryRun(PaidRun.Built built) {
        PrintWriter out = io.out();
        List<CostEstimate> all = new ArrayList<>();
        ObjectMapper json = common.json ? new ObjectMapper() : null;
        for (int i = 0; i < built.batch().size(); i++) {
            ModelRequest r = built.batch().items().get(i);
            int line = built.rowOfItem().get(i).entry().line();
            CostEstimate cost = Pricing.DEFAULT.estimate(r);
            all.add(cost);
            if (common.json) {
                ObjectNode n = json.createObjectNode().put("line", line).put("model", r.model().toString());
                n.set("inputs", Requests.json(r.sentInputs()));
                ObjectNode settings = n.putObject("settings");
                r.settings().forEach(settings::put);
                n.put("images", r.numOutputs()).put("cost_usd", cost.total());
                if (!cost.isExact()) {
                    n.put("cost_usd_low", cost.low());
                }
                try {
                    out.println(json.writeValueAsString(n));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            } else {
                out.printf(Locale.ROOT, "line %-4d %s %s%s | %d image(s) | $%s%n", line, r.model(),
                        Requests.text(r.sentInputs()), r.settings().isEmpty() ? "" : " | " + Requests.text(r.settings()),
                        r.numOutputs(), cost.total().toPlainString() + (cost.isExact() ? "" : " at most"));
            }
        }
        PrintWriter info = common.json ? io.err() : out;
        info.printf("dry run: %d prediction(s) from %s, nothing sent: %s; %s%n", built.batch().size(), source(),
                Pricing.sum(all), TimeEstimate.of((int) built.batch().predictionCount()));
        out.flush();
        info.flush();
        return 0;
    }

    /** Writes the gallery of every image the journal records for the batch's items, in the file's order. */
    private void gallery(PaidRun.Ran ran) throws IOException {
        PrintWriter info = common.json ? io.err() : io.out();
        info.println("gallery: " + Gallery.write(common.out, cards(ran), ran.sandbox()).toAbsolutePath());
    }

    private List<Gallery.Card> cards(PaidRun.Ran ran) {
        Path dir = common.out.toAbsolutePath().normalize();
        BatchRequest batch = ran.built().batch();
        List<Gallery.Card> cards = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            BatchJournal.Entry e = ran.entries().get(batch.itemKeys().get(i));
            if (e == null) {
                continue;
            }
            ModelRequest r = batch.items().get(i);
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
}
