package dev.fluxschnell.examples.cli;

import dev.fluxschnell.sdk.request.InputImage;
import dev.fluxschnell.sdk.request.UpscaleModel;
import dev.fluxschnell.sdk.request.UpscaleRequest;
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

/** {@code flux upscale INPUT... [--scale 2|4] [--model real-esrgan|recraft-crisp]}: upscales each input image. */
@Command(name = "upscale", mixinStandardHelpOptions = true, description = "Upscale images 2× or 4× (Real-ESRGAN) or "
        + "with Recraft's crisp upscale.")
final class UpscaleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "a PNG, JPEG, WebP or GIF file, a directory of "
            + "them, or an https:// URL")
    List<String> inputs;

    @Option(names = "--scale", description = "2 or 4 (real-esrgan; default 4)")
    Integer scale;

    @Option(names = "--model", defaultValue = "real-esrgan", converter = ModelConverter.class,
            description = "real-esrgan (GPU time), recraft-crisp (per image) (default: ${DEFAULT-VALUE})")
    UpscaleModel model;

    @Option(names = "--face-enhance", description = "real-esrgan: enhance faces (GFPGAN)")
    boolean faceEnhance;

    @Mixin
    JobOptions job;

    @Mixin
    SpendOptions spend;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws IOException {
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
        return new PaidRun(spec, "upscale", common, spend, job.concurrency).run(Plan.requests(requests, job.name));
    }

    static final class ModelConverter implements ITypeConverter<UpscaleModel> {
        @Override
        public UpscaleModel convert(String value) {
            return UpscaleModel.of(value);
        }
    }
}
