package dev.fluxschnell.sdk.result;

import java.util.Locale;

/** The status of a Replicate prediction; values the SDK does not know map to {@link #UNKNOWN}, never an error. */
public enum PredictionStatus {
    /** Created, waiting for or booting a worker. */
    STARTING,
    /** Running. */
    PROCESSING,
    /** Finished with output. */
    SUCCEEDED,
    /** The model failed; the prediction carries an error. */
    FAILED,
    /** Canceled while running (by a cancel call or a {@code Cancel-After} deadline). */
    CANCELED,
    /** Canceled before it started (e.g. its {@code Cancel-After} deadline passed). */
    ABORTED,
    /** A status this SDK version does not know; treated as not finished. */
    UNKNOWN;

    /** {@return whether the prediction will not change any more} */
    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELED || this == ABORTED;
    }

    /**
     * Maps the server's status string, tolerating case and unknown values.
     *
     * @param status the status as sent, or null
     * @return the matching status, or {@link #UNKNOWN}
     */
    public static PredictionStatus fromWire(String status) {
        if (status == null) {
            return UNKNOWN;
        }
        try {
            return valueOf(status.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }
}
