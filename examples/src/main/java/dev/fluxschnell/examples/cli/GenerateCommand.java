package dev.fluxschnell.examples.cli;

import dev.fluxschnell.sdk.prompts.PromptEntry;
import dev.fluxschnell.sdk.request.Model;
import dev.fluxschnell.sdk.request.ModelDescription;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * {@code flux generate "prompt"}: one prompt, as a one-row prompt file over the options — its predictions' images
 * stored in the output directory, counted and priced before anything is built.
 */
final class GenerateCommand implements Cli.Command {
    // the command line, as declare() binds it
    String prompt;
    final Options options = new Options();
    final SpendOptions spend = new SpendOptions();
    final CommonOptions common = new CommonOptions();

    @Override
    public void declare(Cli.Spec spec) {
        spec.describe("Generate images for one prompt (flux-schnell unless --model says otherwise: flux-dev, FLUX 1.1 "
                + "Pro and Ultra, FLUX.2). A flag the model does not take, or a value it refuses, exits 2 naming the "
                + "flag, before anything is sent.");
        spec.parameters("PROMPT", 1, 1, "the prompt", v -> prompt = v);
        options.declare(spec);
        spend.declare(spec);
        common.declare(spec);
    }

    @Override
    public int call(Cli.Io io) throws IOException {
        // invalid input fails here, before anything is counted or sent
        Map<String, String> defaults = options.defaults();
        Model model = options.model();
        if (!ModelDescription.of(model).map(d -> d.jobs().contains(ModelDescription.Job.GENERATE)).orElse(false)) {
            throw new Session.UsageException("--model " + options.model + " does not make images from text; it takes "
                    + "images: see flux edit, inpaint, upscale, remove-background");
        }
        options.checkTaken(List.of(model));
        options.checkValues(model);
        PromptEntry entry = Requests.commandLine(Map.of("prompt", prompt), defaults);
        Plan plan = new Plan("1 prompt", List.of(Plan.entry(entry, "--count " + options.count(), null)));
        return new PaidRun(io, "generate", common, spend, 10).run(plan);
    }
}
