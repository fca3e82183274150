/**
 * Metrics and tracing: the {@link dev.fluxschnell.sdk.observation.ClientObserver} SPI and
 * {@link dev.fluxschnell.sdk.observation.MicrometerObserver}, its Micrometer implementation (observations named after
 * OpenTelemetry's GenAI conventions, and the SDK's own meters). Micrometer is an optional dependency of sdk-core:
 * only {@code MicrometerObserver} needs it on the classpath.
 */
package dev.fluxschnell.sdk.observation;
