package dev.fluxschnell.examples.cli;

import dev.fluxschnell.sdk.request.InpaintModel;
import dev.fluxschnell.sdk.request.InpaintRequest;
import dev.fluxschnell.sdk.request.OutputFormat;
import dev.fluxschnell.sdk.request.Outpaint;
import java.io.IOException;
import java.util.List;

/** {@code flux inpaint INPUT --mask MASK --prompt TEXT}: repaints an image where its mask is white (Fill Pro or Dev). */
final class InpaintCommand implements Cli.Command {
    // the command line, as declare() binds it
    String input;
    String mask;
    boolean maskInAlpha;
    String prompt;
    InpaintModel model = InpaintModel.of("fill-pro");
    Outpaint outpaint;
    Long seed;
    OutputFormat format;
    boolean matchInputSize;
    final JobOptions job = new JobOptions();
    final SpendOptions spend = new SpendOptions();
    final CommonOptions common = new CommonOptions();

    @Override
    public void declare(Cli.Spec spec) {
        spec.describe("Repaint an image where a mask is white, or extend it (--outpaint), with Fill Pro or Fill Dev.");
        spec.parameters("INPUT", 1, 1, "a PNG, JPEG, WebP or GIF file, or an https:// URL", v -> input = v);
        spec.option("--mask", "MASK", "black and white, the image's size: white is repainted, black kept (a file or "
                + "an https:// URL); required unless --outpaint or --mask-in-alpha", v -> mask = v);
        spec.flag("--mask-in-alpha", "INPUT carries the mask in its alpha channel: transparent pixels are repainted "
                + "(a PNG or WebP; no --mask)", () -> maskInAlpha = true);
        spec.requiredOption("--prompt", "PROMPT", "what to paint", v -> prompt = v);
        spec.option("--model", "MODEL", "fill-pro, fill-dev (default: fill-pro)", InpaintModel::of, v -> model = v);
        spec.option("--outpaint", "OUTPAINT", "fill-pro: extend the image instead: 'Zoom out 1.5x', 'Zoom out 2x', "
                + "'Make square', 'Left outpaint', 'Right outpaint', 'Top outpaint', 'Bottom outpaint'", Outpaint::of,
                v -> outpaint = v);
        spec.option("--seed", "N", "fixed seed", Flags::longInteger, v -> seed = v);
        spec.option("--format", "FORMAT", "jpg, png (fill-dev also webp; default: the model's)", OutputFormat::of,
                v -> format = v);
        spec.flag("--match-input-size", "fill-dev: keep the source's size (up to 1440x1440) instead of about 1 "
                + "megapixel", () -> matchInputSize = true);
        job.declare(spec);
        spend.declare(spec);
        common.declare(spec);
    }

    @Override
    public int call(Cli.Io io) throws IOException {
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
        return new PaidRun(io, "inpaint", common, spend, job.concurrency).run(Plan.requests(List.of(request),
                job.name));
    }
}
