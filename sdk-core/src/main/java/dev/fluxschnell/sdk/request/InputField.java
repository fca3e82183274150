package dev.fluxschnell.sdk.request;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * One input of a model as its recorded schema declares it ({@code components.schemas.Input.properties} of the model's
 * {@code openapi_schema}): wire name, type, whether it is required, default, range, choices. Immutable.
 */
public final class InputField {
    /** The JSON type of an input, as the schema gives it. */
    public enum Type {
        /** A string (an enumeration when {@link #choices()} is not empty). */
        STRING,
        /** A file: a string in {@code uri} format (an https URL or a {@code data:} URI). */
        URI,
        /** An array of files. */
        URI_LIST,
        /** A whole number. */
        INTEGER,
        /** A number. */
        NUMBER,
        /** A boolean. */
        BOOLEAN
    }

    private final String name;
    private final Type type;
    private final boolean required;
    private final Object defaultValue;
    private final Double minimum;
    private final Double maximum;
    private final List<String> choices;
    private final Integer maxItems;
    private final Integer multipleOf;
    private final String description;

    InputField(String name, Type type, boolean required, Object defaultValue, Double minimum, Double maximum,
               List<String> choices, Integer maxItems, Integer multipleOf, String description) {
        this.name = Objects.requireNonNull(name, "name must not be null");
        this.type = Objects.requireNonNull(type, "type must not be null");
        this.required = required;
        this.defaultValue = defaultValue;
        this.minimum = minimum;
        this.maximum = maximum;
        this.choices = List.copyOf(choices);
        this.maxItems = maxItems;
        this.multipleOf = multipleOf;
        this.description = description == null ? "" : description;
    }

    /** {@return the wire name, e.g. {@code num_inference_steps}} */
    public String name() {
        return name;
    }

    /** {@return the JSON type} */
    public Type type() {
        return type;
    }

    /** {@return whether the model refuses an input without it} */
    public boolean required() {
        return required;
    }

    /** {@return the model's default (a String, Long, Double, Boolean or List), if the schema states one} */
    public Optional<Object> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /** {@return the least value of a number, if bounded} */
    public OptionalDouble minimum() {
        return minimum == null ? OptionalDouble.empty() : OptionalDouble.of(minimum);
    }

    /** {@return the greatest value of a number, if bounded} */
    public OptionalDouble maximum() {
        return maximum == null ? OptionalDouble.empty() : OptionalDouble.of(maximum);
    }

    /** {@return the allowed values of an enumeration, as strings; empty for a free value} */
    public List<String> choices() {
        return choices;
    }

    /** {@return the most items of an array, if bounded} */
    public OptionalInt maxItems() {
        return maxItems == null ? OptionalInt.empty() : OptionalInt.of(maxItems);
    }

    /** {@return the number a whole-number input must be a multiple of, if the schema says} */
    public OptionalInt multipleOf() {
        return multipleOf == null ? OptionalInt.empty() : OptionalInt.of(multipleOf);
    }

    /** {@return the schema's description} */
    public String description() {
        return description;
    }

    /**
     * {@return what is wrong with {@code value} for this field, or empty when it fits} Values are as a request's
     * {@link ModelRequest#inputs()} holds them: String, Integer, Long, Double, Boolean, {@link InputImage} (for
     * {@link Type#URI}) or a list of InputImages.
     *
     * @param value the value
     */
    public Optional<String> problem(Object value) {
        Objects.requireNonNull(value, "value must not be null");
        switch (type) {
            case STRING:
                if (!(value instanceof String s)) {
                    return Optional.of("must be text");
                }
                return choices.isEmpty() || choices.contains(s) ? Optional.empty()
                        : Optional.of("must be one of " + String.join(", ", choices) + ", was " + s);
            case URI:
                return value instanceof InputImage ? Optional.empty() : Optional.of("must be an image");
            case URI_LIST:
                if (!(value instanceof List<?> list) || list.stream().anyMatch(i -> !(i instanceof InputImage))) {
                    return Optional.of("must be a list of images");
                }
                return maxItems != null && list.size() > maxItems
                        ? Optional.of("takes at most " + maxItems + " images, was given " + list.size())
                        : Optional.empty();
            case BOOLEAN:
                return value instanceof Boolean ? Optional.empty() : Optional.of("must be true or false");
            case INTEGER:
                if (!(value instanceof Integer || value instanceof Long)) {
                    return Optional.of("must be a whole number");
                }
                return number(((Number) value).doubleValue(), Long.toString(((Number) value).longValue()));
            case NUMBER:
                if (!(value instanceof Number n)) {
                    return Optional.of("must be a number");
                }
                return number(n.doubleValue(), n.toString());
            default:
                throw new IllegalStateException(type.name());
        }
    }

    private Optional<String> number(double v, String shown) {
        if (!choices.isEmpty() && choices.stream().noneMatch(c -> Double.parseDouble(c) == v)) {
            return Optional.of("must be one of " + String.join(", ", choices) + ", was " + shown);
        }
        if ((minimum != null && v < minimum) || (maximum != null && v > maximum)) {
            return Optional.of("must be between " + bound(minimum) + " and " + bound(maximum) + " (inclusive), was "
                    + shown);
        }
        if (multipleOf != null && v % multipleOf != 0) {
            return Optional.of("must be a multiple of " + multipleOf + ", was " + shown);
        }
        return Optional.empty();
    }

    private static String bound(Double d) {
        if (d == null) {
            return "any";
        }
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue())
                : String.format(Locale.ROOT, "%s", d);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputField f && name.equals(f.name) && type == f.type && required == f.required
                && Objects.equals(defaultValue, f.defaultValue) && Objects.equals(minimum, f.minimum)
                && Objects.equals(maximum, f.maximum) && choices.equals(f.choices)
                && Objects.equals(maxItems, f.maxItems) && Objects.equals(multipleOf, f.multipleOf);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, required, defaultValue, minimum, maximum, choices, maxItems, multipleOf);
    }

    @Override
    public String toString() {
        return name + ": " + type.name().toLowerCase(Locale.ROOT) + (required ? ", required" : "")
                + (defaultValue != null ? ", default " + defaultValue : "")
                + (minimum != null || maximum != null ? ", " + bound(minimum) + "–" + bound(maximum) : "")
                + (choices.isEmpty() ? "" : ", one of " + choices) + (maxItems != null ? ", ≤ " + maxItems + " items"
                : "") + (multipleOf != null ? ", multiple of " + multipleOf : "");
    }
}
