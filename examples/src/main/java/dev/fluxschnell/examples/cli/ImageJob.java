package dev.fluxschnell.examples.cli;

import dev.fluxschnell.sdk.pricing.CostEstimate;
import dev.fluxschnell.sdk.request.ModelRequest;
import dev.fluxschnell.sdk.pricing.Pricing;
import dev.fluxschnell.sdk.batch.BatchItem;
import dev.fluxschnell.sdk.batch.BatchJournal;
import dev.fluxschnell.sdk.batch.BatchOutcome;
import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.batch.BatchResult;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs the requests of {@code flux edit} and {@code flux inpaint} as one resumable batch into {@code --out}: the
 * estimate, the budget guard, progress, the images on stdout, and the exit code. The output directory's manifest makes
 * a rerun after a crash or a kill skip what was stored.
 */
final class ImageJob {
    private ImageJob() {}

    /** Refuses a concurrency outside 1-1000 and a negative budget (exit code 2, before anything else). */
    static void checkLimits(int concurrency, BigDecimal budget) {
        if (concurrency < 1 || concurrency > 1000) {
            throw new Session.UsageException("--concurrency must be between 1 and 1000, was " + concurrency);
        }
        if (budget != null && budget.signum() < 0) {
            throw new Session.UsageException("--budget must be 0 or more USD, was " + budget.toPlainString());
        }
    }

    /** The indices of the batch's items the manifest has not stored yet (what a run would still pay for). */
    static List<Integer> toRun(BatchRequest batch, Map<String, BatchJournal.Entry> stored) {
        List<Integer> left = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            BatchJournal.Entry e = stored.get(batch.itemKeys().get(i));
            if (e == null || !e.isStored()) {
                left.add(i);
            }
        }
        return left;
    }

    /** Whether the estimate exceeds the budget; if so says so on {@code err}. */
    static boolean overBudget(PrintWriter err, CostEstimate estimate, BigDecimal budget) {
        if (budget == null || estimate.total().compareTo(budget) <= 0) {
            return false;
        }
        err.printf("error: estimated cost $%s exceeds the budget of $%s; nothing was sent%n",
                estimate.total().toPlainString(), budget.toPlainString());
        err.flush();
        return true;
    }

    static int run(CommandSpec spec, CommonOptions common, JobOptions job, List<? extends ModelRequest> requests) {
        int concurrency = job.concurrency;
        BigDecimal budget = job.budget;
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter info = common.json ? err : out;
        checkLimits(concurrency, budget);
        Manifest manifest = Manifest.in(common.out);
        BatchRequest batch = BatchRequest.builder().addAll(requests).maxConcurrency(concurrency)
                .listener(new ProgressPrinter(info, !common.json && System.console() != null))
                .journal(Manifest.BATCH_ID, manifest).build();
        List<CostEstimate> left = new ArrayList<>();
        for (int i : toRun(batch, manifest.load())) {
            left.add(Pricing.DEFAULT.estimate(requests.get(i)));
        }
        CostEstimate estimate = Pricing.sum(left);
        info.printf("%d item(s), %d already stored in %s, %d to run: %s%n", requests.size(),
                requests.size() - left.size(), common.out, left.size(), estimate);
        info.flush();
        if (job.estimateOnly) {
            return 0;
        }
        if (overBudget(err, estimate, budget)) {
            return FluxCli.OVER_BUDGET;
        }
        common.checkOut();
        try (Session s = Session.open(common, LocalFileStorage.of(common.out), concurrency, requests.size(), err)) {
            BatchResult result = s.client.generateBatch(batch);
            ResultPrinter printer = new ResultPrinter(out, common.json);
            result.results().forEach(printer::print);
            for (BatchItem item : result.items()) {
                if (item.outcome() != BatchOutcome.SUCCEEDED) {
                    err.printf("error: %s: %s%n", ProgressPrinter.shorten(item.request().summary()),
                            item.error().map(Throwable::getMessage).orElse(item.outcome().toString()));
                }
            }
            info.printf("%d image(s), $%s, %.1f s%n", result.imageCount(), result.totalCost().toPlainString(),
                    result.elapsed().toMillis() / 1000.0);
            if (s.sandbox) {
                info.println(Session.SANDBOX_BANNER);
            }
            out.flush();
            info.flush();
            err.flush();
            return result.allSucceeded() ? 0 : 1;
        }
    }
}
