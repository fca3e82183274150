package dev.fluxschnell.examples.cli;

import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.storage.ImageStorage;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A client for one CLI run: against Replicate with the user's token, or against the bundled emulator (sandbox). */
final class Session implements AutoCloseable {
    /** Shown on every sandbox run. */
    static final String SANDBOX_BANNER = "SANDBOX: running against the bundled local emulator. Images are "
            + "placeholders, not flux-schnell output, and nothing is billed.";

    final FluxSchnellClient client;
    final boolean sandbox;
    private final FakeReplicateServer server;

    private Session(FluxSchnellClient client, FakeReplicateServer server) {
        this.client = client;
        this.server = server;
        this.sandbox = server != null;
    }

    /**
     * The API a run calls, resolved and checked before anything is counted or sent.
     *
     * @param builder a client builder with the token and base URL, or null for the sandbox
     * @param key {@link Manifest#SANDBOX}, or the API's base URL: what the journal keys the run's batch by
     */
    record Api(FluxSchnellClient.Builder builder, String key) {
        /** {@return whether the run goes to the bundled emulator (no cost: nothing to confirm)} */
        boolean sandbox() {
            return builder == null;
        }
    }

    /**
     * {@return the API {@code common} selects} Without a token, {@code --sandbox} or {@code --sandbox-if-no-token}
     * selects the emulator; otherwise a {@link UsageException} explains the choice. {@code --base-url} overrides
     * {@code REPLICATE_BASE_URL}; images the API host itself serves may then be downloaded from it too. A plain-http
     * URL to another machine (the token would travel in clear) is refused here, before anything is sent.
     */
    static Api api(ApiOptions common) {
        if (common.sandbox) {
            return new Api(null, Manifest.SANDBOX);
        }
        FluxSchnellClient.Builder b;
        try {
            b = FluxSchnellClient.builder().fromEnv(); // the token as the SDK reads it: -D property, else env
        } catch (IllegalStateException noToken) {
            if (common.sandboxIfNoToken) {
                return new Api(null, Manifest.SANDBOX);
            }
            throw new UsageException(FluxSchnellClient.TOKEN_ENV + " is not set (nor -D"
                    + FluxSchnellClient.TOKEN_PROPERTY + "). Set it to generate real images, or add --sandbox "
                    + "to try everything against the bundled emulator (placeholder images, no cost).");
        }
        String source = FluxSchnellClient.BASE_URL_ENV;
        try {
            if (common.baseUrl != null) {
                source = "--base-url";
                if (common.baseUrl.getHost() == null) {
                    throw new UsageException("--base-url " + common.baseUrl + " is not an absolute URL");
                }
                b.baseUrl(common.baseUrl);
                List<String> hosts = new ArrayList<>(b.buildOptions().downloadHosts());
                hosts.add(common.baseUrl.getHost());
                b.downloadHosts(hosts);
            }
            return new Api(b, b.buildOptions().baseUrl().toString());
        } catch (IllegalArgumentException | IllegalStateException e) { // e.g. plain http to another machine
            throw new UsageException(source + ": " + e.getMessage());
        }
    }

    /**
     * Opens a session on {@code api}: a client storing in {@code storage} (null for a session that stores nothing,
     * {@code flux models check}), or the sandbox's emulator started now.
     */
    static Session open(Api api, ImageStorage storage, int maxConcurrency, int maxPredictionsPerBatch,
                        PrintWriter err) {
        FakeReplicateServer server = null;
        FluxSchnellClient.Builder b = api.builder();
        if (api.sandbox()) {
            server = FakeReplicateServer.builder().latency(Duration.ofMillis(1200)).jitter(Duration.ofMillis(400))
                    .start();
            err.println(SANDBOX_BANNER);
            err.flush();
            b = server.clientBuilder();
        }
        try {
            b.maxConcurrency(maxConcurrency).maxPredictionsPerBatch(maxPredictionsPerBatch);
            if (storage != null) {
                b.storage(storage);
            }
            return new Session(b.build(), server);
        } catch (RuntimeException e) {
            if (server != null) {
                server.close();
            }
            throw e;
        }
    }

    @Override
    public void close() {
        client.close();
        if (server != null) {
            server.close();
        }
    }

    /** A problem with how the CLI was called; printed without a stack trace, exit code 2. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
