package dev.fluxschnell.sdk.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a client shares among its generations: settings, transport, downloader, create limiter. Not API.
 *
 * @param config the settings
 * @param transport the Replicate HTTP calls
 * @param downloader output downloads
 * @param rateLimiter the client-wide create limiter
 * @param knownPredictions ids of predictions this client created or adopted (never adopted twice)
 */
public record ClientContext(ClientConfig config, ReplicateTransport transport, Downloader downloader,
                            CreateRateLimiter rateLimiter, Set<String> knownPredictions) {
    /** A context whose set of known prediction ids starts empty. */
    public ClientContext(ClientConfig config, ReplicateTransport transport, Downloader downloader,
                         CreateRateLimiter rateLimiter) {
        this(config, transport, downloader, rateLimiter, ConcurrentHashMap.newKeySet());
    }
}
