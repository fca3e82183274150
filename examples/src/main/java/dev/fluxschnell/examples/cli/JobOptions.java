package dev.fluxschnell.examples.cli;

import picocli.CommandLine.Option;

/** The options of the commands that run input images through a model: how many at once, and what to call outputs. */
final class JobOptions {
    @Option(names = "--concurrency", defaultValue = "4", description = "predictions in flight (default: "
            + "${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--name", paramLabel = "PATTERN", description = "output file names, e.g. \"{source}-red\": "
            + "{source} is the input file's name without its extension; several images of one input are numbered "
            + "-1, -2, ... (default: the storage's <date>/<prediction id>)")
    String name;

    /** Refuses a concurrency outside 1-1000 (exit code 2, before anything else). */
    static void checkConcurrency(int concurrency) {
        if (concurrency < 1 || concurrency > 1000) {
            throw new Session.UsageException("--concurrency must be between 1 and 1000, was " + concurrency);
        }
    }
}
