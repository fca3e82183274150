package dev.fluxschnell.examples.cli;

import dev.fluxschnell.sdk.request.AspectRatio;
import dev.fluxschnell.sdk.request.EditModel;
import dev.fluxschnell.sdk.request.EditRequest;
import dev.fluxschnell.sdk.request.InputField;
import dev.fluxschnell.sdk.request.InputImage;
import dev.fluxschnell.sdk.request.ModelDescription;
import dev.fluxschnell.sdk.request.OutputFormat;
import dev.fluxschnell.sdk.request.Resolution;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * {@code flux edit INPUT... --prompt TEXT}: edits each input image with an instruction (Kontext, FLUX.2 — with
 * {@code --ref}, several reference images in one edit) or re-imagines it (flux-dev image to image); many inputs run as
 * one resumable batch.
 */
final class EditCommand implements Cli.Command {
    // the command line, as declare() binds it
    List<String> inputs = new ArrayList<>();
    List<String> references = new ArrayList<>();
    String prompt;
    EditModel model = EditModel.of("kontext-pro");
    Double strength;
    Long seed;
    AspectRatio aspect;
    String resolution;
    String size;
    OutputFormat format;
    Integer count;
    final JobOptions job = new JobOptions();
    final SpendOptions spend = new SpendOptions();
    final CommonOptions common = new CommonOptions();

    @Override
    public void declare(Cli.Spec spec) {
        spec.describe("Edit images with an instruction (Kontext, FLUX.2 — with --ref, from several reference images) "
                + "or re-imagine them from a prompt (flux-dev image to image). A flag the model does not take, or a "
                + "value it refuses, exits 2 naming the flag, before anything is sent.");
        spec.parameters("INPUT", 1, Integer.MAX_VALUE, "a PNG, JPEG, WebP or GIF file, a directory of them, or an "
                + "https:// URL: one edit each", v -> inputs.add(v));
        spec.repeatableOption("--ref", "IMAGE", "a further reference image of the edit (a file or an https:// URL), "
                + "after the INPUT, repeatable, in order; FLUX.2 only: flux-2-pro and flux-2-max take 8 images in all, "
                + "flux-2-flex 10, flux-2-klein-* 5, flux-2-dev 4", text -> text, references::add);
        spec.requiredOption("--prompt", "PROMPT", "the instruction (\"make the bag red\", \"the person of image 1 "
                + "wearing the jacket of image 2\"), or for flux-dev the prompt of the new image", v -> prompt = v);
        spec.option("--model", "MODEL", "kontext-pro, kontext-max, kontext-dev, flux-dev, flux-2-pro, flux-2-max, "
                + "flux-2-flex, flux-2-dev, flux-2-klein-4b, flux-2-klein-9b (default: kontext-pro)", EditModel::of,
                v -> model = v);
        spec.option("--strength", "0..1", "flux-dev: how far from the source, 0..1 (default 0.8)", Flags::number,
                v -> strength = v);
        spec.option("--seed", "N", "fixed seed", Flags::longInteger, v -> seed = v);
        spec.option("--aspect-ratio", "ASPECT", "Kontext, FLUX.2: the output's aspect ratio (default: the source's)",
                AspectRatio::of, v -> aspect = v);
        spec.option("--resolution", "MP", "FLUX.2: the megapixels made: \"0.5 MP\", \"1 MP\" (default), \"2 MP\", \"4 "
                + "MP\" or match_input_image (pro, max, flex); Klein 0.25, 0.5, 1, 2, 4", v -> resolution = v);
        spec.option("--size", "WxH", "FLUX.2: an exact output size in pixels, e.g. 1024x768, on the model's grid "
                + "(multiples of 32 on flux-2-pro, 16 on flux-2-max); not with --aspect-ratio or --resolution",
                v -> size = v);
        spec.option("--format", "FORMAT", "webp, jpg, png (default: the model's; Kontext Pro: png)", OutputFormat::of,
                v -> format = v);
        spec.option("--count", "N", "flux-dev: images per input, 1..4", Flags::integer, v -> count = v);
        job.declare(spec);
        spend.declare(spec);
        common.declare(spec);
    }

    /** A flag given, its value as typed, and what it sets on an edit's builder. */
    private record Setting(String flag, Object value, Consumer<EditRequest.Builder> apply) {}

