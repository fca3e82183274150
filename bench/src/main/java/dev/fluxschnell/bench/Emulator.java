package dev.fluxschnell.bench;

import dev.fluxschnell.sdk.testing.StandaloneEmulator;
import java.time.Duration;

/**
 * A stand-alone emulator for profiling a client from outside (bench/profile.sh start): prints its base URL and token on
 * one line, answers as for the CLI rows of bench/ with 50 ms predictions, and stops when its standard input closes.
 */
public final class Emulator {
    private Emulator() {}

    /** Runs the emulator until standard input closes. */
    public static void main(String[] args) throws Exception {
        StandaloneEmulator.serve(CliBench.emulator(Duration.ofMillis(50)));
    }
}
