package dev.fluxschnell.examples.cli;

import dev.fluxschnell.sdk.GeneratedImage;
import dev.fluxschnell.sdk.GenerationResult;
import dev.fluxschnell.sdk.ImageRequest;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flux generate "prompt"}: one prediction, its images stored in the output directory. */
@Command(name = "generate", mixinStandardHelpOptions = true, description = "Generate images for one prompt.")
final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "the prompt")
    String prompt;

    @Mixin
    Options options;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ImageRequest request = options.template(prompt); // invalid input fails here, before anything is sent
        options.checkOut();
        try (Session s = Session.open(options.sandbox, options.sandboxIfNoToken, LocalFileStorage.of(options.out),
                1, 1, spec.commandLine().getErr())) {
            GenerationResult r = s.client.generate(request);
            for (GeneratedImage img : r.images()) {
                out.println(img.location());
            }
            out.printf("prediction %s, %d image(s), $%s, %.1f s%n", r.predictionId(), r.images().size(),
                    r.cost().toPlainString(), r.elapsed().toMillis() / 1000.0);
            if (s.sandbox) {
                out.println(Session.SANDBOX_BANNER);
            }
            out.flush();
            return 0;
        }
    }
}
