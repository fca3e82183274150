/**
 * What a call asks a model for: the sealed {@link dev.fluxschnell.sdk.request.ModelRequest} family (one type per job:
 * generate, edit, inpaint, upscale, remove the background, and pipelines of them), the images it reads
 * ({@link dev.fluxschnell.sdk.request.InputImage}), the models ({@link dev.fluxschnell.sdk.request.Model}, with what
 * the SDK knows of each in {@code ModelDescription}) and the parameter enums. Every request
 * states once, by the model's wire names, what it sets ({@code inputs()}).
 * API; nothing here depends on {@code internal}.
 */
package dev.fluxschnell.sdk.request;
