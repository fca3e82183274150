/**
 * The Flux family — flux-schnell by default, every text-to-image and edit model of the SDK by choice — as a LangChain4j
 * {@link dev.langchain4j.model.image.ImageModel}:
 * {@link dev.fluxschnell.langchain4j.FluxSchnellImageModel}.
 */
package dev.fluxschnell.langchain4j;
