package dev.fluxschnell.sdk.request;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Case-insensitive lookup of SDK enums by wire value, constant name or alias. Not API. */
final class Enums {
    private Enums() {}

    /**
     * Finds the constant whose wire value or name matches {@code text} (case-insensitive, '-' and '_' alike).
     *
     * @throws IllegalArgumentException naming the field and the allowed values when nothing matches
     */
    static <E extends Enum<E>> E lookup(Class<E> type, String field, String text, Function<E, String> wireValue) {
        if (text == null) {
            throw new IllegalArgumentException(field + " must not be null; allowed: " + allowed(type, wireValue));
        }
        String wanted = normalize(text);
        for (E constant : type.getEnumConstants()) {
            if (normalize(wireValue.apply(constant)).equals(wanted) || normalize(constant.name()).equals(wanted)) {
                return constant;
            }
        }
        throw new IllegalArgumentException(
                field + " '" + text + "' is not supported; allowed: " + allowed(type, wireValue));
    }

    /**
     * Finds a model choice by its short name, its model's {@code owner/name} or its constant name (case-insensitive).
     *
     * @throws IllegalArgumentException naming the field and the allowed values when nothing matches
     */
    static <E extends Enum<E>> E lookupModel(Class<E> type, String field, String text,
                                                    Function<E, String> shortName, Function<E, ?> model) {
        for (E constant : type.getEnumConstants()) {
            if (text != null && text.trim().equalsIgnoreCase(model.apply(constant).toString())) {
                return constant;
            }
        }
        return lookup(type, field, text, shortName);
    }

    /** The allowed wire values of an enum, for error messages. */
    static <E extends Enum<E>> String allowed(Class<E> type, Function<E, String> wireValue) {
        return Arrays.stream(type.getEnumConstants()).map(wireValue).collect(Collectors.joining(", "));
    }

    /**
     * Finds the model choice whose model is {@code model}.
     *
     * @throws IllegalArgumentException saying the model does not do {@code job}
     */
    static <E extends Enum<E>> E byModel(Class<E> type, Model model, Function<E, Model> modelOf, String job) {
        for (E constant : type.getEnumConstants()) {
            if (modelOf.apply(constant).equals(model)) {
                return constant;
            }
        }
        throw new IllegalArgumentException(model + " does not " + job + "; the models that do: "
                + allowed(type, c -> modelOf.apply(c).toString()));
    }

    private static String normalize(String s) {
        return s.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    }
}
