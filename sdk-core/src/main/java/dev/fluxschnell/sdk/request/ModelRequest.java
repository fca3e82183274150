package dev.fluxschnell.sdk.request;

import dev.fluxschnell.sdk.FluxSchnellClient;
import java.util.List;

/**
 * One prediction on one model of the Flux family: what every typed request shares. Each job has its own type —
 * {@link ImageRequest} (text to image), {@link EditRequest} (edit or restyle an image), {@link InpaintRequest} (repaint
 * part of an image), {@link UpscaleRequest}, {@link RemoveBackgroundRequest} — and a {@link PipelineRequest} chains
 * them ({@link #then(Step)}); all of them run through the same pipeline: rate limit, quota, create, reconciliation, polling,
 * storage, journal, observation ({@link FluxSchnellClient#run(ModelRequest)}).
 */
public sealed interface ModelRequest
        permits ImageRequest, EditRequest, InpaintRequest, UpscaleRequest, RemoveBackgroundRequest, PipelineRequest {
    /** {@return the model the request runs on} */
    Model model();

    /**
     * {@return a short description for logs, progress and galleries: the prompt, or what is done to which image}
     */
    String summary();

    /** {@return the images the request reads, in input order (empty for text to image)} */
    List<InputImage> inputImages();

    /** {@return the most images one prediction of this request can return} */
    int numOutputs();

    /**
     * {@return a stable hex key of everything the model is asked (inputs by their content or URL, not webhooks): equal
     * for requests that ask for the same thing; batch journals and result caches key on it}
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
}
