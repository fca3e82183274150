package dev.fluxschnell.sdk.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/** Names and key values of a generation's observation; implement it to rename or add tags. */
public interface GenerationObservationConvention extends ObservationConvention<GenerationContext> {
    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof GenerationContext;
    }
}
