package dev.fluxschnell.examples.cli;

import dev.fluxschnell.sdk.prompts.PromptEntry;
import dev.fluxschnell.sdk.request.Model;
import dev.fluxschnell.sdk.request.ModelDescription;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flux generate "prompt"}: one prompt, as a one-row prompt file over the options — its predictions' images
 * stored in the output directory, counted and priced before anything is built.
 */
@Command(name = "generate", mixinStandardHelpOptions = true, description = "Generate images for one prompt "
        + "(flux-schnell unless --model says otherwise: flux-dev, FLUX 1.1 Pro and Ultra, FLUX.2). A flag the model "
        + "does not take, or a value it refuses, exits 2 naming the flag, before anything is sent.")
final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "the prompt")
    String prompt;

    @Mixin
    Options options;

    @Mixin
    SpendOptions spend;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws IOException {
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
        return new PaidRun(spec, "generate", common, spend, 10).run(plan);
    }
}
