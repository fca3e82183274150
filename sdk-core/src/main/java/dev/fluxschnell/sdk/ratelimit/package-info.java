/**
 * The create rate limiter SPI ({@link dev.fluxschnell.sdk.ratelimit.CreateRateLimiter}) and its built-in in-memory
 * implementation. Plug another one in with {@code FluxSchnellClient.builder().rateLimiter(...)}, e.g. to share one
 * account's limit among several instances.
 */
package dev.fluxschnell.sdk.ratelimit;
