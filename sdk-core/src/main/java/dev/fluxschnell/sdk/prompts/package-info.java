/**
 * Prompt files and catalogues: {@link dev.fluxschnell.sdk.prompts.Catalogue} reads rows of named values from
 * {@code .txt}, {@code .csv} and {@code .jsonl} text, {@link dev.fluxschnell.sdk.prompts.PromptFile} turns rows into
 * requests (the one prompt-file format of the SDK, the {@code flux} CLI and the web example), and every error names
 * {@code FILE:LINE}. API.
 */
package dev.fluxschnell.sdk.prompts;
