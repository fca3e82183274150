/**
 * flux-schnell as a LangChain4j {@link dev.langchain4j.model.image.ImageModel}:
 * {@link dev.fluxschnell.langchain4j.FluxSchnellImageModel}.
 */
package dev.fluxschnell.langchain4j;
