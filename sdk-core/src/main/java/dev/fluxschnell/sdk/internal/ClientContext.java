package dev.fluxschnell.sdk.internal;

import dev.fluxschnell.sdk.observation.ClientObserver;
import dev.fluxschnell.sdk.ratelimit.CreateRateLimiter;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a client shares among its generations: settings, transport, downloader, create limiter. Not API.
 *
 * @param config the settings
 * @param api the one retrying sender every Replicate call goes through
 * @param predictions the predictions API
 * @param models the models API (versions, schemas, the schema check)
 * @param downloader output downloads
 * @param rateLimiter the client-wide create limiter
 * @param spool temporary files of large inline outputs
 * @param quota the ledger every reservation goes through
 * @param knownPredictions ids of predictions this client created or adopted (never adopted twice)
 * @param remoteCalls creates and cancels still in flight (close() waits for them: a create's answer, to cancel what it
 *     made; a cancel, to know it was sent)
 * @param observer the user's observer, with what it throws ignored
 * @param uploads how input images reach a model (inline, uploaded once, or by URL)
 * @param versions the versions community models run at
 * @param preflighted storages whose preflight passed (checked once per client)
 */
public record ClientContext(ClientConfig config, ReplicateApi api, PredictionsApi predictions, ModelsApi models,
                            Downloader downloader,
                            CreateRateLimiter rateLimiter, Spool spool, QuotaLedger quota, Set<String> knownPredictions,
                            Set<CompletableFuture<?>> remoteCalls,
                            ClientObserver observer, Uploads uploads, Versions versions,
                            Set<dev.fluxschnell.sdk.storage.ImageStorage> preflighted) {
    /**
     * A context whose sets of known predictions and pending work start empty.
     *
     * @param config the settings
     * @param api the Replicate API sender
     * @param downloader output downloads
     * @param rateLimiter the create limiter
     * @param spool the spool of large inline outputs
     */
    public ClientContext(ClientConfig config, ReplicateApi api, Downloader downloader, CreateRateLimiter rateLimiter,
                         Spool spool) {
        this(config, api, new PredictionsApi(api), new ModelsApi(api), downloader, rateLimiter, spool);
    }

    private ClientContext(ClientConfig config, ReplicateApi api, PredictionsApi predictions, ModelsApi models,
                          Downloader downloader, CreateRateLimiter rateLimiter, Spool spool) {
        this(config, api, predictions, models, downloader, rateLimiter, spool, new QuotaLedger(config.quota()),
                ConcurrentHashMap.newKeySet(), ConcurrentHashMap.newKeySet(),
                SafeObserver.of(config.options().observer()), new Uploads(config, new FilesApi(api)),
                new Versions(models, config.options().modelVersions()), ConcurrentHashMap.newKeySet());
    }

    /**
     * Runs {@code storage}'s preflight unless it passed before on this client; blocks (call it on an I/O thread).
     *
     * @param storage the storage images are about to be stored in
     * @throws dev.fluxschnell.sdk.errors.StorageException saying why images cannot be stored there
     */
    public void preflight(dev.fluxschnell.sdk.storage.ImageStorage storage) {
        if (preflighted.contains(storage)) {
            return;
        }
        try {
            storage.preflight();
        } catch (dev.fluxschnell.sdk.errors.StorageException e) {
            throw e;
        } catch (RuntimeException e) { // e.g. a vendor SDK's configuration error: no region, no credentials
            throw new dev.fluxschnell.sdk.errors.StorageException("images cannot be stored in " + storage + ": "
                    + Redaction.redact(String.valueOf(e.getMessage()), config.apiToken()), null, e);
        }
        preflighted.add(storage);
    }

    /**
     * Counts a create or cancel call as remote work in flight until it completes (close() waits for it).
     *
     * @param call the call
     * @param <T> what it answers
     * @return {@code call}
     */
    public <T> CompletableFuture<T> track(CompletableFuture<T> call) {
        remoteCalls.add(call);
        call.whenComplete((r, e) -> remoteCalls.remove(call));
        return call;
    }

    /** Completes after {@code d}, on the client's scheduler (no thread waits). */
    public CompletableFuture<Void> after(java.time.Duration d) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        try {
            config.scheduler().schedule(() -> f.complete(null), d.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) { // a closed client
            f.completeExceptionally(e);
        }
        return f;
    }
}
