package dev.fluxschnell.examples.cli;

import dev.fluxschnell.sdk.request.Background;
import dev.fluxschnell.sdk.request.BackgroundModel;
import dev.fluxschnell.sdk.request.InputImage;
import dev.fluxschnell.sdk.request.RemoveBackgroundRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** {@code flux remove-background INPUT... [--background transparent|white] [--model bria|851-labs]}. */
final class RemoveBackgroundCommand implements Cli.Command {
    // the command line, as declare() binds it
    List<String> inputs = new ArrayList<>();
    Background background = Background.of("transparent");
    BackgroundModel model;
    final JobOptions job = new JobOptions();
    final SpendOptions spend = new SpendOptions();
    final CommonOptions common = new CommonOptions();

    @Override
    public void declare(Cli.Spec spec) {
        spec.describe("Remove images' backgrounds: transparent (Bria) or white (851-labs).");
        spec.parameters("INPUT", 1, Integer.MAX_VALUE, "a PNG, JPEG, WebP or GIF file, a directory of them, or an "
                + "https:// URL", v -> inputs.add(v));
        spec.option("--background", "BACKGROUND", "transparent, white (default: transparent)", Background::of,
                v -> background = v);
        spec.option("--model", "MODEL", "bria (transparent only, per image), 851-labs (GPU time) (default: bria for "
                + "transparent, 851-labs for white)", BackgroundModel::of, v -> model = v);
        job.declare(spec);
        spend.declare(spec);
        common.declare(spec);
    }

    @Override
    public int call(Cli.Io io) throws IOException {
        List<RemoveBackgroundRequest> requests = new ArrayList<>();
        for (InputImage image : Inputs.all(inputs)) {
            RemoveBackgroundRequest.Builder b = RemoveBackgroundRequest.builder().image(image).background(background);
            if (model != null) {
                b.model(model);
            }
            requests.add(b.build());
        }
        return new PaidRun(io, "remove-background", common, spend, job.concurrency).run(Plan.requests(requests,
                job.name));
    }
}
