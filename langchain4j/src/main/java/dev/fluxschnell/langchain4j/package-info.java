/**
 * The Flux family — flux-schnell by default, every text-to-image and edit model of the SDK by choice — as a LangChain4j
 * {@link dev.langchain4j.model.image.ImageModel}:
 * {@link dev.fluxschnell.langchain4j.FluxSchnellImageModel}; and its batches, resumable from a journal, as LangChain4j's
 * experimental {@link dev.langchain4j.model.image.BatchImageModel}:
 * {@link dev.fluxschnell.langchain4j.FluxSchnellBatchImageModel}.
 */
package dev.fluxschnell.langchain4j;
