package dev.fluxschnell.examples.cli;

import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.prompts.PromptFile;
import dev.fluxschnell.sdk.request.Model;
import dev.fluxschnell.sdk.request.ModelDescription;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The request options of {@code generate} and {@code batch}. They become the settings every prompt starts from — a
 * map of the same keys a prompt-file row uses ({@link #defaults()}), so a flag and a row's {@code key=value} mean the
 * same thing, and a row's own settings win. This is the one place the CLI names request settings; what they mean,
 * and what each model accepts, is the SDK's {@link dev.fluxschnell.sdk.prompts.PromptFile}. Settings not given are
 * not sent: the model's defaults apply.
 */
final class Options {
    String model;
    String style;
    String aspect;
    String size;
    String megapixels;
    String resolution;
    Integer steps;
    Integer quality;
    Double guidance;
    String format;
    Integer safetyTolerance;
    boolean raw;
    int count = 1;
    Long seed;
    boolean noFast;

    /** Declares these options on {@code spec}. */
    void declare(Cli.Spec spec) {
        spec.option("--model", "MODEL", "the model (of rows without their own model=; default flux-schnell): "
                + "flux-schnell, flux-dev, flux-1.1-pro, flux-1.1-pro-ultra, flux-2-pro, flux-2-max, flux-2-flex, "
                + "flux-2-dev, flux-2-klein-4b, flux-2-klein-9b; a prompt file's rows any model (kontext-pro, ...), "
                + "or owner/name", v -> model = v);
        spec.option("--style", "STYLE", "none, realistic, artistic, illustration, 3d: a suffix of the prompt (default "
                + "none)", v -> style = v);
        spec.option("--aspect-ratio, --aspect", "RATIO", "aspect_ratio: 1:1, 16:9, 21:9, 3:2, 2:3, 4:5, 5:4, 3:4, "
                + "4:3, 9:16, 9:21 (default: the model's; flux-schnell 1:1)", v -> aspect = v);
        spec.option("--size", "WxH", "a size in pixels, e.g. 1024x768: exact on FLUX.2 and flux-1.1-pro (aspect_ratio "
                + "custom, width and height, on the model's grid: multiples of 32 on flux-2-pro, 16 on flux-2-max); "
                + "elsewhere the nearest aspect ratio (and megapixels on flux-schnell and flux-dev). Not with "
                + "--aspect-ratio, --megapixels or --resolution", v -> size = v);
        spec.option("--megapixels", "MP", "flux-schnell and flux-dev: megapixels, 1 or 0.25 (default 1); FLUX.2 takes "
                + "--resolution", v -> megapixels = v);
        spec.option("--resolution", "MP", "FLUX.2: the megapixels made: \"0.5 MP\", \"1 MP\" (default), \"2 MP\", \"4 "
                + "MP\" or match_input_image (resolution; pro, max, flex); Klein 0.25, 0.5, 1, 2, 4 "
                + "(output_megapixels). flux-schnell and flux-dev take --megapixels", v -> resolution = v);
        spec.option("--steps", "N", "denoising steps (num_inference_steps; flux-schnell 1-4, default 4; steps on "
                + "flux-2-flex)", Flags::integer, v -> steps = v);
        spec.option("--quality", "N", "encoder quality 0-100 (output_quality; flux-schnell's default 80)",
                Flags::integer, v -> quality = v);
        spec.option("--guidance", "SCALE", "guidance: how closely to follow the prompt (flux-dev 0-10, default 3; "
                + "flux-2-flex 1.5-10; flux-2-klein-9b 1-10)", Flags::number, v -> guidance = v);
        spec.option("--format", "FORMAT", "output_format: webp, jpg, png (default: the model's; flux-schnell webp)",
                v -> format = v);
        spec.option("--safety-tolerance", "N", "safety_tolerance: 1 (strictest) to 6 on FLUX 1.1 Pro and Ultra, 1-5 "
                + "on flux-2-pro, max and flex (default 2)", Flags::integer, v -> safetyTolerance = v);
        spec.flag("--raw", "flux-1.1-pro-ultra: raw mode (raw; less processed, more natural images)", () -> raw = true);
        spec.option("--count", "N", "images per prompt, 1-100000: as few predictions as the model allows, up to 4 "
                + "images each on flux-schnell (default: 1)", Flags::integer, v -> count = v);
        spec.option("--seed", "N", "fixed seed (with --no-fast for reproducible images)", Flags::longInteger,
                v -> seed = v);
        spec.flag("--no-fast", "turn go_fast off (slower, deterministic with a seed)", () -> noFast = true);
    }

    /**
     * A request flag as given: its name, its value as typed ({@code ""} for a switch), and the prompt-file settings it
     * stands for. {@code --resolution} stands for two: FLUX.2 Pro's {@code resolution} and Klein's
     * {@code output_megapixels}; a row keeps the one its model takes.
     */
    record Given(String flag, String value, Map<String, String> settings) {
        /** {@return the flag as typed, e.g. {@code --resolution "2 MP"}} */
        String shown() {
            return Flags.shown(flag, value);
        }

        /** {@return whether {@code model} takes the flag: one of its settings is a key of the model's rows} */
        boolean takenBy(Model model) {
            return settings.keySet().stream().anyMatch(k -> PromptFile.isSetting(k, model));
        }
    }

    /** The number of images per prompt, checked: 1 to {@link BatchRequest#MAX_PREDICTIONS}. */
    int count() {
        if (count < 1) {
            throw new Session.UsageException("--count must be at least 1, was " + count);
        }
        if (count > BatchRequest.MAX_PREDICTIONS) {
            throw new Session.UsageException("--count must be at most " + BatchRequest.MAX_PREDICTIONS + ", was "
                    + count);
        }
        return count;
    }

    /**
     * {@return the request flags given, in a stable order, each with the prompt-file settings it stands for (the flags'
     * own names are accepted aliases of the keys): the one place the CLI names request settings}
     */
    List<Given> given() {
        List<Given> g = new ArrayList<>();
        add(g, "--model", model, "model");
        add(g, "--style", style, "style");
        add(g, "--aspect-ratio", aspect, "aspect");
        add(g, "--size", size, "size");
        add(g, "--megapixels", megapixels, "megapixels");
        add(g, "--resolution", resolution, "resolution", "output_megapixels");
        add(g, "--steps", steps, "steps");
        add(g, "--quality", quality, "quality");
        add(g, "--guidance", guidance, "guidance");
        add(g, "--format", format, "format");
        add(g, "--safety-tolerance", safetyTolerance, "safety_tolerance");
        add(g, "--seed", seed, "seed");
        if (raw) {
            g.add(new Given("--raw", "", Map.of("raw", "true")));
        }
        if (noFast) {
            g.add(new Given("--no-fast", "", noFast()));
        }
        return g;
    }

    /**
     * {@return the settings these options give, by prompt-file keys (the flags' own names are accepted aliases):
     * what every row starts from}
     */
    Map<String, String> defaults() {
        if (size != null && (aspect != null || megapixels != null || resolution != null)) {
            throw new Session.UsageException("give either --size or --aspect-ratio/--megapixels/--resolution, not "
                    + "both");
        }
        Map<String, String> m = new LinkedHashMap<>();
        given().forEach(g -> m.putAll(g.settings()));
        m.put("count", Integer.toString(count()));
        return m;
    }

    /**
     * {@return the model of rows without their own {@code model=}: {@code --model}, else flux-schnell}
     *
     * @throws Session.UsageException naming {@code --model} for a model the SDK does not call
     */
    Model model() {
        try {
            return PromptFile.modelOf(Map.of(), model == null ? Map.of() : Map.of("model", model));
        } catch (IllegalArgumentException e) {
            throw new Session.UsageException("--model " + model + ": " + e.getMessage());
        }
    }

    /**
     * Refuses a flag none of {@code models} takes (a setting that would be left out of every row, silently), naming
     * the flag and the models that do take it.
     *
     * @param models the models the rows run on
     */
    void checkTaken(Collection<Model> models) {
        for (Given g : given()) {
            if (!g.flag().equals("--model") && models.stream().noneMatch(g::takenBy)) {
                List<String> takers = ModelDescription.all().stream().filter(d -> d.jobs()
                        .contains(ModelDescription.Job.GENERATE) && g.takenBy(d.model())).map(ModelDescription::alias)
                        .toList();
                throw new Session.UsageException(g.flag() + " is not a setting of " + String.join(", ", models
                        .stream().map(m -> ModelDescription.of(m).map(ModelDescription::alias).orElse(m.toString()))
                        .toList()) + (takers.isEmpty() ? "" : "; it is for " + String.join(", ", takers)));
            }
        }
    }

    /**
     * Checks each flag's value on its own against {@code model} (a generation model), so that a value the model
     * refuses is reported naming the flag: {@code --resolution 3: ...}.
     *
     * @param model the model the flags are for
     */
    void checkValues(Model model) {
        refused(model).ifPresent(r -> {
            throw r.usage();
        });
    }

    /** A flag whose value a model refuses, and why (the SDK's message). */
    record Refused(Given given, String problem) {
        /** {@return the problem as one line naming the flag: exit code 2} */
        Session.UsageException usage() {
            return new Session.UsageException(Flags.refused(given.flag(), given.value(), problem));
        }
    }

    /**
     * {@return the first flag whose value {@code model} refuses, tried on its own on a request of that model, if any}
     * Only a generation model is tried (a request of another needs images its rows name).
     *
     * @param model the model the flags are for
     */
    Optional<Refused> refused(Model model) {
        if (!ModelDescription.of(model).map(d -> d.jobs().contains(ModelDescription.Job.GENERATE)).orElse(false)) {
            return Optional.empty();
        }
        for (Given g : given()) {
            if (g.flag().equals("--model") || !g.takenBy(model)) {
                continue;
            }
            Map<String, String> alone = new LinkedHashMap<>(g.settings());
            alone.put("model", model.toString());
            try {
                Requests.commandLine(Map.of("prompt", "a flag's check"), alone);
            } catch (Session.UsageException e) {
                return Optional.of(new Refused(g, e.getMessage()));
            }
        }
        return Optional.empty();
    }

    /** {@return the setting {@code --no-fast} stands for} */
    static Map<String, String> noFast() {
        return Map.of("go_fast", "false");
    }

    private static void add(List<Given> g, String flag, Object value, String... keys) {
        if (value != null) {
            Map<String, String> settings = new LinkedHashMap<>();
            for (String k : keys) {
                settings.put(k, value.toString());
            }
            g.add(new Given(flag, value.toString(), settings));
        }
    }
}
