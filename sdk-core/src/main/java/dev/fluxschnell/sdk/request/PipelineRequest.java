package dev.fluxschnell.sdk.request;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A request followed by steps, run as one batch item: each step takes every image the one before made — its delivery
 * URL while young, else its bytes inline or uploaded once — without a round trip through the caller. The last step's
 * images are stored; intermediate ones only with {@link #keepingIntermediates()}, or when the batch has a journal (so
 * a resumed batch continues from the last finished step and never pays for a step twice). Every prediction a step
 * creates goes through the rate limiter and counts against the quota.
 *
 * <pre>{@code
 * PipelineRequest cutout = ImageRequest.of("white sneaker").then(Step.removeBackground()).then(Step.upscale(4));
 * GenerationResult r = client.generate(cutout);   // r.steps(): per step predictions, cost, time
 * }</pre>
 */
public final class PipelineRequest implements ModelRequest {
    /** The most steps a pipeline takes after its first request. */
    public static final int MAX_STEPS = 20;

    private final ModelRequest first;
    private final List<Step> steps;
    private final boolean keepIntermediates;

    private PipelineRequest(ModelRequest first, List<Step> steps, boolean keepIntermediates) {
        this.first = first;
        this.steps = List.copyOf(steps);
        this.keepIntermediates = keepIntermediates;
    }

    /**
     * {@return a pipeline of {@code first} alone, to add steps to}
     *
     * @param first the request that makes the first images (not a pipeline)
     */
    public static PipelineRequest of(ModelRequest first) {
        Objects.requireNonNull(first, "first must not be null");
        if (first instanceof PipelineRequest p) {
            return p;
        }
        return new PipelineRequest(first, List.of(), false);
    }

    /**
     * {@return this pipeline with {@code step} after its last step}
     *
     * @param step the step
     */
    @Override
    public PipelineRequest then(Step step) {
        return then(List.of(Objects.requireNonNull(step, "step must not be null")));
    }

    /**
     * {@return this pipeline with {@code more} after its last step, in order}
     *
     * @param more the steps
     * @throws IllegalArgumentException when the pipeline would have more than {@link #MAX_STEPS} steps
     */
    public PipelineRequest then(List<Step> more) {
        Objects.requireNonNull(more, "steps must not be null");
        if (more.isEmpty()) {
            return this;
        }
        if (more.size() > MAX_STEPS - steps.size()) {
            throw new IllegalArgumentException("a pipeline takes at most " + MAX_STEPS + " steps, this one would have "
                    + ((long) steps.size() + more.size()));
        }
        List<Step> all = new ArrayList<>(steps);
        more.forEach(s -> all.add(Objects.requireNonNull(s, "step must not be null")));
        return new PipelineRequest(steps.isEmpty() ? readableBy(first, all.get(0)) : first, all, keepIntermediates);
    }

    /**
     * The first request, asking for PNG when the step after it cannot read WebP (Bria) and it left its format to the
     * model (flux-schnell's default is WebP): cheaper than converting, and the delivery URL is still passed on.
     *
     * @throws IllegalArgumentException when the request asks for WebP itself
     */
    private static ModelRequest readableBy(ModelRequest first, Step step) {
        if (ModelDescription.of(step.model()).map(ModelDescription::takesWebp).orElse(true)) {
            return first;
        }
        Object asked = first.inputs().get("output_format");
        if ("webp".equals(asked)) {
            throw new IllegalArgumentException("step '" + step.name() + "' runs on " + step.model() + ", which reads "
                    + "PNG or JPEG only; the request before it asks for webp: ask for png or jpg");
        }
        boolean png = ModelDescription.of(first.model()).flatMap(d -> d.schema().field("output_format"))
                .map(f -> f.choices().contains("png")).orElse(false);
        if (asked != null || !png) {
            return first;
        }
        java.util.Map<String, Object> view = new java.util.LinkedHashMap<>(first.inputs());
        view.putAll(first.settings());
        view.put("output_format", "png");
        return ModelRequest.fromInputs(first.model(), view);
    }

    /** {@return this pipeline, storing every step's images (not only the last step's)} */
    public PipelineRequest keepingIntermediates() {
        return new PipelineRequest(first, steps, true);
    }

    /** {@return the request that makes the first images} */
    public ModelRequest first() {
        return first;
    }

    /** {@return the steps after it, in order} */
    public List<Step> steps() {
        return steps;
    }

    /** {@return whether every step's images are stored, not only the last step's} */
    public boolean keepsIntermediates() {
        return keepIntermediates;
    }

    /** {@return the first request's model} */
    @Override
    public Model model() {
        return first.model();
    }

    /** {@return the first request's inputs (each step's are known only when it runs)} */
    @Override
    public Map<String, Object> inputs() {
        return first.inputs();
    }

    /**
     * {@return the first request's settings, with {@code then} (the steps as {@link Step#parse} reads them,
     * comma-separated) and {@code keep_intermediates}}
     *
     * @throws IllegalStateException for a pipeline with a custom step, which exists only in the JVM that made it
     */
    @Override
    public Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>(first.settings());
        s.put("then", Step.join(steps));
        if (keepIntermediates) {
            s.put("keep_intermediates", "true");
        }
        return java.util.Collections.unmodifiableMap(s);
    }

    /** {@return the first request's inputs as sent} */
    @Override
    public Map<String, Object> sentInputs() {
        return first.sentInputs();
    }

    /** {@return the first request's prompt} */
    @Override
    public String prompt() {
        return first.prompt();
    }

    /** {@return the first request's seed} */
    @Override
    public OptionalLong seed() {
        return first.seed();
    }

    /** {@return false: a pipeline is never answered from a result cache} */
    @Override
    public boolean isDeterministic() {
        return false;
    }

    /** {@return e.g. "white sneaker → remove background → upscale 4×"} */
    @Override
    public String summary() {
        StringBuilder s = new StringBuilder(first.summary());
        steps.forEach(step -> s.append(" → ").append(step.name()));
        return s.toString();
    }

    /** {@return the first request's input images} */
    @Override
    public List<InputImage> inputImages() {
        return first.inputImages();
    }

    /** {@return the images the last step makes: one per image of the first request (each step maps one to one)} */
    @Override
    public int numOutputs() {
        return first.numOutputs();
    }

    /** {@return how many predictions the pipeline creates: one for the first request, one per image per step} */
    @Override
    public int predictionCount() {
        return 1 + steps.size() * first.numOutputs();
    }

    /** {@return how many images it makes in all, intermediates included (what a quota counts)} */
    public int imageCount() {
        return first.numOutputs() * (1 + steps.size());
    }

    @Override
    public String cacheKey() {
        List<String> parts = new ArrayList<>();
        parts.add("pipeline");
        parts.add(first.cacheKey());
        steps.forEach(s -> parts.add(s.key()));
        return Keys.of(parts.toArray(String[]::new));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PipelineRequest p && first.equals(p.first) && cacheKey().equals(p.cacheKey())
                && keepIntermediates == p.keepIntermediates;
    }

    @Override
    public int hashCode() {
        return cacheKey().hashCode();
    }

    @Override
    public String toString() {
        return "PipelineRequest{" + first + (steps.isEmpty() ? "" : " → " + String.join(" → ",
                steps.stream().map(Step::name).toList())) + (keepIntermediates ? ", keeping intermediates" : "") + "}";
    }
}
