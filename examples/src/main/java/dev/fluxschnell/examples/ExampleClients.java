package dev.fluxschnell.examples;

import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * Gives the examples a client: the real Replicate API when {@code REPLICATE_API_TOKEN} is set, otherwise the bundled
 * emulator (placeholder images, no cost), so every example runs on a fresh machine. Your code needs only
 * {@code FluxSchnellClient.fromEnv()} or {@code FluxSchnellClient.builder().apiToken(...)}.
 */
public final class ExampleClients {
    private static FakeReplicateServer sandbox;

    private ExampleClients() {}

    /** A client configured by {@code settings}, against Replicate or, without a token, the local emulator. */
    public static synchronized FluxSchnellClient create(UnaryOperator<FluxSchnellClient.Builder> settings) {
        String token = System.getenv(FluxSchnellClient.TOKEN_ENV);
        if (token != null && !token.isBlank()) {
            return settings.apply(FluxSchnellClient.builder().fromEnv()).build();
        }
        if (sandbox == null) {
            sandbox = FakeReplicateServer.builder().latency(Duration.ofMillis(1500)).jitter(Duration.ofMillis(500))
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close));
            System.err.println("SANDBOX: no " + FluxSchnellClient.TOKEN_ENV + " set, so this example runs against the "
                    + "bundled emulator. Images are placeholders; nothing is billed.");
        }
        return settings.apply(sandbox.clientBuilder()).build();
    }
}
