package dev.fluxschnell.examples.cli;

import dev.fluxschnell.sdk.request.AspectRatio;
import dev.fluxschnell.sdk.request.EditModel;
import dev.fluxschnell.sdk.request.EditRequest;
import dev.fluxschnell.sdk.request.InputImage;
import dev.fluxschnell.sdk.request.OutputFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flux edit INPUT... --prompt TEXT}: edits each input image with an instruction (Kontext Pro or Dev) or
 * re-imagines it (flux-dev image to image); many inputs run as one resumable batch.
 */
@Command(name = "edit", mixinStandardHelpOptions = true, description = "Edit images with an instruction (Kontext) or "
        + "re-imagine them from a prompt (flux-dev image to image).")
final class EditCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "a PNG, JPEG, WebP or GIF file, a directory of "
            + "them, or an https:// URL")
    List<String> inputs;

    @Option(names = "--prompt", required = true, description = "the instruction (\"make the bag red\"), or for "
            + "flux-dev the prompt of the new image")
    String prompt;

    @Option(names = "--model", defaultValue = "kontext-pro", converter = ModelConverter.class,
            description = "kontext-pro, kontext-dev, flux-dev (default: ${DEFAULT-VALUE})")
    EditModel model;

    @Option(names = "--strength", description = "flux-dev: how far from the source, 0..1 (default 0.8)")
    Double strength;

    @Option(names = "--seed", description = "fixed seed")
    Long seed;

    @Option(names = "--aspect-ratio", converter = Options.AspectConverter.class,
            description = "Kontext: the output's aspect ratio (default: the source's)")
    AspectRatio aspect;

    @Option(names = "--format", converter = Options.FormatConverter.class,
            description = "webp, jpg, png (default: the model's; Kontext Pro: png)")
    OutputFormat format;

    @Option(names = "--count", description = "flux-dev: images per input, 1..4")
    Integer count;

    @Mixin
    JobOptions job;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        List<EditRequest> requests = new ArrayList<>();
        for (InputImage image : Inputs.all(inputs)) { // bad inputs fail here: exit code 2, nothing sent
            EditRequest.Builder b = EditRequest.builder().model(model).image(image).prompt(prompt);
            if (strength != null) {
                b.strength(strength);
            }
            if (seed != null) {
                b.seed(seed);
            }
            if (aspect != null) {
                b.aspectRatio(aspect);
            }
            if (format != null) {
                b.outputFormat(format);
            }
            if (count != null) {
                b.numOutputs(count);
            }
            requests.add(b.build());
        }
        return ImageJob.run(spec, common, job, requests);
    }

    static final class ModelConverter implements ITypeConverter<EditModel> {
        @Override
        public EditModel convert(String value) {
            return EditModel.of(value);
        }
    }
}
