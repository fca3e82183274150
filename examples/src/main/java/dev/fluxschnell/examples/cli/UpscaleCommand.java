package dev.fluxschnell.examples.cli;

import dev.fluxschnell.sdk.request.InputImage;
import dev.fluxschnell.sdk.request.UpscaleModel;
import dev.fluxschnell.sdk.request.UpscaleRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** {@code flux upscale INPUT... [--scale 2|4] [--model real-esrgan|recraft-crisp]}: upscales each input image. */
final class UpscaleCommand implements Cli.Command {
    // the command line, as declare() binds it
    List<String> inputs = new ArrayList<>();
    Integer scale;
    UpscaleModel model = UpscaleModel.of("real-esrgan");
    boolean faceEnhance;
    final JobOptions job = new JobOptions();
    final SpendOptions spend = new SpendOptions();
    final CommonOptions common = new CommonOptions();

    @Override
    public void declare(Cli.Spec spec) {
        spec.describe("Upscale images 2× or 4× (Real-ESRGAN) or with Recraft's crisp upscale.");
        spec.parameters("INPUT", 1, Integer.MAX_VALUE, "a PNG, JPEG, WebP or GIF file, a directory of them, or an "
                + "https:// URL", v -> inputs.add(v));
        spec.option("--scale", "SCALE", "2 or 4 (real-esrgan; default 4)", Flags::integer, v -> scale = v);
        spec.option("--model", "MODEL", "real-esrgan (GPU time), recraft-crisp (per image) (default: real-esrgan)",
                UpscaleModel::of, v -> model = v);
        spec.flag("--face-enhance", "real-esrgan: enhance faces (GFPGAN)", () -> faceEnhance = true);
        job.declare(spec);
        spend.declare(spec);
        common.declare(spec);
    }

    @Override
    public int call(Cli.Io io) throws IOException {
        List<UpscaleRequest> requests = new ArrayList<>();
        for (InputImage image : Inputs.all(inputs)) {
            UpscaleRequest.Builder b = UpscaleRequest.builder().model(model).image(image);
            if (scale != null) {
                b.scale(scale);
            }
            if (faceEnhance) {
                b.faceEnhance(true);
            }
            requests.add(b.build());
        }
        return new PaidRun(io, "upscale", common, spend, job.concurrency).run(Plan.requests(requests, job.name));
    }
}
