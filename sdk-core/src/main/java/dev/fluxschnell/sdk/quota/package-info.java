/**
 * The quota SPI ({@link dev.fluxschnell.sdk.quota.Quota}: reserve, commit, release images per subject) and the
 * built-in {@link dev.fluxschnell.sdk.quota.InMemoryQuota}. API.
 */
package dev.fluxschnell.sdk.quota;
