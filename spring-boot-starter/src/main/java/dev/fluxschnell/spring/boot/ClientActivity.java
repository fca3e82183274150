package dev.fluxschnell.spring.boot;

import dev.fluxschnell.sdk.result.GenerationResult;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.ModelRequest;
import dev.fluxschnell.sdk.errors.AuthenticationException;
import dev.fluxschnell.sdk.errors.FluxSchnellIOException;
import dev.fluxschnell.sdk.errors.PermissionDeniedException;
import dev.fluxschnell.sdk.errors.ServerException;
import dev.fluxschnell.sdk.errors.StorageException;
import dev.fluxschnell.sdk.observation.ClientObserver;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the client's own traffic says about the API and the storage, for the health indicator: it never sends a
 * request of its own. Counts consecutive generations that failed because the API could not be reached or refused the
 * token (network errors, 5xx, 401/403), and remembers the last storage failure.
 */
public final class ClientActivity implements ClientObserver {
    private final Clock clock;
    private final AtomicInteger apiFailuresInARow = new AtomicInteger();
    private final AtomicReference<Instant> lastSuccess = new AtomicReference<>();
    private final AtomicReference<String> lastApiError = new AtomicReference<>();
    private final AtomicReference<String> lastStorageError = new AtomicReference<>();

    /**
     * Activity timed by {@code clock}.
     *
     * @param clock the clock that times successes
     */
    public ClientActivity(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Generation generationStarted(ModelRequest request) {
        return new Generation() {
            @Override
            public void succeeded(GenerationResult result) {
                apiFailuresInARow.set(0);
                lastStorageError.set(null);
                lastSuccess.set(clock.instant());
            }

            @Override
            public void failed(Throwable error) {
                if (error instanceof StorageException) {
                    lastStorageError.set(error.getMessage());
                } else if (error instanceof FluxSchnellIOException || error instanceof ServerException
                        || error instanceof AuthenticationException || error instanceof PermissionDeniedException) {
                    apiFailuresInARow.incrementAndGet();
                    lastApiError.set(error.getClass().getSimpleName() + ": " + error.getMessage());
                }
            }
        };
    }

    /** {@return generations in a row that failed because of the API (reset by a success)} */
    public int apiFailuresInARow() {
        return apiFailuresInARow.get();
    }

    /** {@return when a generation last succeeded} */
    public Optional<Instant> lastSuccess() {
        return Optional.ofNullable(lastSuccess.get());
    }

    /** {@return the last API failure's type and message (never the token: SDK messages are redacted)} */
    public Optional<String> lastApiError() {
        return Optional.ofNullable(lastApiError.get());
    }

    /** {@return the last storage failure since the last success} */
    public Optional<String> lastStorageError() {
        return Optional.ofNullable(lastStorageError.get());
    }
}
