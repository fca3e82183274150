package dev.fluxschnell.sdk.batch;

import java.util.Locale;

/**
 * How long a batch of predictions will take, from an account's create rate limit: the first burst goes at once, the
 * rest at the limit, plus one prediction's run time. Shown beside the cost estimate — "500 prediction(s) ≈ 52 s at
 * 600/min; ≈ 83 min on a low-credit account (6/min)" — since on Replicate the limit, not the model, sets the pace of a
 * large batch.
 *
 * @param predictions the predictions to create
 * @param seconds the estimate at Replicate's default limit (600 a minute, bursts of 10)
 * @param lowCreditSeconds the estimate for an account with less than $5 of credit (6 a minute, bursts of 1)
 */
public record TimeEstimate(int predictions, double seconds, double lowCreditSeconds) {
    /** A typical prediction's run time, in seconds. */
    private static final double RUN = 3;

    /**
     * {@return the estimate for {@code predictions} creates}
     *
     * @param predictions the predictions to create
     */
    public static TimeEstimate of(int predictions) {
        return new TimeEstimate(predictions, seconds(predictions, 600, 10), seconds(predictions, 6, 1));
    }

    /**
     * {@return seconds for {@code predictions} creates at {@code perMinute} with bursts of {@code burst}}
     *
     * @param predictions the predictions to create
     * @param perMinute the create limit
     * @param burst the creates allowed at once
     */
    public static double seconds(int predictions, double perMinute, int burst) {
        return predictions == 0 ? 0 : Math.max(0, predictions - burst) / (perMinute / 60) + RUN;
    }

    @Override
    public String toString() {
        if (predictions == 0) {
            return "nothing to wait for";
        }
        return String.format(Locale.ROOT, "%d prediction(s) ≈ %s at 600/min; ≈ %s on a low-credit account (6/min)",
                predictions, duration(seconds), duration(lowCreditSeconds));
    }

    private static String duration(double seconds) {
        if (seconds < 120) {
            return Math.round(seconds) + " s";
        }
        if (seconds < 120 * 60) {
            return Math.round(seconds / 60) + " min";
        }
        return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
    }
}
