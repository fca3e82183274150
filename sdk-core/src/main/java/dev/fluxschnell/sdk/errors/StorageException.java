package dev.fluxschnell.sdk.errors;

import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * Images could not be stored: either the storage was found unusable before anything was sent (no prediction id,
 * nothing billed), or a prediction succeeded — and was billed, {@link #cost()} — but downloading or storing its images
 * failed. Then the images stay at Replicate's delivery URLs ({@link #outputs()}) for an hour after the prediction was
 * created: {@code client.storeOutputs(predictionId)}, or re-running a journaled batch, stores them without paying
 * again. Not retryable: sending the request again would pay again.
 */
public class StorageException extends FluxSchnellClientException {
    private static final long serialVersionUID = 1L;

    /** What the prediction cost (zero when nothing was billed). */
    private final BigDecimal cost;
    /** Where its images can still be downloaded (https delivery URLs; empty for images inline in the answer). */
    private final List<URI> outputs;

    /**
     * Creates the exception for the prediction whose image could not be stored.
     *
     * @param message the detail message
     * @param predictionId the prediction's id, or null when none is known
     * @param cause the cause, or null
     */
    public StorageException(String message, String predictionId, Throwable cause) {
        this(message, predictionId, cause, BigDecimal.ZERO, List.of());
    }

    /**
     * Creates the exception for a billed prediction whose images could not be stored.
     *
     * @param message the detail message
     * @param predictionId the prediction's id, or null when none is known
     * @param cause the cause, or null
     * @param cost what the prediction cost
     * @param outputs where its images can still be downloaded
     */
    public StorageException(String message, String predictionId, Throwable cause, BigDecimal cost, List<URI> outputs) {
        super(message, predictionId, cause, false, predictionId != null);
        this.cost = Objects.requireNonNull(cost, "cost must not be null");
        this.outputs = List.copyOf(outputs);
    }

    /** {@return what the prediction whose images were not stored cost (zero when nothing was billed)} */
    public BigDecimal cost() {
        return cost;
    }

    /** {@return the delivery URLs its images can still be downloaded from, for an hour after it was created} */
    public List<URI> outputs() {
        return outputs;
    }
}
