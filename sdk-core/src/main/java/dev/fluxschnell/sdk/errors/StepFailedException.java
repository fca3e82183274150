package dev.fluxschnell.sdk.errors;

import dev.fluxschnell.sdk.result.StepResult;
import java.math.BigDecimal;
import java.util.List;

/**
 * A step of a pipeline failed, so its batch item failed (the other items go on): which step, the step's own
 * exception as the cause, and the steps that finished before it — with what they cost, since they were paid for. Not
 * retryable as a whole: sending the pipeline again would pay for those steps again (a batch with a journal resumes
 * from the last finished step instead).
 */
public class StepFailedException extends FluxSchnellException {
    private static final long serialVersionUID = 1L;

    /** The failed step's position (0: the pipeline's first request). */
    private final int step;
    /** What the failed step does. */
    private final String stepName;
    /** The steps that finished before it (not serialized). */
    private final transient List<StepResult> completedSteps;
    /** What the item's succeeded predictions cost (USD). */
    private final BigDecimal spent;

    /**
     * A failed step.
     *
     * @param step the step's position (0: the pipeline's first request)
     * @param steps how many steps the pipeline has, the first request included
     * @param stepName what the step does
     * @param completedSteps the steps that finished before it
     * @param spent what the item's predictions that succeeded cost (USD), the failed step's included
     * @param cause the step's own exception
     */
    public StepFailedException(int step, int steps, String stepName, List<StepResult> completedSteps,
                               BigDecimal spent, FluxSchnellException cause) {
        super("step " + (step + 1) + " of " + steps + " (" + stepName + ") failed: " + cause.getMessage(),
                cause.predictionId().orElse(null), cause, false, cause.predictionMayExist());
        this.step = step;
        this.stepName = stepName;
        this.completedSteps = List.copyOf(completedSteps);
        this.spent = spent;
    }

    /** {@return the failed step's position (0: the pipeline's first request)} */
    public int step() {
        return step;
    }

    /** {@return what the failed step does, e.g. {@code "upscale 4×"}} */
    public String stepName() {
        return stepName;
    }

    /** {@return the steps that finished before it, with their predictions and cost} */
    public List<StepResult> completedSteps() {
        return completedSteps == null ? List.of() : completedSteps;
    }

    /** {@return what the item's predictions that succeeded cost (USD): paid, though the item failed} */
    public BigDecimal spent() {
        return spent;
    }

    /** {@return the step's own exception} */
    @Override
    public synchronized FluxSchnellException getCause() {
        return (FluxSchnellException) super.getCause();
    }
}
