package dev.fluxschnell.examples.cli;

import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.batch.BatchResult;
import dev.fluxschnell.sdk.prompts.PromptEntry;
import dev.fluxschnell.sdk.result.GenerationResult;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flux generate "prompt"}: one prompt, as a one-row prompt file over the options — its predictions' images
 * stored in the output directory.
 */
@Command(name = "generate", mixinStandardHelpOptions = true, description = "Generate images for one prompt "
        + "(flux-schnell unless --model says otherwise).")
final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "the prompt")
    String prompt;

    @Mixin
    Options options;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        // invalid input fails here, before anything is sent
        PromptEntry entry = Requests.commandLine(Map.of("prompt", prompt), options.defaults());
        BatchRequest batch = BatchRequest.builder().addAll(entry.runs(1)).build();
        common.checkOut();
        PrintWriter info = common.json ? spec.commandLine().getErr() : out;
        try (Session s = Session.open(common, LocalFileStorage.of(common.out), Math.min(batch.size(), 10),
                batch.size(), spec.commandLine().getErr())) {
            BatchResult result = s.client.generateBatch(batch);
            ResultPrinter printer = new ResultPrinter(out, common.json);
            for (GenerationResult r : result.results()) {
                printer.print(r);
                info.printf("prediction %s, %d image(s), $%s, %.1f s%n", r.predictionId(), r.images().size(),
                        r.cost().toPlainString(), r.elapsed().toMillis() / 1000.0);
            }
            result.errors().forEach(e -> spec.commandLine().getErr().println("error: " + e.getMessage()));
            if (s.sandbox) {
                info.println(Session.SANDBOX_BANNER);
            }
            out.flush();
            info.flush();
            return result.allSucceeded() ? 0 : 1;
        }
    }
}
