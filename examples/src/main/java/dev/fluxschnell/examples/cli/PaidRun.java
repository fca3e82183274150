package dev.fluxschnell.examples.cli;

import dev.fluxschnell.sdk.batch.BatchItem;
import dev.fluxschnell.sdk.batch.BatchJournal;
import dev.fluxschnell.sdk.batch.BatchOutcome;
import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.batch.BatchResult;
import dev.fluxschnell.sdk.batch.TimeEstimate;
import dev.fluxschnell.sdk.errors.FluxSchnellClientException;
import dev.fluxschnell.sdk.errors.FluxSchnellException;
import dev.fluxschnell.sdk.errors.NotFoundException;
import dev.fluxschnell.sdk.errors.StorageException;
import dev.fluxschnell.sdk.pricing.CostEstimate;
import dev.fluxschnell.sdk.pricing.Pricing;
import dev.fluxschnell.sdk.storage.ImageStorage;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The steps every paying command shares, in this order: check the API and the destination (exit 2), count and price
 * the plan before building anything ({@code --estimate} stops here), the budget (exit 3), the confirmation above
 * $1.00 or 100 predictions (exit 3), the prediction limit (exit 2); then build the batch (output names checked, exit
 * 2), journal it in {@code --out}, send what is not stored yet, print each item's images as they are stored, and sum
 * up — items paid for but not stored included, with how to store them without paying again.
 */
final class PaidRun {
    /** Where a run's images go, opened once the run's options are checked and closed after it. */
    interface Destination extends AutoCloseable {
        /** {@return the storage the client stores into} */
        ImageStorage storage();

        @Override
        default void close() {
        }
    }

    /**
     * A batch built from rows.
     *
     * @param batch the batch
     * @param rowOfItem each item's row, in item order (for messages, the dry run and the gallery)
     */
    record Built(BatchRequest batch, List<Plan.Row> rowOfItem) {}

    /**
     * What a run did, for what its command adds after it (the gallery).
     *
     * @param built the batch
     * @param entries what the journal records of its items now, by item key
     * @param sandbox whether it ran against the emulator
     */
    record Ran(Built built, Map<String, BatchJournal.Entry> entries, boolean sandbox) {}

    /** What a command adds once its run is done (the gallery). */
    interface After {
        /** Runs after the run, with what it did. */
        void after(Ran ran) throws IOException;
    }

    /** The SDK's message for output names that collide once numbered names items by index: {@code (item 3)}. */
    /** A run above this cost (USD, the estimate's upper bound) asks before it spends, unless {@code --yes}. */
    private static final BigDecimal CONFIRM_ABOVE_USD = new BigDecimal("1.00");
    /** A run of more predictions than this asks before it spends, unless {@code --yes}. */
    private static final long CONFIRM_ABOVE_PREDICTIONS = 100;
    private static final Pattern ITEM = Pattern.compile("\\(item (\\d+)\\)");

    private final Cli.Io io;
    private final String command;
    private final CommonOptions common;
    private final SpendOptions spend;
    private final int concurrency;
    private boolean printPaths = true;
    private Supplier<Destination> destination;
    private After after = ran -> { };

    /**
     * A run of {@code command} (what its journal batch is named by: {@code batch}, {@code again <id>}, ...).
     *
     * @param io where the command prints
     * @param command the command's name in the journal
     * @param common where images go, how they are printed, which API
     * @param spend the estimate, budget, confirmation, limit and resume options
     * @param concurrency predictions in flight
     */
    PaidRun(Cli.Io io, String command, CommonOptions common, SpendOptions spend, int concurrency) {
        this.io = io;
        this.command = command;
        this.common = common;
        this.spend = spend;
        this.concurrency = concurrency;
        JobOptions.checkConcurrency(concurrency);
        this.destination = () -> () -> LocalFileStorage.of(common.out);
    }

    /** {@return this run, printing no image paths without {@code --json} (a batch prints its summary only)} */
    PaidRun withoutPaths() {
        printPaths = false;
        return this;
    }

    /** {@return this run, storing images where {@code destination} opens (default {@code --out})} */
    PaidRun storingIn(Supplier<Destination> destination) {
        this.destination = destination;
        return this;
    }

    /** {@return this run, doing {@code after} once it is done} */
    PaidRun then(After after) {
        this.after = after;
        return this;
    }

