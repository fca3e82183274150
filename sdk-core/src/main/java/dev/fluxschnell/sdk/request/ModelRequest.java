package dev.fluxschnell.sdk.request;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One prediction on one model of the Flux family, or a pipeline of them: what every typed request shares. Each job
 * has its own type — {@link ImageRequest} (text to image), {@link EditRequest} (edit or restyle images),
 * {@link InpaintRequest} (repaint part of an image), {@link UpscaleRequest}, {@link RemoveBackgroundRequest} — and a
 * {@link PipelineRequest} chains them ({@link #then(Step)}); all of them run through the same pipeline: rate limit,
 * quota, create, reconciliation, polling, storage, journal, observation
 * ({@link dev.fluxschnell.sdk.FluxSchnellClient#generate(ModelRequest)}).
 *
 * <p>Every request describes itself once, by the model's wire names: {@link #inputs()} (what the model is asked) and
 * {@link #settings()} (the SDK's own keys beside them, such as {@code style}). The create body, prompt files, queued
 * items, sidecars, cache keys, {@code equals} and the rebuild from a webhook all derive from that view, and
 * {@link #fromInputs(Model, Map)} reads it back.
 */
public sealed interface ModelRequest
        permits ImageRequest, EditRequest, InpaintRequest, UpscaleRequest, RemoveBackgroundRequest, PipelineRequest {
    /** The SDK keys a pipeline adds to its first request's view: {@code then} and {@code keep_intermediates}. */
    Set<String> PIPELINE_KEYS = Set.of("then", "keep_intermediates");

    /** {@return the model the request runs on (a pipeline's: its first request's)} */
    Model model();

    /**
     * {@return what the request sets, by the model's wire names, in the schema's order: String, Integer, Long, Double,
     * Boolean, {@link InputImage} or a list of them} Settings left unset are absent: the model's defaults apply.
     */
    Map<String, Object> inputs();

    /** {@return the SDK's own settings beside the wire inputs, by their SDK keys (e.g. {@code style}, {@code then})} */
    Map<String, String> settings();

    /** {@return the inputs as the model receives them: {@link #inputs()} with the SDK's settings applied} */
    Map<String, Object> sentInputs();

    /** {@return the prompt as the user wrote it; empty for a model that takes none} */
    String prompt();

    /** {@return the seed, if one was set} */
    OptionalLong seed();

    /**
     * {@return a short description for logs, progress and galleries: the prompt, or what is done to which image}
     */
    String summary();

    /** {@return the images the request reads, in input order (empty for text to image)} */
    List<InputImage> inputImages();

    /** {@return the most images one prediction of this request can return} */
    int numOutputs();

    /** {@return how many predictions running this request creates: 1, or a pipeline's every step's} */
    default int predictionCount() {
        return 1;
    }

    /** {@return whether the model returns the same pixels for the same request (a result cache may answer it)} */
    boolean isDeterministic();

    /**
     * {@return a stable hex key of everything the model is asked (inputs by their content or URL): equal for requests
     * that ask for the same thing; batch journals and result caches key on it}
     */
    String cacheKey();

    /**
     * {@return a pipeline: this request, then {@code step} on each image it makes}
     *
     * @param step e.g. {@link Step#removeBackground()} or {@link Step#upscale(int)}
     */
    default PipelineRequest then(Step step) {
        return PipelineRequest.of(this).then(step);
    }

    /**
     * {@return the request a view describes — the one way back from a view, for prompt files, queued items and
     * webhook deliveries} The type follows the model and the inputs: a model that edits, given an image, makes an
     * {@link EditRequest}; one that generates, an {@link ImageRequest}; and so on. {@code then} (steps, comma-separated,
     * as {@link Step#parse} reads them) makes a {@link PipelineRequest}.
     *
     * @param model the model
     * @param view the model's inputs by wire name, and SDK keys
     * @throws IllegalArgumentException for a model the SDK does not call, or a key neither the model nor the SDK knows
     *     (the message lists the accepted ones), or a value the model refuses
     */
    static ModelRequest fromInputs(Model model, Map<String, ?> view) {
        Objects.requireNonNull(model, "model must not be null");
        Objects.requireNonNull(view, "view must not be null");
        Map<String, Object> inputs = new LinkedHashMap<>(view);
        Object then = inputs.remove("then");
        Object keep = inputs.remove("keep_intermediates");
        ModelDescription d = ModelDescription.require(model);
        ModelRequest first = switch (jobOf(d, inputs)) {
            case GENERATE -> ImageRequest.fromInputs(model, inputs);
            case EDIT -> EditRequest.fromInputs(model, inputs);
            case INPAINT -> InpaintRequest.fromInputs(model, inputs);
            case UPSCALE -> UpscaleRequest.fromInputs(model, inputs);
            case REMOVE_BACKGROUND -> RemoveBackgroundRequest.fromInputs(model, inputs);
        };
        if (then == null && keep == null) {
            return first;
        }
        PipelineRequest p = PipelineRequest.of(first).then(Step.parseAll(Inputs.text(then == null ? "" : then,
                "then")));
        return keep != null && Inputs.bool(keep, "keep_intermediates") ? p.keepingIntermediates() : p;
    }

    /** The job a view asks of a model: an edit when the model edits and an image is given, else its first job. */
    private static ModelDescription.Job jobOf(ModelDescription d, Map<String, Object> inputs) {
        if (d.jobs().contains(ModelDescription.Job.EDIT) && d.jobs().contains(ModelDescription.Job.GENERATE)) {
            ModelSchema schema = d.schema();
            boolean image = inputs.keySet().stream().anyMatch(k -> schema.field(k).map(f -> f.type()
                    == InputField.Type.URI_LIST ? !Inputs.images(inputs.get(k), k).isEmpty()
                    : f.type() == InputField.Type.URI && List.of(EditRequest.IMAGE).contains(k)).orElse(false));
            return image ? ModelDescription.Job.EDIT : ModelDescription.Job.GENERATE;
        }
        return d.jobs().get(0);
    }
}
