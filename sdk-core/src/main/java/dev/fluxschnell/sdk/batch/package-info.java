/**
 * Batches: {@link dev.fluxschnell.sdk.batch.BatchRequest} in, {@link dev.fluxschnell.sdk.batch.BatchJob} while it
 * runs (progress, cancel), {@link dev.fluxschnell.sdk.batch.BatchResult} with one
 * {@link dev.fluxschnell.sdk.batch.BatchItem} per request, in order; {@link dev.fluxschnell.sdk.batch.BatchListener}
 * for progress events and {@link dev.fluxschnell.sdk.batch.QuotaPolicy} for what happens when a quota cannot hold a
 * batch. API.
 */
package dev.fluxschnell.sdk.batch;
