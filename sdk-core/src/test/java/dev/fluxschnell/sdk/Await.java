package dev.fluxschnell.sdk;

import java.util.function.BooleanSupplier;

/** Waits for a condition in tests: polls every 5 ms, fails after 10 s. */
public final class Await {
    private Await() {}

    /** Returns once {@code condition} holds; throws {@link AssertionError} after 10 s. */
    public static void until(BooleanSupplier condition) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
