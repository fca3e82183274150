/**
 * What a call returns: {@link dev.fluxschnell.sdk.result.GenerationResult} (the stored images, the seed, the cost, a
 * pipeline's steps) and {@link dev.fluxschnell.sdk.result.GeneratedImage}, with the prediction's
 * {@link dev.fluxschnell.sdk.result.PredictionStatus}. API.
 */
package dev.fluxschnell.sdk.result;
