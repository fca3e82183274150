package dev.fluxschnell.examples.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every command takes: where images go, how results are printed, and which API is called. */
final class CommonOptions {
    @Option(names = "--out", defaultValue = "out", description = "output directory (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--json", description = "print one JSON object per output image on stdout (path, prediction_id, "
            + "model, cost_usd); progress and messages go to stderr")
    boolean json;

    @Option(names = "--sandbox", description = "run against the bundled emulator: placeholder images, no cost")
    boolean sandbox;

    @Option(names = "--sandbox-if-no-token", description = "use the emulator only when REPLICATE_API_TOKEN is unset")
    boolean sandboxIfNoToken;

    @Option(names = "--base-url", paramLabel = "URL", description = "the Replicate API to call (default: "
            + "REPLICATE_BASE_URL, else https://api.replicate.com)")
    URI baseUrl;

    /**
     * Checks the output directory before anything is sent (and paid for): it must be a directory, or creatable, and
     * writable.
     */
    void checkOut() {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new Session.UsageException("--out " + out + " is a file, not a directory");
        }
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new Session.UsageException("--out " + out + " cannot be created: " + e.getMessage());
        }
        if (!Files.isWritable(out)) {
            throw new Session.UsageException("--out " + out + " is not writable");
        }
    }
}
