package dev.fluxschnell.sdk.observation;

import io.micrometer.common.KeyValues;

/**
 * OpenTelemetry's GenAI semantic conventions for one prediction: observation {@value #NAME} (Micrometer's timer of it
 * has the same name; OpenTelemetry calls that metric {@code gen_ai.client.operation.duration}), low-cardinality
 * {@code gen_ai.operation.name=image}, {@code gen_ai.provider.name=replicate}, {@code gen_ai.request.model},
 * {@code error.type} (the exception's simple class name, {@code none} on success so every series has the same tag
 * keys), high-cardinality {@code gen_ai.response.id} (the prediction id) and {@code server.address}.
 */
public class DefaultGenerationObservationConvention implements GenerationObservationConvention {
    /** The observation's name (the same as Spring AI's model observations). */
    public static final String NAME = "gen_ai.client.operation";
    /** The operation name: Spring AI's for image models; OpenTelemetry has no registered value for images yet. */
    public static final String OPERATION = "image";
    /** The provider name. */
    public static final String PROVIDER = "replicate";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(GenerationContext context) {
        return OPERATION + " " + context.model();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(GenerationContext context) {
        Throwable error = context.getError();
        return KeyValues.of("gen_ai.operation.name", OPERATION, "gen_ai.provider.name", PROVIDER,
                "gen_ai.request.model", context.model(),
                "error.type", error == null ? "none" : error.getClass().getSimpleName());
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(GenerationContext context) {
        return KeyValues.of("gen_ai.response.id", context.predictionId().orElse("none"),
                "server.address", context.serverAddress());
    }
}
