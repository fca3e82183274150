package dev.fluxschnell.examples.cli;

import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.storage.ImageStorage;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import java.io.PrintWriter;
import java.time.Duration;

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
     * Opens a session. Without a token, {@code --sandbox} or {@code --sandbox-if-no-token} selects the emulator;
     * otherwise a {@link UsageException} explains the choice. {@code --base-url} overrides {@code REPLICATE_BASE_URL};
     * images the API host itself serves may then be downloaded from it too.
     */
    static Session open(CommonOptions common, ImageStorage storage, int maxConcurrency, int maxBatchSize,
                        PrintWriter err) {
        FluxSchnellClient.Builder b = null;
        if (!common.sandbox) {
            try {
                b = FluxSchnellClient.builder().fromEnv(); // the token as the SDK reads it: -D property, else env
            } catch (IllegalStateException noToken) {
                if (!common.sandboxIfNoToken) {
                    throw new UsageException(FluxSchnellClient.TOKEN_ENV + " is not set (nor -D"
                            + FluxSchnellClient.TOKEN_PROPERTY + "). Set it to generate real images, or add --sandbox "
                            + "to try everything against the bundled emulator (placeholder images, no cost).");
                }
            }
        }
        if (b == null) {
            FakeReplicateServer server = FakeReplicateServer.builder().latency(Duration.ofMillis(1200))
                    .jitter(Duration.ofMillis(400)).start();
            err.println(SANDBOX_BANNER);
            err.flush();
            FluxSchnellClient client = server.clientBuilder().storage(storage).maxConcurrency(maxConcurrency)
                    .maxBatchSize(maxBatchSize).build();
            return new Session(client, server);
        }
        b.storage(storage).maxConcurrency(maxConcurrency).maxBatchSize(maxBatchSize);
        if (common.baseUrl != null) {
            if (common.baseUrl.getHost() == null) {
                throw new UsageException("--base-url " + common.baseUrl + " is not an absolute URL");
            }
            java.util.List<String> hosts = new java.util.ArrayList<>(b.buildOptions().downloadHosts());
            hosts.add(common.baseUrl.getHost());
            b.baseUrl(common.baseUrl).downloadHosts(hosts);
        }
        FluxSchnellClient client = b.build();
        return new Session(client, null);
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
