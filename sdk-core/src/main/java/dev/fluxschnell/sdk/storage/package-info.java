/**
 * The storage SPI ({@link dev.fluxschnell.sdk.storage.ImageStorage}: store one image stream with its
 * {@link dev.fluxschnell.sdk.storage.ImageMetadata}) and the built-in
 * {@link dev.fluxschnell.sdk.storage.LocalFileStorage}. Adapters for S3 and Firebase Storage are separate artifacts.
 * API.
 */
package dev.fluxschnell.sdk.storage;
