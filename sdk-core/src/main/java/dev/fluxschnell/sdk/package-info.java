/**
 * The Flux Schnell SDK's entry points: {@link dev.fluxschnell.sdk.FluxSchnellClient} (built with
 * {@code FluxSchnellClient.builder()} or {@code fromEnv()}), its {@link dev.fluxschnell.sdk.ClientOptions} and the
 * per-call {@code RequestOptions}. What a call asks for is in {@code request}, what it returns in
 * {@code result}, what it costs in {@code pricing}; the other sub-packages hold batches, errors, prompt files, and the
 * SPIs (storage, cache, quota, rate limit) with their built-in implementations. {@code internal} is not API.
 */
package dev.fluxschnell.sdk;
