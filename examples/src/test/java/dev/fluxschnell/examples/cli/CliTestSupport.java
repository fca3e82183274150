package dev.fluxschnell.examples.cli;

import dev.fluxschnell.sdk.batch.BatchJournal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

/** Runs the CLI in-process and captures what it prints. */
final class CliTestSupport {
    record Run(int code, String out, String err) {}

    private CliTestSupport() {}

    /**
     * What the journal in {@code out} records of {@code command}'s runs against {@code api}: {@link Manifest#SANDBOX},
     * or an API's base URL.
     */
    static Map<String, BatchJournal.Entry> journal(Path out, String command, String api) {
        return Manifest.in(out).load(Manifest.batchId(command, api));
    }

    /** What the journal in {@code out} records of sandbox runs of {@code command}. */
    static Map<String, BatchJournal.Entry> sandboxJournal(Path out, String command) {
        return journal(out, command, Manifest.SANDBOX);
    }

    static Run flux(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = FluxCli.run(args, new Cli.Io(new PrintWriter(out, true), new PrintWriter(err, true)));
        return new Run(code, out.toString(), err.toString());
    }
}
