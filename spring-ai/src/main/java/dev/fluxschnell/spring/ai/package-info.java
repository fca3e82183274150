/**
 * flux-schnell — or any other text-to-image model of the SDK, by the {@code model} option — as a Spring AI
 * {@link org.springframework.ai.image.ImageModel}
 * ({@link dev.fluxschnell.spring.ai.FluxSchnellImageModel}), its options, metadata and auto-configuration
 * ({@code spring.ai.model.image=flux-schnell}, {@code spring.ai.flux-schnell.image.*}).
 */
package dev.fluxschnell.spring.ai;
