package dev.fluxschnell.sdk;

import java.util.List;

/**
 * One prediction on one model of the Flux family: what every typed request shares. Each job has its own type —
 * {@link ImageRequest} (text to image), {@link EditRequest} (edit or restyle an image), {@link InpaintRequest} (repaint
 * part of an image) — and all of them run through the same pipeline: rate limit, quota, create, reconciliation, polling,
 * storage, journal, observation ({@link FluxSchnellClient#run(ModelRequest)}).
 */
public sealed interface ModelRequest permits ImageRequest, EditRequest, InpaintRequest {
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
}
