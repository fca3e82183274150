package dev.fluxschnell.sdk.request;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One step after a request in a pipeline ({@link ModelRequest#then(Step)}): it turns each image the previous step
 * made into a new request — remove the background, upscale, edit. Built-in steps are checked when made; a custom
 * one ({@link #of}) names its model for estimates.
 *
 * <pre>{@code
 * BatchRequest batch = BatchRequest.builder()
 *         .add(ImageRequest.of("white sneaker").then(Step.removeBackground()).then(Step.upscale(4)))
 *         .build();
 * }</pre>
 */
public final class Step {
    private final String name;
    private final Model model;
    private final String key;
    private final String spec;
    private final Function<InputImage, ? extends ModelRequest> request;

    private Step(String name, Model model, String key, String spec, Function<InputImage, ? extends ModelRequest> request) {
        this.name = name;
        this.model = model;
        this.key = key;
        this.spec = spec;
        this.request = request;
    }

    /**
     * {@return a Real-ESRGAN upscale by {@code scale}}
     *
     * @param scale 2 or 4
     * @throws IllegalArgumentException for another factor
     */
    public static Step upscale(int scale) {
        UpscaleRequest.checkScale(scale);
        return new Step("upscale " + scale + "×", Model.REAL_ESRGAN, "upscale:real-esrgan:" + scale, "upscale:" + scale,
                image -> UpscaleRequest.of(image, scale));
    }

    /**
     * {@return an upscale with {@code model} at its default factor (Real-ESRGAN: 4×; Recraft: its own)}
     *
     * @param model the upscale model
     */
    public static Step upscale(UpscaleModel model) {
        Objects.requireNonNull(model, "model must not be null");
        return new Step("upscale (" + model.value() + ")", model.model(), "upscale:" + model.value(),
                "upscale:" + model.value(), image -> UpscaleRequest.builder().model(model).image(image).build());
    }

    /** {@return a transparent-background cutout (Bria)} */
    public static Step removeBackground() {
        return removeBackground(Background.TRANSPARENT);
    }

    /**
     * {@return the background replaced by {@code background} (transparent: Bria; white: 851-labs)}
     *
     * @param background transparent or white
     */
    public static Step removeBackground(Background background) {
        Objects.requireNonNull(background, "background must not be null");
        BackgroundModel model = BackgroundModel.defaultFor(background);
        return new Step(RemoveBackgroundRequest.label(background), model.model(),
                "remove-background:" + model.value() + ":" + background.value(), "remove-background:"
                + background.value(), image -> RemoveBackgroundRequest.of(image, background));
    }

    /**
     * {@return an instruction edit with Kontext Pro, e.g. {@code Step.edit("put it on a marble table")}}
     *
     * @param instruction what to change
     * @throws IllegalArgumentException when the instruction is blank
     */
    public static Step edit(String instruction) {
        Objects.requireNonNull(instruction, "instruction must not be null");
        if (instruction.isBlank()) {
            throw new IllegalArgumentException("instruction must not be blank");
        }
        return new Step("edit: " + instruction, Model.FLUX_KONTEXT_PRO, "edit:kontext-pro:" + instruction,
                "edit:" + instruction, image -> EditRequest.of(image, instruction));
    }

    /**
     * {@return a custom step}
     *
     * @param name what it does (also its identity in a batch journal: keep it stable)
     * @param model the model its requests run on (for estimates)
     * @param request the request for one input image
     */
    public static Step of(String name, Model model, Function<InputImage, ? extends ModelRequest> request) {
        Objects.requireNonNull(name, "name must not be null");
        Objects.requireNonNull(model, "model must not be null");
        Objects.requireNonNull(request, "request must not be null");
        return new Step(name, model, "custom:" + model + ":" + name, null, request);
    }

    /**
     * Parses a step as the CLI, the web example and prompt files write it: {@code remove-background},
     * {@code remove-background:white}, {@code upscale} (4×), {@code upscale:2}, {@code upscale:4},
     * {@code upscale:recraft-crisp}, {@code edit:put it on a marble table}. {@link #spec()} writes it back.
     *
     * @param text the step
     * @return the step
     * @throws IllegalArgumentException naming the steps there are
     */
    public static Step parse(String text) {
        Objects.requireNonNull(text, "text must not be null");
        String v = text.trim();
        int colon = v.indexOf(':');
        String name = colon < 0 ? v : v.substring(0, colon);
        String arg = colon < 0 ? null : v.substring(colon + 1).trim();
        switch (name) {
            case "remove-background":
                return removeBackground(arg == null ? Background.TRANSPARENT : Background.of(arg));
            case "upscale":
                if (arg == null) {
                    return upscale(4);
                }
                if (arg.equalsIgnoreCase(UpscaleModel.RECRAFT_CRISP.value())) {
                    return upscale(UpscaleModel.RECRAFT_CRISP);
                }
                try {
                    return upscale(Integer.parseInt(arg.endsWith("x") ? arg.substring(0, arg.length() - 1) : arg));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("step '" + text + "': the factor is 2 or 4");
                }
            case "edit":
                if (arg == null || arg.isBlank()) {
                    throw new IllegalArgumentException("step '" + text + "': edit:INSTRUCTION");
                }
                return edit(arg);
            default:
                throw new IllegalArgumentException("step '" + text + "' is not one of remove-background[:white], "
                        + "upscale[:2|:4|:recraft-crisp], edit:INSTRUCTION");
        }
    }

    /**
     * {@return steps as a pipeline's {@code then} setting writes them: their {@link #spec()}s, comma-separated, a comma
     * inside one (an edit's instruction) written {@code \,}}
     *
     * @param steps built-in steps
     * @throws IllegalStateException for a custom step, which has no text form
     */
    public static String join(List<Step> steps) {
        List<String> specs = new ArrayList<>();
        for (Step step : steps) {
            specs.add(step.spec().orElseThrow(() -> new IllegalStateException("step '" + step.name() + "' is a "
                    + "custom step: it has no text form, and exists only in the JVM that made it"))
                    .replace(",", "\\,"));
        }
        return String.join(",", specs);
    }

    /**
     * {@return the steps of a {@code then} setting: comma-separated, as {@link #join} writes them}
     *
     * @param text e.g. {@code remove-background:white,upscale:2} or {@code edit:on marble\, lit from the left}
     * @throws IllegalArgumentException for a step {@link #parse} does not know, or more than
     *     {@link PipelineRequest#MAX_STEPS}
     */
    public static List<Step> parseAll(String text) {
        List<Step> steps = new ArrayList<>();
        String[] parts = text.split("(?<!\\\\),");
        if (parts.length > PipelineRequest.MAX_STEPS) {
            throw new IllegalArgumentException("a pipeline takes at most " + PipelineRequest.MAX_STEPS + " steps, '"
                    + "then' names " + parts.length);
        }
        for (String part : parts) {
            if (!part.isBlank()) {
                steps.add(parse(part.replace("\\,", ",")));
            }
        }
        return List.copyOf(steps);
    }

    /** {@return what the step does, e.g. {@code "upscale 4×"}} */
    public String name() {
        return name;
    }

    /** {@return the model the step's requests run on} */
    public Model model() {
        return model;
    }

    /**
     * {@return the step as {@link #parse} reads it, e.g. {@code upscale:2}: what a queue or a file stores; empty for a
     * custom step ({@link #of}), which exists only in the JVM that made it}
     */
    public java.util.Optional<String> spec() {
        return java.util.Optional.ofNullable(spec);
    }

    /** {@return the step's identity in cache keys and journals} */
    public String key() {
        return key;
    }

    /**
     * {@return the step's request for one image the previous step made}
     *
     * @param image the previous step's image
     * @throws IllegalStateException when a custom step's request is not on the model it named
     */
    public ModelRequest on(InputImage image) {
        ModelRequest r = Objects.requireNonNull(request.apply(image), "a step's request must not be null");
        if (!r.model().equals(model)) {
            throw new IllegalStateException("step '" + name + "' named " + model + " but made a request for "
                    + r.model());
        }
        return r;
    }

    @Override
    public String toString() {
        return "Step{" + name + ", " + model + "}";
    }
}
