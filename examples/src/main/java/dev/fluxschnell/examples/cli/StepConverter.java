package dev.fluxschnell.examples.cli;

import dev.fluxschnell.sdk.Background;
import dev.fluxschnell.sdk.Step;
import picocli.CommandLine.ITypeConverter;

/** {@code --then remove-background[:white|:transparent]} and {@code --then upscale[:2|:4]} as pipeline steps. */
final class StepConverter implements ITypeConverter<Step> {
    @Override
    public Step convert(String value) {
        String v = value.trim();
        int colon = v.indexOf(':');
        String name = colon < 0 ? v : v.substring(0, colon);
        String arg = colon < 0 ? null : v.substring(colon + 1);
        switch (name) {
            case "remove-background":
                return Step.removeBackground(arg == null ? Background.TRANSPARENT : Background.of(arg));
            case "upscale":
                if (arg == null) {
                    return Step.upscale(4);
                }
                try {
                    return Step.upscale(Integer.parseInt(arg.replace("x", "")));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--then upscale:" + arg + ": the factor is 2 or 4");
                }
            default:
                throw new IllegalArgumentException("--then " + value + ": a step is remove-background[:white] or "
                        + "upscale[:2|:4]");
        }
    }
}
