/**
 * The SDK's exceptions, all unchecked, under {@link dev.fluxschnell.sdk.errors.FluxSchnellException} in three
 * branches: {@link dev.fluxschnell.sdk.errors.FluxSchnellServiceException} (Replicate answered with an error status),
 * {@link dev.fluxschnell.sdk.errors.PredictionException} (a prediction ended without images) and
 * {@link dev.fluxschnell.sdk.errors.FluxSchnellClientException} (no usable answer, or a local failure). API.
 */
package dev.fluxschnell.sdk.errors;
