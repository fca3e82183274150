/**
 * The SDK's machinery — transport, generation pipeline, batch engine, JSON, downloads, spooling. <b>Not API</b>:
 * nothing outside sdk-core may use it (the build enforces this), and it changes without notice.
 */
package dev.fluxschnell.sdk.internal;
