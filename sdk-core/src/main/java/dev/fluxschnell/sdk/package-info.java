/**
 * The Flux Schnell SDK's entry point and its values: {@link dev.fluxschnell.sdk.FluxSchnellClient} (built with
 * {@code FluxSchnellClient.builder()} or {@code fromEnv()}), {@link dev.fluxschnell.sdk.ImageRequest} and its enums,
 * {@link dev.fluxschnell.sdk.GenerationResult} and {@link dev.fluxschnell.sdk.GeneratedImage}, and
 * {@link dev.fluxschnell.sdk.Pricing}. Everything here is API. The sub-packages hold batches, errors, and the SPIs
 * (storage, cache, quota, rate limit) with their built-in implementations; {@code internal} is not API.
 */
package dev.fluxschnell.sdk;
