package dev.fluxschnell.sdk.testing;

import java.io.IOException;
import java.time.Duration;

/**
 * Runs a {@link FakeReplicateServer} in a process of its own, for a client that is not in the same JVM (another
 * language's client, the CLI's launcher training its start-up cache): prints {@code BASE_URL TOKEN} on one line of
 * standard output, then serves until standard input closes. {@code java -cp ... StandaloneEmulator [LATENCY_MS]}:
 * each prediction takes LATENCY_MS milliseconds (default 0).
 */
public final class StandaloneEmulator {
    private StandaloneEmulator() {}

    /**
     * Starts the emulator, prints its base URL and token, and stops it when standard input closes.
     *
     * @param args optionally, each prediction's latency in milliseconds
     * @throws IOException when standard input cannot be read
     */
    public static void main(String[] args) throws IOException {
        serve(FakeReplicateServer.builder().latency(Duration.ofMillis(args.length > 0 ? Long.parseLong(args[0]) : 0)));
    }

    /**
     * Starts the emulator {@code builder} configures, prints its base URL and token, and stops it when standard input
     * closes.
     *
     * @param builder the emulator's settings
     * @throws IOException when standard input cannot be read
     */
    public static void serve(FakeReplicateServer.Builder builder) throws IOException {
        try (FakeReplicateServer server = builder.start()) {
            System.out.println(server.baseUrl() + " " + server.token());
            System.out.flush();
            while (System.in.read() >= 0) {
                // serves until the caller closes the pipe (or exits)
            }
        }
    }
}
