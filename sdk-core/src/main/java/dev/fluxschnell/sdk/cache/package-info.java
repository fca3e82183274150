/**
 * The result cache SPI ({@link dev.fluxschnell.sdk.cache.ResultCache}) for deterministic requests, with an
 * in-memory and a directory implementation. API.
 */
package dev.fluxschnell.sdk.cache;
