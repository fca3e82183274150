package dev.fluxschnell.examples.cli;

import picocli.CommandLine.Option;

/** The option of the commands that run many input images through a model: how many at once. */
final class JobOptions {
    @Option(names = "--concurrency", defaultValue = "4", description = "predictions in flight (default: "
            + "${DEFAULT-VALUE})")
    int concurrency;

    /** Refuses a concurrency outside 1-1000 (exit code 2, before anything else). */
    static void checkConcurrency(int concurrency) {
        if (concurrency < 1 || concurrency > 1000) {
            throw new Session.UsageException("--concurrency must be between 1 and 1000, was " + concurrency);
        }
    }
}