    /**
     * Runs the plan, every step in order (see the class comment).
     *
     * @param plan what the command would run, counted
     * @return the exit code: 0 done, 1 an item failed, 3 over budget or not confirmed
     * @throws Session.UsageException for a problem with the options, the API, the destination, the limit or the
     *     output names (exit code 2, nothing sent)
     */
    int run(Plan plan) throws IOException {
        PrintWriter err = io.err();
        PrintWriter info = common.json ? err : io.out();
        spend.check();
        common.checkOut();
        Session.Api api = spend.estimateOnly ? null : Session.api(common);
        try (Destination dest = spend.estimateOnly ? null : destination.get()) {
            long predictions = plan.predictions();
            CostEstimate cost = plan.cost();
            info.printf("%s: %s; %s%n", plan.what(), cost, TimeEstimate.of((int) Math.min(predictions,
                    Integer.MAX_VALUE)));
            info.flush();
            if (spend.estimateOnly) {
                return 0;
            }
            if (overBudget(err, cost, spend.budget) || !confirmed(api, predictions, cost, err)) {
                return FluxCli.OVER_BUDGET;
            }
            plan.checkLimit(spend.maxPredictions);
            return send(plan.rows(), api, dest, info, err);
        }
    }

    private int send(List<Plan.Row> rows, Session.Api api, Destination dest, PrintWriter info, PrintWriter err)
            throws IOException {
        Manifest manifest = Manifest.forRun(common.out, spend.fresh ? Manifest.Resume.NONE
                : api.sandbox() ? Manifest.Resume.STORED : Manifest.Resume.ALL);
        String batchId = Manifest.batchId(command, api.key());
        ResultPrinter images = new ResultPrinter(io.out(), common.json, printPaths);
        ProgressPrinter progress = new ProgressPrinter(info, !common.json && System.console() != null, images);
        Built built = build(rows, b -> b.maxConcurrency(concurrency).listener(progress).journal(batchId, manifest));
        common.createOut();
        List<Integer> left = toRun(built.batch(), manifest.load(batchId));
        int stored = built.batch().size() - left.size();
        info.printf("%d already stored in %s%s, %d to run: %s%n", stored, common.out, stored > 0
                ? " (--fresh makes them again)" : "", left.size(), Pricing.sum(left.stream()
                .map(i -> Pricing.DEFAULT.estimate(built.batch().items().get(i))).toList()));
        info.flush();
        BatchResult result = null;
        if (!left.isEmpty()) {
            try (Session s = Session.open(api, dest.storage(), concurrency, spend.maxPredictions, err)) {
                result = s.client.generateBatch(built.batch());
            }
            summary(result, built.rowOfItem(), api, info, err);
        }
        after.after(new Ran(built, manifest.load(batchId), api.sandbox()));
        if (api.sandbox()) {
            info.println(Session.SANDBOX_BANNER);
        }
        info.flush();
        err.flush();
        io.out().flush();
        return result == null || result.allSucceeded() ? 0 : FluxCli.API_ERROR;
    }

    /**
     * {@return the batch of {@code rows}, each row's requests under its name} Output names that are unsafe, taken
     * twice or collide once numbered (ignoring case) are refused naming the rows.
     *
     * @param rows the rows, in order
     * @param settings the batch's other settings
     * @throws Session.UsageException naming the rows whose output names collide (exit code 2, nothing sent)
     */
    static Built build(List<Plan.Row> rows, UnaryOperator<BatchRequest.Builder> settings) {
        BatchRequest.Builder b = settings.apply(BatchRequest.builder());
        List<Plan.Row> rowOfItem = new ArrayList<>();
        for (Plan.Row row : rows) {
            try {
                if (row.stem() == null) {
                    b.addAll(row.runs());
                } else {
                    b.addAll(row.runs(), row.stem());
                }
            } catch (IllegalArgumentException e) {
                throw new Session.UsageException(row.where() + ": " + e.getMessage());
            }
            row.runs().forEach(r -> rowOfItem.add(row));
        }
        try {
            return new Built(b.build(), rowOfItem);
        } catch (IllegalArgumentException e) { // names that collide once numbered: the SDK names the items by index
            Matcher m = ITEM.matcher(e.getMessage());
            StringBuilder text = new StringBuilder();
            while (m.find()) {
                int item = Integer.parseInt(m.group(1));
                m.appendReplacement(text, Matcher.quoteReplacement(item < rowOfItem.size()
                        ? "(" + rowOfItem.get(item).where() + ")" : m.group()));
            }
            m.appendTail(text);
            throw new Session.UsageException(text.toString());
        }
    }

