package dev.fluxschnell.examples.cli;

import dev.fluxschnell.sdk.request.Step;
import picocli.CommandLine.ITypeConverter;

/**
 * {@code --then STEP}: {@code remove-background[:white|:transparent]}, {@code upscale[:2|:4|:recraft-crisp]},
 * {@code edit:INSTRUCTION} — {@link Step#parse}; a step it does not know exits 2 naming the flag ({@link Flags}).
 */
final class StepConverter implements ITypeConverter<Step> {
    @Override
    public Step convert(String value) {
        return Step.parse(value);
    }
}
