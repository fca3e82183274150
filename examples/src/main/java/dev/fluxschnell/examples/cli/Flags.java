package dev.fluxschnell.examples.cli;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the CLI says that a flag's value is wrong: one line naming the flag and what it accepts. The SDK's messages name
 * a setting by its Java setter and its wire name ({@code "numInferenceSteps must be between 1 and 4 (inclusive), was 5
 * (num_inference_steps) for black-forest-labs/flux-schnell"}); here — the one place — they become the CLI's flags
 * ({@code "--steps must be between 1 and 4 (inclusive), was 5 for black-forest-labs/flux-schnell"}).
 */
final class Flags {
    /** The flag that sets each wire name or SDK key. */
    private static final Map<String, String> FLAG = Map.ofEntries(Map.entry("aspect_ratio", "--aspect-ratio"),
            Map.entry("output_format", "--format"), Map.entry("output_quality", "--quality"),
            Map.entry("num_inference_steps", "--steps"), Map.entry("steps", "--steps"),
            Map.entry("guidance", "--guidance"), Map.entry("seed", "--seed"), Map.entry("megapixels", "--megapixels"),
            Map.entry("resolution", "--resolution"), Map.entry("output_megapixels", "--resolution"),
            Map.entry("safety_tolerance", "--safety-tolerance"), Map.entry("raw", "--raw"),
            Map.entry("go_fast", "--no-fast"), Map.entry("size", "--size"), Map.entry("width", "--size"),
            Map.entry("height", "--size"), Map.entry("style", "--style"), Map.entry("prompt_strength", "--strength"),
            Map.entry("num_outputs", "--count"), Map.entry("count", "--count"), Map.entry("scale", "--scale"),
            Map.entry("face_enhance", "--face-enhance"), Map.entry("background", "--background"),
            Map.entry("outpaint", "--outpaint"), Map.entry("mask", "--mask"));

    /**
     * An SDK message: the setting's name (a setter or a wire name), optionally its wire name in parentheses, the
     * problem, optionally the wire name again and the model it is for.
     */
    private static final Pattern SDK = Pattern.compile(
            "([A-Za-z_]+)(?: \\(([a-z0-9_]+)\\))?( .*?)(?: \\(([a-z0-9_]+)\\))?( for [\\w.-]+/[\\w.-]+)?");

    private Flags() {}

    /**
     * {@return {@code message} with the setting it starts with named by its flag, if it names one: the setter or wire
     * name replaced by the flag, the wire name in parentheses dropped when the flag stands for it alone}
     */
    static Optional<String> named(String message) {
        Matcher m = SDK.matcher(message == null ? "" : message);
        if (!m.matches()) {
            return Optional.empty();
        }
        String lead = m.group(1);
        String wire = m.group(2) != null ? m.group(2) : m.group(4);
        boolean setter = wire != null && FLAG.containsKey(wire) && !FLAG.containsKey(lead)
                && camel(wire).endsWith(lead.toLowerCase(Locale.ROOT)); // numInferenceSteps, strength (prompt_strength)
        String flag = FLAG.get(setter ? wire : lead);
        if (flag == null) {
            return Optional.empty();
        }
        if (!setter) { // a wire name or SDK key (size ... (width)): the rest as it is
            return Optional.of(flag + message.substring(m.end(1)));
        }
        int g = m.group(2) != null ? 2 : 4; // the wire name in parentheses: the flag says it
        return Optional.of(flag + message.substring(m.end(1), m.start(g) - 2) + message.substring(m.end(g) + 1));
    }

    /**
     * {@return the line saying that {@code flag}'s {@code value} is wrong: {@code "--flag must ..."} for a problem
     * that names no setting, the SDK's {@code problem} naming the flag when it is about that flag, else
     * {@code "--flag value: problem"}}
     */
    static String refused(String flag, String value, String problem) {
        if (problem == null) {
            return shown(flag, value) + ": not accepted";
        }
        if (problem.startsWith("must ")) {
            return flag + " " + problem;
        }
        return named(problem).filter(m -> m.startsWith(flag + " ")).orElseGet(() -> shown(flag, value) + ": "
                + problem);
    }

    /** {@return the flag as typed, e.g. {@code --resolution "2 MP"}; a switch ({@code ""}) alone} */
    static String shown(String flag, String value) {
        return value == null || value.isEmpty() ? flag : flag + " " + (value.contains(" ") ? "\"" + value + "\""
                : value);
    }

    /** {@return a wire name in lower camel case, lower-cased: {@code num_inference_steps} → numinferencesteps} */
    private static String camel(String wire) {
        return wire.replace("_", "");
    }

    /** {@return {@code value} as an {@code int}} A value that is not one says so ("must be a whole number, was 'x'"). */
    static int integer(String value) {
        return whole(value, Integer.MIN_VALUE, Integer.MAX_VALUE).intValue();
    }

    /** {@return {@code value} as a {@code long}} A value that is not one says so. */
    static long longInteger(String value) {
        return whole(value, Long.MIN_VALUE, Long.MAX_VALUE).longValue();
    }

    /** {@return {@code value} as a {@code double}} A value that is not a number says so ("must be a number, ..."). */
    static double number(String value) {
        return decimal(value).doubleValue();
    }

    /** {@return {@code value} as a {@link BigDecimal}} A value that is not a number says so. */
    static BigDecimal decimal(String value) {
        try {
            return new BigDecimal(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a number, was '" + value + "'");
        }
    }

    private static BigInteger whole(String value, long min, long max) {
        BigInteger n;
        try {
            n = new BigInteger(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a whole number, was '" + value + "'");
        }
        if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new IllegalArgumentException("must be between " + min + " and " + max + ", was " + value);
        }
        return n;
    }
}