    /** The indices of the batch's items the journal has not stored yet (what a run would still pay for). */
    private static List<Integer> toRun(BatchRequest batch, Map<String, BatchJournal.Entry> journaled) {
        List<Integer> left = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            BatchJournal.Entry e = journaled.get(batch.itemKeys().get(i));
            if (e == null || !e.isStored()) {
                left.add(i);
            }
        }
        return left;
    }

    /** Whether the estimate exceeds the budget; if so says so on {@code err}. */
    private static boolean overBudget(PrintWriter err, CostEstimate estimate, BigDecimal budget) {
        if (budget == null || estimate.total().compareTo(budget) <= 0) {
            return false;
        }
        err.printf("error: estimated cost $%s exceeds the budget of $%s; nothing was sent%n",
                estimate.total().toPlainString(), budget.toPlainString());
        err.flush();
        return true;
    }

    /**
     * Whether the run may spend: the sandbox (no cost), {@code --yes}, a run within $1.00 and 100 predictions, or a
     * "y" on the terminal; elsewhere it says what it would spend and that {@code --yes} runs it.
     */
    private boolean confirmed(Session.Api api, long predictions, CostEstimate cost, PrintWriter err) {
        if (api.sandbox() || spend.yes || cost.total().compareTo(CONFIRM_ABOVE_USD) <= 0
                && predictions <= CONFIRM_ABOVE_PREDICTIONS) {
            return true;
        }
        String spending = predictions + " prediction(s) costing up to $" + cost.total().toPlainString();
        Console terminal = terminal();
        if (terminal != null) {
            err.flush();
            String answer = terminal.readLine("This run makes %s. Send it? [y/N] ", spending);
            if (answer != null && List.of("y", "yes").contains(answer.strip().toLowerCase(Locale.ROOT))) {
                return true;
            }
            err.println("error: not confirmed; nothing was sent");
        } else {
            err.printf("error: this run makes %s, more than $%s or %d predictions; nothing was sent: add --yes to run "
                    + "it%n", spending, CONFIRM_ABOVE_USD.toPlainString(),
                    CONFIRM_ABOVE_PREDICTIONS);
        }
        err.flush();
        return false;
    }

    /** The terminal to ask on, or null when the CLI is not run on one (a script, a pipe, a test). */
    private static Console terminal() {
        Console console = System.console();
        if (console == null) {
            return null;
        }
        try { // Java 22+ gives a Console off a terminal too: then isTerminal() says whether it is one
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console) ? console : null;
        } catch (ReflectiveOperationException e) {
            return console;
        }
    }

    /**
     * The summary: images made, what was billed (items paid for but not stored included), each failed item by its
     * row, the items paid for but not stored with how to store them, and journaled predictions the API did not know.
     */
    private void summary(BatchResult r, List<Plan.Row> rowOfItem, Session.Api api, PrintWriter info,
                         PrintWriter err) {
        int made = r.items().stream().mapToInt(i -> i.result().filter(g -> !g.cached()).map(g -> g.images().size())
                .orElse(0)).sum();
        int failed = r.items().size() - r.succeeded().size();
        info.printf(Locale.ROOT, "%d image(s), $%s, %.1f s%s%n", made, r.totalCost().toPlainString(),
                r.elapsed().toMillis() / 1000.0, failed == 0 ? "" : ", " + failed + " failed");
        int unknown = 0;
        for (BatchItem item : r.items()) {
            FluxSchnellException e = item.error().orElse(null);
            if (item.outcome() == BatchOutcome.SUCCEEDED) {
                continue;
            }
            if (unknownToApi(e)) {
                unknown++;
                continue;
            }
            err.printf("error: %s: %s%n", rowOfItem.get(item.index()).where(),
                    e == null ? item.outcome() : oneLine(e.getMessage()));
        }
        List<BatchItem> paid = r.paidButNotStored();
        if (!paid.isEmpty()) {
            String ids = paid.stream().map(i -> i.error().flatMap(FluxSchnellException::predictionId).orElse("?"))
                    .collect(Collectors.joining(", "));
            BigDecimal cost = paid.stream().map(i -> ((StorageException) i.error().orElseThrow()).cost())
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            if (api.sandbox()) {
                err.printf("error: %d item(s) made but not stored (prediction %s); the sandbox bills nothing: run "
                        + "again to make them anew%n", paid.size(), ids);
            } else {
                err.printf("error: %d item(s) paid for ($%s, counted in the cost above) but not stored: prediction "
                        + "%s. Run the same command again within an hour to store them without paying again%n",
                        paid.size(), cost.toPlainString(), ids);
            }
        }
        if (unknown > 0) {
            err.printf("error: %d item(s) in %s name predictions unknown to %s (the journal was written against "
                    + "another API or account): add --fresh to make them anew, or use another --out%n", unknown,
                    common.out.resolve(Manifest.FILE), api.key());
        }
    }

    /** Whether the SDK failed an item because its journaled prediction is unknown to the API (a 404 on resume). */
    private static boolean unknownToApi(Throwable e) {
        return e instanceof FluxSchnellClientException && !(e instanceof StorageException)
                && e.getCause() instanceof NotFoundException;
    }

    /** {@return the text on one line: line breaks (and the spaces around them) become one space} */
    static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