    @Override
    public int call(Cli.Io io) throws IOException {
        if (size != null && (aspect != null || resolution != null)) {
            throw new Session.UsageException("give either --size or --aspect-ratio/--resolution, not both");
        }
        List<InputImage> sources = Inputs.all(inputs); // bad inputs fail here: exit code 2, nothing sent
        List<InputImage> refs = references.stream().map(Inputs::one).toList();
        List<Setting> settings = settings();
        check(sources.get(0), refs, settings);
        List<EditRequest> requests = new ArrayList<>();
        for (InputImage image : sources) {
            EditRequest.Builder b = EditRequest.builder().model(model).image(image).prompt(prompt);
            refs.forEach(b::reference); // the same references after each INPUT
            settings.forEach(s -> s.apply().accept(b));
            requests.add(b.build());
        }
        return new PaidRun(io, "edit", common, spend, job.concurrency).run(Plan.requests(requests, job.name));
    }

    /** The flags given, each with what it sets. */
    private List<Setting> settings() {
        List<Setting> s = new ArrayList<>();
        if (strength != null) {
            s.add(new Setting("--strength", strength, b -> b.strength(strength)));
        }
        if (seed != null) {
            s.add(new Setting("--seed", seed, b -> b.seed(seed)));
        }
        if (aspect != null) {
            s.add(new Setting("--aspect-ratio", aspect.value(), b -> b.aspectRatio(aspect)));
        }
        if (resolution != null) {
            Resolution r;
            try {
                r = Resolution.of(resolution);
            } catch (IllegalArgumentException e) {
                throw new Session.UsageException(Flags.refused("--resolution", resolution, e.getMessage()));
            }
            s.add(new Setting("--resolution", r.value(), b -> b.resolution(r)));
        }
        if (size != null) {
            int[] wh = size(size);
            s.add(new Setting("--size", size, b -> b.size(wh[0], wh[1])));
        }
        if (format != null) {
            s.add(new Setting("--format", format.value(), b -> b.outputFormat(format)));
        }
        if (count != null) {
            s.add(new Setting("--count", count, b -> b.numOutputs(count)));
        }
        return s;
    }

    /**
     * Checks each flag on its own, and the references, on an edit of {@code first}, so that what the model refuses is
     * reported naming the flag (exit code 2, nothing sent).
     */
    private void check(InputImage first, List<InputImage> refs, List<Setting> settings) {
        for (Setting s : settings) {
            EditRequest.Builder b = EditRequest.builder().model(model).image(first).prompt(prompt);
            s.apply().accept(b);
            try {
                b.build();
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new Session.UsageException(Flags.refused(s.flag(), String.valueOf(s.value()), e.getMessage()));
            }
        }
        if (refs.isEmpty()) {
            return;
        }
        EditRequest.Builder b = EditRequest.builder().model(model).image(first).prompt(prompt);
        refs.forEach(b::reference);
        try {
            b.build(); // the SDK refuses more images than the model's schema allows
        } catch (IllegalArgumentException | IllegalStateException e) {
            Optional<InputField> images = imageList(model);
            if (images.isEmpty()) {
                throw new Session.UsageException("--ref: " + model.value() + " edits one image; --ref is for the "
                        + "models that edit several: " + String.join(", ", Arrays.stream(EditModel.values())
                        .filter(m -> imageList(m).isPresent()).map(EditModel::value).toList()));
            }
            OptionalInt max = images.get().maxItems();
            throw new Session.UsageException("--ref: " + (max.isPresent() ? model.value() + " takes at most "
                    + max.getAsInt() + " images in all (the INPUT and " + (max.getAsInt() - 1) + " --ref), was "
                    + "given " + (1 + refs.size()) : e.getMessage()));
        }
    }

    /** The input of a model that reads a list of images (the image to edit and its references), if it has one. */
    private static Optional<InputField> imageList(EditModel model) {
        return ModelDescription.of(model.model()).orElseThrow().schema().fields().values().stream()
                .filter(f -> f.type() == InputField.Type.URI_LIST).findFirst();
    }

    /** {@code --size WxH} as width and height, both positive. */
    private static int[] size(String value) {
        String[] parts = value.strip().split("[xX×]", -1);
        try {
            if (parts.length == 2) {
                int w = Integer.parseInt(parts[0].strip());
                int h = Integer.parseInt(parts[1].strip());
                if (w > 0 && h > 0) {
                    return new int[] {w, h};
                }
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new Session.UsageException("--size must be WIDTHxHEIGHT in whole pixels, e.g. 1024x768, was '" + value
                + "'");
    }
}
