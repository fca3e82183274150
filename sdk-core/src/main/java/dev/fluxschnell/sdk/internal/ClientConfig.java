package dev.fluxschnell.sdk.internal;

import dev.fluxschnell.sdk.ClientOptions;
import dev.fluxschnell.sdk.pricing.Pricing;
import dev.fluxschnell.sdk.cache.ResultCache;
import dev.fluxschnell.sdk.quota.Quota;
import dev.fluxschnell.sdk.storage.ImageStorage;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The user's {@link ClientOptions} with the resources the client resolved for them (HTTP client, scheduler, I/O
 * executor); the settings are read from the options, never copied. Not API.
 *
 * @param options the settings
 * @param httpClient the JDK HTTP client in use
 * @param scheduler where every wait (poll, backoff, rate limit, deadlines) is scheduled
 * @param ioExecutor where blocking work runs: HTTP exchanges (their answers are handled there), downloads, storage
 * @param nanoTime the time source of waits measured by the pipeline (the limiter's; tests speed it up with their
 *     scheduler)
 */
public record ClientConfig(ClientOptions options, HttpClient httpClient, ScheduledExecutorService scheduler,
                           Executor ioExecutor, java.util.function.LongSupplier nanoTime) {
    /** A configuration on the system's time source. */
    public ClientConfig(ClientOptions options, HttpClient httpClient, ScheduledExecutorService scheduler,
                        Executor ioExecutor) {
        this(options, httpClient, scheduler, ioExecutor, System::nanoTime);
    }

    /** What every call ended by the closing client fails with: the one spelling of "the client was closed". */
    public static final String CLOSED = "the client was closed";

    /**
     * Sends {@code request} with the JDK's blocking {@code send()} on the I/O executor; the future completes on that
     * thread, which goes on with what depends on it. Not {@code sendAsync()}: the JDK completes its future one hop
     * later on CompletableFuture's default executor, which starts a thread per answer when the common pool's
     * parallelism is below 2 (most containers and 2-core machines; docs/design.md, "The transport"). A request
     * without a timeout gets the client's, so that no thread waits for headers forever.
     */
    public <T> CompletableFuture<HttpResponse<T>> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        HttpRequest timed = request.timeout().isPresent() ? request
                : HttpRequest.newBuilder(request, (name, value) -> true).timeout(requestTimeout()).build();
        CompletableFuture<HttpResponse<T>> answer = new CompletableFuture<>();
        try {
            ioExecutor.execute(() -> {
                try {
                    answer.complete(httpClient.send(timed, handler));
                } catch (InterruptedException e) { // the client stopped its threads
                    answer.completeExceptionally(new InterruptedIOException(CLOSED));
                    Thread.currentThread().interrupt(); // after: what depends on the answer ran uninterrupted
                } catch (IOException e) {
                    answer.completeExceptionally(original(e));
                } catch (Throwable e) { // an Error too: every future completes
                    answer.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            answer.completeExceptionally(new InterruptedIOException(CLOSED));
        } catch (Throwable e) { // no thread could be started (an OutOfMemoryError): the call fails, never hangs
            answer.completeExceptionally(e);
        }
        return answer;
    }

    /** {@return whether the client's I/O executor has stopped (the client was closed): nothing more is sent or stored} */
    public boolean closed() {
        return ioExecutor instanceof java.util.concurrent.ExecutorService io && io.isShutdown();
    }

    /** {@return where Failsafe runs the attempts of this client's retried calls} */
    public dev.failsafe.spi.Scheduler attempts() {
        return new Attempts(this);
    }

    /** Runs {@code work} on the I/O executor, or here when that has stopped (a closed client): it runs either way. */
    public void runOnIo(Runnable work) {
        try {
            ioExecutor.execute(work);
        } catch (RejectedExecutionException e) {
            work.run();
        }
    }

    /**
     * The failure send() rethrew, as sendAsync() would have reported it: send() wraps a cause that is not one of a few
     * IOException types in a plain IOException with the same message (an EOFException, a connection reset, the
     * body's own errors), which would hide what happened.
     */
    private static Throwable original(IOException e) {
        return e.getClass() == IOException.class && e.getCause() != null ? e.getCause() : e;
    }

    /** The API token (never logged). */
    public String apiToken() {
        return options.apiToken();
    }

    /** The API base URL. */
    public URI baseUrl() {
        return options.baseUrl();
    }


    /** See {@link ClientOptions#requestTimeout()}. */
    public Duration requestTimeout() {
        return options.requestTimeout();
    }

    /** See {@link ClientOptions#syncWait()}. */
    public Duration syncWait() {
        return options.syncWait();
    }

    /** See {@link ClientOptions#pollInterval()}. */
    public Duration pollInterval() {
        return options.pollInterval();
    }

    /** See {@link ClientOptions#predictionTimeout()}. */
    public Duration predictionTimeout() {
        return options.predictionTimeout();
    }

    /** See {@link ClientOptions#maxRetries()}. */
    public int maxRetries() {
        return options.maxRetries();
    }

    /** See {@link ClientOptions#retryBaseDelay()}. */
    public Duration retryBaseDelay() {
        return options.retryBaseDelay();
    }

    /** See {@link ClientOptions#retryMaxDelay()}. */
    public Duration retryMaxDelay() {
        return options.retryMaxDelay();
    }

    /** See {@link ClientOptions#clock()}. */
    public Clock clock() {
        return options.clock();
    }

    /** See {@link ClientOptions#storage()}. */
    public ImageStorage storage() {
        return options.storage();
    }

    /** See {@link ClientOptions#pricing()}. */
    public Pricing pricing() {
        return options.pricing();
    }

    /** The quota, or null for none. */
    public Quota quota() {
        return options.quota().orElse(null);
    }

    /** See {@link ClientOptions#maxPredictionsPerBatch()}. */
    public int maxPredictionsPerBatch() {
        return options.maxPredictionsPerBatch();
    }

    /** See {@link ClientOptions#maxConcurrency()}. */
    public int maxConcurrency() {
        return options.maxConcurrency();
    }

    /** See {@link ClientOptions#downloadHosts()}. */
    public List<String> downloadHosts() {
        return options.downloadHosts();
    }

    /** See {@link ClientOptions#maxImageBytes()}. */
    public long maxImageBytes() {
        return options.maxImageBytes();
    }

    /** The result cache, or null for none. */
    public ResultCache resultCache() {
        return options.resultCache().orElse(null);
    }

    @Override
    public String toString() {
        return "ClientConfig{" + options + "}";
    }
}
