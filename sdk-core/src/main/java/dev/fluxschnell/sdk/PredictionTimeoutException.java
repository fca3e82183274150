package dev.fluxschnell.sdk;

import java.time.Duration;

/** The prediction did not finish within the configured {@code predictionTimeout}; the SDK canceled it remotely. */
public class PredictionTimeoutException extends PredictionCanceledException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for the prediction that ran past {@code timeout}. */
    public PredictionTimeoutException(String predictionId, Duration timeout) {
        super("Prediction " + predictionId + " did not finish within " + timeout + "; it was canceled", predictionId);
    }
}
