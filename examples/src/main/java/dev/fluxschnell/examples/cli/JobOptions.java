package dev.fluxschnell.examples.cli;

/** The options of the commands that run input images through a model: how many at once, and what to call outputs. */
final class JobOptions {
    int concurrency = 4;
    String name;

    /** Declares these options on {@code spec}. */
    void declare(Cli.Spec spec) {
        spec.option("--concurrency", "N", "predictions in flight (default: 4)", Flags::integer, v -> concurrency = v);
        spec.option("--name", "PATTERN", "output file names, e.g. \"{source}-red\": {source} is the input file's name "
                + "without its extension; several images of one input are numbered -1, -2, ... (default: the "
                + "storage's <date>/<prediction id>)", v -> name = v);
    }

    /** Refuses a concurrency outside 1-1000 (exit code 2, before anything else). */
    static void checkConcurrency(int concurrency) {
        if (concurrency < 1 || concurrency > 1000) {
            throw new Session.UsageException("--concurrency must be between 1 and 1000, was " + concurrency);
        }
    }
}
