package dev.fluxschnell.spring.ai;

import java.math.BigDecimal;
import java.util.List;
import org.springframework.ai.image.ImageResponseMetadata;

/**
 * What one flux-schnell call reports: the predictions it ran, what it cost, and what failed when only some of a large
 * {@code n} succeeded. The same values are in the metadata map under {@value #PREDICTION_IDS}, {@value #COST},
 * {@value #MODEL} and {@value #FAILURES}.
 */
public final class FluxSchnellImageResponseMetadata extends ImageResponseMetadata {
    /** Map key of the prediction ids ({@code List<String>}). */
    public static final String PREDICTION_IDS = "flux-schnell.prediction-ids";
    /** Map key of the cost in USD ({@link BigDecimal}). */
    public static final String COST = "flux-schnell.cost-usd";
    /** Map key of the model that made the images ({@code owner/name}). */
    public static final String MODEL = "flux-schnell.model";
    /** Map key of the failure messages ({@code List<String>}, empty when everything succeeded). */
    public static final String FAILURES = "flux-schnell.failures";

    private final List<String> predictionIds;
    private final BigDecimal cost;
    private final List<String> failures;

    FluxSchnellImageResponseMetadata(String model, List<String> predictionIds, BigDecimal cost, List<String> failures) {
        this.predictionIds = List.copyOf(predictionIds);
        this.cost = cost;
        this.failures = List.copyOf(failures);
        put(PREDICTION_IDS, this.predictionIds);
        put(COST, cost);
        put(MODEL, model);
        put(FAILURES, this.failures);
    }

    /** {@return the Replicate predictions that made the images, in order} */
    public List<String> getPredictionIds() {
        return predictionIds;
    }

    /** {@return what the call cost in USD (images × unit price; zero for cached results)} */
    public BigDecimal getCost() {
        return cost;
    }

    /** {@return why predictions failed, when some of a large {@code n} did; empty when everything succeeded} */
    public List<String> getFailures() {
        return failures;
    }
}
