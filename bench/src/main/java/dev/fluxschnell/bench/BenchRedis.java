package dev.fluxschnell.bench;

import io.lettuce.core.RedisClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** A throw-away {@code redis-server} (no persistence, a free port) for the sections that need one. */
final class BenchRedis implements AutoCloseable {
    private static final Path SERVER = Path.of("/usr/bin/redis-server");

    final int port;
    final RedisClient client;
    private final Process process;

    private BenchRedis(int port, Process process) {
        this.port = port;
        this.process = process;
        this.client = RedisClient.create("redis://127.0.0.1:" + port);
    }

    /** Whether redis-server is installed (else the section says it was skipped). */
    static boolean available() {
        return Files.isExecutable(SERVER);
    }

    /** Starts one. */
    static BenchRedis start() throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process p = new ProcessBuilder(SERVER.toString(), "--bind", "127.0.0.1", "--port", Integer.toString(port),
                "--save", "", "--appendonly", "no").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectErrorStream(true).start();
        Thread.sleep(300);
        return new BenchRedis(port, p);
    }

    @Override
    public void close() {
        client.shutdown();
        process.destroyForcibly();
    }
}
