package dev.fluxschnell.sdk.internal;

import dev.fluxschnell.sdk.Pricing;
import dev.fluxschnell.sdk.quota.Quota;
import dev.fluxschnell.sdk.storage.ImageStorage;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Every setting of a client, validated by {@code FluxSchnellClient.Builder}. Not API.
 *
 * @param apiToken the Replicate token (never logged)
 * @param baseUrl API base URL without trailing slash
 * @param httpClient the JDK HTTP client
 * @param requestTimeout timeout of one HTTP exchange (create adds the sync wait)
 * @param syncWait the {@code Prefer: wait} window
 * @param pollInterval delay between polls
 * @param predictionTimeout deadline from create to terminal; also sent as {@code Cancel-After}
 * @param maxRetries retries per HTTP call
 * @param retryBaseDelay first backoff delay
 * @param retryMaxDelay backoff cap
 * @param scheduler where every wait (poll, backoff, rate limit) is scheduled
 * @param ioExecutor where blocking download/storage work runs
 * @param clock time source
 * @param storage image storage
 * @param pricing price per image
 * @param quota quota, or null for none
 * @param maxBatchSize largest batch accepted
 * @param maxConcurrency default in-flight predictions per batch
 * @param rateLimitPerMinute create calls per minute
 * @param rateLimitBurst create calls allowed at once
 * @param downloadHosts host patterns outputs may be downloaded from
 * @param maxImageBytes largest image accepted
 * @param resultCache cache for deterministic requests, or null for none
 * @param deployment {@code owner/name} of a deployment creates go to, or null for the model's endpoint
 * @param rateLimiter the create limiter the user passed, or null for the built-in one
 */
public record ClientConfig(String apiToken, URI baseUrl, HttpClient httpClient, Duration requestTimeout,
                           Duration syncWait, Duration pollInterval, Duration predictionTimeout, int maxRetries,
                           Duration retryBaseDelay, Duration retryMaxDelay, ScheduledExecutorService scheduler,
                           Executor ioExecutor, Clock clock, ImageStorage storage, Pricing pricing, Quota quota,
                           int maxBatchSize, int maxConcurrency, int rateLimitPerMinute, int rateLimitBurst,
                           List<String> downloadHosts,
                           long maxImageBytes, dev.fluxschnell.sdk.cache.ResultCache resultCache,
                           String deployment, dev.fluxschnell.sdk.ratelimit.CreateRateLimiter rateLimiter) {
    @Override
    public String toString() {
        return "ClientConfig{baseUrl=" + baseUrl + ", apiToken=***}";
    }
}
