package dev.fluxschnell.examples.cli;

import dev.fluxschnell.sdk.request.Step;
import picocli.CommandLine.ITypeConverter;

/** {@code --then remove-background[:white|:transparent]} and {@code --then upscale[:2|:4]}: {@link Step#parse}. */
final class StepConverter implements ITypeConverter<Step> {
    @Override
    public Step convert(String value) {
        return Step.parse(value);
    }
}
