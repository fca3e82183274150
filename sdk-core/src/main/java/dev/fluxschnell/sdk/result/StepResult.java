package dev.fluxschnell.sdk.result;

import dev.fluxschnell.sdk.request.Model;
import dev.fluxschnell.sdk.request.Step;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one step of a pipeline did ({@link GenerationResult#steps()}): step 0 is the pipeline's first request, then one
 * entry per {@link Step}, each run once per image the step before made.
 *
 * @param step the step's position (0: the first request)
 * @param name what the step does, e.g. {@code "remove background"}
 * @param model the model that ran it
 * @param predictionIds its predictions, one per input image
 * @param images the images it made (kept: the last step's, and intermediates when the pipeline keeps them)
 * @param imageCount how many images it made (kept or not)
 * @param cost what it cost (USD)
 * @param elapsed wall time from its first create to its last image stored
 */
public record StepResult(int step, String name, Model model, List<String> predictionIds, List<GeneratedImage> images,
                         int imageCount, BigDecimal cost, Duration elapsed) {
    /**
     * Checks and copies the components.
     *
     * @param step the step's position
     * @param name what the step does
     * @param model the model
     * @param predictionIds its predictions
     * @param images the images kept
     * @param imageCount how many images it made
     * @param cost what it cost
     * @param elapsed its wall time
     */
    public StepResult {
        Objects.requireNonNull(name, "name must not be null");
        Objects.requireNonNull(model, "model must not be null");
        predictionIds = List.copyOf(predictionIds);
        images = List.copyOf(images);
        Objects.requireNonNull(cost, "cost must not be null");
        Objects.requireNonNull(elapsed, "elapsed must not be null");
    }
}
