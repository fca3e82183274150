package dev.fluxschnell.examples.cli;

import java.util.Locale;

/**
 * How long a batch will take, from the account's create rate limit: the first burst goes at once, the rest at the
 * limit, plus one prediction's run time — "500 predictions ≈ 53 s at 600/min; ≈ 83 min on a low-credit account".
 */
final class TimeEstimate {
    /** Replicate's default create limit: 600 a minute, bursts of 10. */
    private static final double RATE = 600;
    private static final int BURST = 10;
    /** An account with less than $5 of credit: 6 a minute, bursts of 1. */
    private static final double LOW_RATE = 6;
    private static final int LOW_BURST = 1;
    /** A typical prediction's run time, seconds. */
    private static final double RUN = 3;

    private TimeEstimate() {}

    static String of(int predictions) {
        if (predictions == 0) {
            return "nothing to wait for";
        }
        return String.format(Locale.ROOT, "%d prediction(s) ≈ %s at %.0f/min; ≈ %s on a low-credit account (6/min)",
                predictions, duration(seconds(predictions, RATE, BURST)), RATE,
                duration(seconds(predictions, LOW_RATE, LOW_BURST)));
    }

    static double seconds(int predictions, double perMinute, int burst) {
        return Math.max(0, predictions - burst) / (perMinute / 60) + RUN;
    }

    static String duration(double seconds) {
        if (seconds < 120) {
            return Math.round(seconds) + " s";
        }
        if (seconds < 120 * 60) {
            return Math.round(seconds / 60) + " min";
        }
        return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
    }
}
