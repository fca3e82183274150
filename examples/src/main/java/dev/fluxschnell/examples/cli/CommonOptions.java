package dev.fluxschnell.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The options every command takes: where images go, how results are printed, and which API is called. */
final class CommonOptions extends ApiOptions {
    Path out = Path.of("out");
    boolean json;

    /** Declares these options (and {@code --sandbox}, {@code --base-url}) on {@code spec}. */
    @Override
    void declare(Cli.Spec spec) {
        super.declare(spec);
        spec.option("--out", "DIR", "output directory: images, the journal (manifest.jsonl) and the gallery (default: "
                + "out)", Path::of, v -> out = v);
        spec.flag("--json", "print one JSON object per output image on stdout as soon as it is stored (path, "
                + "prediction_id, model, cost_usd); progress and messages go to stderr", () -> json = true);
    }

    /** Refuses an {@code --out} that is a file (exit code 2), before anything is counted; creates nothing. */
    void checkOut() {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new Session.UsageException("--out " + out + " is a file, not a directory");
        }
    }

    /** Creates the output directory, before anything is sent (and paid for), and checks that it is writable. */
    void createOut() {
        checkOut();
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
