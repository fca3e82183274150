package dev.fluxschnell.examples.cli;

import dev.fluxschnell.sdk.request.Background;
import dev.fluxschnell.sdk.request.BackgroundModel;
import dev.fluxschnell.sdk.request.InputImage;
import dev.fluxschnell.sdk.request.RemoveBackgroundRequest;
import java.io.IOException;
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

/** {@code flux remove-background INPUT... [--background transparent|white] [--model bria|851-labs]}. */
@Command(name = "remove-background", mixinStandardHelpOptions = true, description = "Remove images' backgrounds: "
        + "transparent (Bria) or white (851-labs).")
final class RemoveBackgroundCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "a PNG, JPEG, WebP or GIF file, a directory of "
            + "them, or an https:// URL")
    List<String> inputs;

    @Option(names = "--background", defaultValue = "transparent", converter = BackgroundConverter.class,
            description = "transparent, white (default: ${DEFAULT-VALUE})")
    Background background;

    @Option(names = "--model", converter = ModelConverter.class, description = "bria (transparent only, per image), "
            + "851-labs (GPU time) (default: bria for transparent, 851-labs for white)")
    BackgroundModel model;

    @Mixin
    JobOptions job;

    @Mixin
    SpendOptions spend;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws IOException {
        List<RemoveBackgroundRequest> requests = new ArrayList<>();
        for (InputImage image : Inputs.all(inputs)) {
            RemoveBackgroundRequest.Builder b = RemoveBackgroundRequest.builder().image(image).background(background);
            if (model != null) {
                b.model(model);
            }
            requests.add(b.build());
        }
        return new PaidRun(spec, "remove-background", common, spend, job.concurrency).run(Plan.requests(requests,
                job.name));
    }

    static final class ModelConverter implements ITypeConverter<BackgroundModel> {
        @Override
        public BackgroundModel convert(String value) {
            return BackgroundModel.of(value);
        }
    }

    static final class BackgroundConverter implements ITypeConverter<Background> {
        @Override
        public Background convert(String value) {
            return Background.of(value);
        }
    }
}
