/**
 * {@link dev.fluxschnell.sdk.storage.s3.S3ImageStorage}: images in Amazon S3 or an S3-compatible store, on the
 * AWS SDK for Java v2. API.
 */
package dev.fluxschnell.sdk.storage.s3;
