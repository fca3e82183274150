package dev.fluxschnell.examples.cli;

import dev.fluxschnell.sdk.ClientOptions;
import dev.fluxschnell.sdk.batch.BatchRequest;
import java.math.BigDecimal;

/**
 * The options of every command that creates predictions (and may spend money): the estimate, the budget, the
 * confirmation, the most predictions one run may create, and whether to resume from the output directory's journal.
 */
final class SpendOptions {
    boolean estimateOnly;
    BigDecimal budget;
    boolean yes;
    int maxPredictions = ClientOptions.DEFAULT_MAX_PREDICTIONS_PER_BATCH;
    boolean fresh;

    /** Declares these options on {@code spec}. */
    void declare(Cli.Spec spec) {
        spec.flag("--estimate", "print the prediction count, the cost and time estimate, and exit without sending "
                + "anything", () -> estimateOnly = true);
        spec.option("--budget", "USD", "refuse to start (exit 3) when the estimate (its upper bound, for models "
                + "billed by GPU time or megapixels) exceeds this many USD", Flags::decimal, v -> budget = v);
        spec.flag("-y, --yes", "run without asking even above $1.00 or 100 predictions (without it such a run asks on "
                + "a terminal, and elsewhere exits 3 having sent nothing)", () -> yes = true);
        spec.option("--max-predictions", "N", "the most predictions this run may create (default: "
                + ClientOptions.DEFAULT_MAX_PREDICTIONS_PER_BATCH + "; at most " + BatchRequest.MAX_PREDICTIONS
                + "); more exits 2 naming the row that passes it",
                Flags::integer, v -> maxPredictions = v);
        spec.flag("--fresh", "ignore what the output directory's journal recorded: make everything again (e.g. after "
                + "the journal's predictions turned out unknown to the API)", () -> fresh = true);
    }

    /** Refuses a negative budget and a prediction limit outside 1-100000 (exit code 2, before anything else). */
    void check() {
        if (budget != null && budget.signum() < 0) {
            throw new Session.UsageException("--budget must be 0 or more USD, was " + budget.toPlainString());
        }
        if (maxPredictions < 1 || maxPredictions > BatchRequest.MAX_PREDICTIONS) {
            throw new Session.UsageException("--max-predictions must be between 1 and " + BatchRequest.MAX_PREDICTIONS
                    + ", was " + maxPredictions);
        }
    }
}
