package dev.fluxschnell.sdk.testing;

import java.security.SecureRandom;
import java.util.Random;

/**
 * The emulator's randomness: which requests get a fault, prediction ids, drawn seeds and latencies. Seeded through
 * {@link FakeReplicateServer.Builder#seed(long)} for reproducible runs.
 */
final class Faults {
    private final FakeReplicateServer.Builder config;
    private final Random random;

    Faults(FakeReplicateServer.Builder config) {
        this.config = config;
        this.random = config.seed == null ? new SecureRandom() : new Random(config.seed);
    }

    /** Fills {@code bytes} with random bytes (the webhook secret). */
    synchronized void nextBytes(byte[] bytes) {
        random.nextBytes(bytes);
    }

    synchronized boolean chance(double rate) {
        return rate > 0 && random.nextDouble() < rate;
    }

    synchronized long randomSeed() {
        return random.nextInt(65536);
    }

    synchronized String newId() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder(26);
        for (int i = 0; i < 26; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    synchronized long latencyMillis(EmulatedModel model) {
        long base = config.modelLatency.getOrDefault(model.id(), config.latency).toMillis();
        long jitter = config.jitter.toMillis();
        return Math.max(0, base + (jitter == 0 ? 0 : (long) ((random.nextDouble() * 2 - 1) * jitter)));
    }

    /** Thrown inside a handler to drop the connection without an answer (the JDK server closes it). */
    static final class DroppedConnection extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DroppedConnection() {
            super("dropped on purpose", null, false, false);
        }
    }
}
