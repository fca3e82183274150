package dev.fluxschnell.sdk.internal;

/**
 * What a client shares among its generations: settings, transport, downloader, create limiter. Not API.
 *
 * @param config the settings
 * @param transport the Replicate HTTP calls
 * @param downloader output downloads
 * @param rateLimiter the client-wide create limiter
 */
public record ClientContext(ClientConfig config, ReplicateTransport transport, Downloader downloader,
                            CreateRateLimiter rateLimiter) {}
