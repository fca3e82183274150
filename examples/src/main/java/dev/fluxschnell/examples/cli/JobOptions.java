package dev.fluxschnell.examples.cli;

import java.math.BigDecimal;
import picocli.CommandLine.Option;

/** The options of the commands that run images through a model: how many at once, and what they may cost. */
final class JobOptions {
    @Option(names = "--concurrency", defaultValue = "4", description = "predictions in flight (default: "
            + "${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--budget", description = "refuse to start when the estimate (its upper bound, for models billed "
            + "by GPU time) exceeds this many USD")
    BigDecimal budget;

    @Option(names = "--estimate", description = "print the cost estimate and exit without spending anything")
    boolean estimateOnly;
}
