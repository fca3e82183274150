package dev.fluxschnell.examples.cli;

import dev.fluxschnell.sdk.request.InpaintModel;
import dev.fluxschnell.sdk.request.InpaintRequest;
import dev.fluxschnell.sdk.request.OutputFormat;
import dev.fluxschnell.sdk.request.Outpaint;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flux inpaint INPUT --mask MASK --prompt TEXT}: repaints an image where its mask is white (Fill Pro or Dev). */
@Command(name = "inpaint", mixinStandardHelpOptions = true, description = "Repaint an image where a mask is white, or "
        + "extend it (--outpaint), with Fill Pro or Fill Dev.")
final class InpaintCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "INPUT", description = "a PNG, JPEG, WebP or GIF file, or an https:// URL")
    String input;

    @Option(names = "--mask", paramLabel = "MASK", description = "black and white, the image's size: white is "
            + "repainted, black kept (a file or an https:// URL); required unless --outpaint or --mask-in-alpha")
    String mask;

    @Option(names = "--mask-in-alpha", description = "INPUT carries the mask in its alpha channel: transparent "
            + "pixels are repainted (a PNG or WebP; no --mask)")
    boolean maskInAlpha;

    @Option(names = "--prompt", required = true, description = "what to paint")
    String prompt;

    @Option(names = "--model", defaultValue = "fill-pro", converter = ModelConverter.class,
            description = "fill-pro, fill-dev (default: ${DEFAULT-VALUE})")
    InpaintModel model;

    @Option(names = "--outpaint", converter = OutpaintConverter.class, description = "fill-pro: extend the image "
            + "instead: 'Zoom out 1.5x', 'Zoom out 2x', 'Make square', 'Left outpaint', 'Right outpaint', "
            + "'Top outpaint', 'Bottom outpaint'")
    Outpaint outpaint;

    @Option(names = "--seed", description = "fixed seed")
    Long seed;

    @Option(names = "--format", converter = Options.FormatConverter.class,
            description = "jpg, png (fill-dev also webp; default: the model's)")
    OutputFormat format;

    @Option(names = "--match-input-size", description = "fill-dev: keep the source's size (up to 1440x1440) "
            + "instead of about 1 megapixel")
    boolean matchInputSize;

    @Mixin
    JobOptions job;

    @Mixin
    SpendOptions spend;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws IOException {
        InpaintRequest.Builder b = InpaintRequest.builder().model(model).image(Inputs.one(input)).prompt(prompt);
        if (mask != null) {
            b.mask(Inputs.one(mask));
        }
        if (outpaint != null) {
            b.outpaint(outpaint);
        }
        if (seed != null) {
            b.seed(seed);
        }
        if (format != null) {
            b.outputFormat(format);
        }
        if (matchInputSize) {
            b.matchInputSize(true);
        }
        if (maskInAlpha) {
            b.maskInAlpha();
        }
        InpaintRequest request = b.build(); // bad inputs and a mask of the wrong size fail here: exit code 2
        return new PaidRun(spec, "inpaint", common, spend, job.concurrency).run(Plan.requests(List.of(request),
                job.name));
    }

    static final class ModelConverter implements ITypeConverter<InpaintModel> {
        @Override
        public InpaintModel convert(String value) {
            return InpaintModel.of(value);
        }
    }

    static final class OutpaintConverter implements ITypeConverter<Outpaint> {
        @Override
        public Outpaint convert(String value) {
            return Outpaint.of(value);
        }
    }
}
