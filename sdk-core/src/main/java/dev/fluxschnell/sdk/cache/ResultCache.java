package dev.fluxschnell.sdk.cache;

import dev.fluxschnell.sdk.result.GenerationResult;
import dev.fluxschnell.sdk.request.ModelRequest;
import java.util.Optional;

/**
 * Answers repeated deterministic requests without a new prediction (SPI; opt in with
 * {@code FluxSchnellClient.builder().resultCache(...)}).
 *
 * <p>The SDK consults and fills it only for requests that are {@link ModelRequest#isDeterministic() deterministic}
 * (an explicit seed and {@code go_fast=false}): only then does the model return the same image for the same request,
 * so a non-deterministic request is never answered from a cache. Key entries by {@link ModelRequest#cacheKey()}.
 * Implementations must be thread-safe; an entry whose images are no longer available must not be returned.
 */
public interface ResultCache {
    /**
     * {@return the cached result for this request, if there is a usable one}
     *
     * @param request the deterministic request to look up
     */
    Optional<GenerationResult> get(ModelRequest request);

    /**
     * Remembers the result of a succeeded deterministic request.
     *
     * @param request the deterministic request
     * @param result its result, with the images stored
     */
    void put(ModelRequest request, GenerationResult result);
}
