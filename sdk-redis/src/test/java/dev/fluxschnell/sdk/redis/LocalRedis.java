package dev.fluxschnell.sdk.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Redis server (Debian's {@code redis-server}) on a free 127.0.0.1 port, no persistence, started and stopped by
 * the tests. When it is not installed, tests are skipped with the reason — except on CI ({@code CI=true}), where
 * {@code .ci/run} installs it and a missing server fails.
 */
public final class LocalRedis implements AutoCloseable {
    /** The port it listens on (127.0.0.1). */
    public final int port;
    private final String binary;
    private final Path dataDir;
    private Process process;

    private LocalRedis(String binary, int port, Path dataDir) {
        this.binary = binary;
        this.port = port;
        this.dataDir = dataDir;
    }

    /** Starts a server, or aborts (skips) the test with the reason when redis-server is missing and CI is not set. */
    public static LocalRedis start() throws Exception {
        return start(null);
    }

    /**
     * Starts a server that keeps its data in {@code dataDir} (append-only file, fsync on every write), so a restart
     * finds it again; null: no persistence.
     */
    public static LocalRedis start(Path dataDir) throws Exception {
        String binary = List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server").stream()
                .filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElse(null);
        if (binary == null) {
            String reason = "redis-server is not installed (apt-get install redis-server; .ci/run installs it)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI must run the Redis tests, but: " + reason);
            }
            Assumptions.abort(reason);
        }
        for (int attempt = 1; ; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            LocalRedis r = new LocalRedis(binary, port, dataDir);
            try {
                r.restart();
                return r;
            } catch (IllegalStateException e) { // the free port was taken meanwhile: another one
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /** Starts (again) on the same port, empty: as after a crash without persistence. */
    void restart() throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(binary, "--bind", "127.0.0.1", "--port",
                Integer.toString(port), "--save", ""));
        if (dataDir == null) {
            cmd.addAll(List.of("--appendonly", "no"));
        } else {
            cmd.addAll(List.of("--appendonly", "yes", "--appendfsync", "always", "--dir", dataDir.toString()));
        }
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        awaitUp();
    }

    /** A Lettuce client for this server (the caller shuts it down). */
    public RedisClient client() {
        RedisClient c = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(port)
                .withTimeout(Duration.ofSeconds(2)).build());
        return c;
    }

    private void awaitUp() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                if (process.isAlive()) { // not another process that took the port: redis exits when it cannot bind
                    return;
                }
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("redis-server did not start on port " + port);
    }

    /** Stops the server (as a crash would: no goodbye to the clients). */
    void stop() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
