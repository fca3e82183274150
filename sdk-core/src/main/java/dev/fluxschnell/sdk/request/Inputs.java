package dev.fluxschnell.sdk.request;

import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds and checks one request's wire view: each typed setting goes under the wire name its model's recorded schema
 * has ({@link #put}), escape-hatch inputs are checked against the same schema ({@link #extra}), and {@link #build()}
 * refuses what the model would: a setting it does not take, a value of the wrong type, out of range or not among its
 * choices, too many images, a required input missing. Messages name the setter, the wire name and the model. Not API.
 */
final class Inputs {
    private final Model model;
    private final ModelSchema schema;
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Map<String, String> setters = new LinkedHashMap<>();

    Inputs(Model model) {
        this.model = Objects.requireNonNull(model, "model must not be null");
        this.schema = ModelDescription.require(model).schema();
    }

    /** {@return the recorded schema the inputs are checked against} */
    ModelSchema schema() {
        return schema;
    }

    /** {@return whether the model takes an input under one of these wire names} */
    boolean takes(String... wireNames) {
        for (String w : wireNames) {
            if (schema.field(w).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Puts a typed setting's value under the first of {@code wireNames} the model takes; nothing when it is null.
     *
     * @throws IllegalArgumentException when the model takes none of them
     */
    Inputs put(String setter, Object value, String... wireNames) {
        if (value == null) {
            return this;
        }
        for (String w : wireNames) {
            if (schema.field(w).isPresent()) {
                values.put(w, value);
                setters.put(w, setter);
                return this;
            }
        }
        throw notAnInput(setter, wireNames[0]);
    }

    /**
     * Adds inputs given by wire name through a builder's {@code input(name, value)} (fields the SDK has no setter for):
     * converted to the schema's type and checked like the others.
     *
     * @throws IllegalArgumentException for a name the schema does not have, or one a typed setting already set
     */
    Inputs extra(Map<String, Object> extra) {
        for (Map.Entry<String, Object> e : extra.entrySet()) {
            InputField f = schema.field(e.getKey()).orElseThrow(() -> notAnInput("input(\"" + e.getKey() + "\")",
                    e.getKey()));
            if (values.containsKey(e.getKey())) {
                throw new IllegalArgumentException("input(\"" + e.getKey() + "\") repeats what "
                        + setters.get(e.getKey()) + "(...) sets: use one of them");
            }
            values.put(e.getKey(), convert(f, e.getValue()));
            setters.put(e.getKey(), "input(\"" + e.getKey() + "\")");
        }
        return this;
    }

    /**
     * {@return the checked inputs, in the schema's order}
     *
     * @throws IllegalArgumentException naming the first problem
     */
    Map<String, Object> build() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (InputField f : schema.fields().values()) {
            Object v = values.get(f.name());
            if (v == null) {
                if (f.required()) {
                    throw new IllegalStateException(f.name() + " is required by " + model);
                }
                continue;
            }
            String setter = setters.get(f.name());
            f.problem(v).ifPresent(p -> {
                throw new IllegalArgumentException(setter + " " + p + (setter.equals(f.name()) ? "" : " (" + f.name()
                        + ")") + " for " + model);
            });
            out.put(f.name(), v);
        }
        return out;
    }

    /** The message for a setting the model does not take, listing what it takes. */
    IllegalArgumentException notAnInput(String setter, String wireName) {
        return new IllegalArgumentException(setter + (setter.equals(wireName) ? "" : " (" + wireName + ")")
                + " is not an input of " + model + "; it takes " + String.join(", ", schema.fields().keySet()));
    }

    /**
     * {@return a wire value in the type the schema gives the field: text as a prompt file writes it, a number, a
     * boolean, a URL or an image}
     */
    static Object convert(InputField f, Object v) {
        return switch (f.type()) {
            case STRING -> text(v, f.name());
            case INTEGER -> {
                long l = longValue(v, f.name());
                yield l == (int) l ? (Object) (int) l : (Object) l;
            }
            case NUMBER -> doubleValue(v, f.name());
            case BOOLEAN -> bool(v, f.name());
            case URI -> image(v, f.name());
            case URI_LIST -> images(v, f.name());
        };
    }

    /** {@return text, for a text input} */
    static String text(Object v, String key) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Enum<?> || v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        throw new IllegalArgumentException(key + " must be text, was " + describe(v));
    }

    /** {@return a whole number, from a number or its text} */
    static long longValue(Object v, String key) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short) {
            return ((Number) v).longValue();
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue(); // JSON may echo 4 as 4.0
        }
        if (v instanceof String s) {
            try {
                return Long.parseLong(s.strip());
            } catch (NumberFormatException e) {
                // fall through to the message
            }
        }
        throw new IllegalArgumentException(key + " must be a whole number, was " + describe(v));
    }

    /** {@return an int, from a number or its text} */
    static int intValue(Object v, String key) {
        long l = longValue(v, key);
        if (l != (int) l) {
            throw new IllegalArgumentException(key + " is out of range, was " + l);
        }
        return (int) l;
    }

    /** {@return a number, from a number or its text} */
    static double doubleValue(Object v, String key) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.strip());
            } catch (NumberFormatException e) {
                // fall through to the message
            }
        }
        throw new IllegalArgumentException(key + " must be a number, was " + describe(v));
    }

    /** {@return a boolean, from a boolean or {@code true}/{@code false}} */
    static boolean bool(Object v, String key) {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s) {
            switch (s.strip().toLowerCase(Locale.ROOT)) {
                case "true":
                    return true;
                case "false":
                    return false;
                default:
                    break;
            }
        }
        throw new IllegalArgumentException(key + " must be true or false, was " + describe(v));
    }

    /**
     * {@return an image: an {@link InputImage}, an https URL (text or URI), or a {@code data:} URI as a prediction's
     * {@code input} may carry it}
     */
    static InputImage image(Object v, String key) {
        if (v instanceof InputImage i) {
            return i;
        }
        if (v instanceof URI u) {
            return InputImage.of(u);
        }
        if (v instanceof String s) {
            String t = s.strip();
            if (t.startsWith("data:")) {
                int comma = t.indexOf(',');
                if (comma < 0 || !t.substring(0, comma).endsWith(";base64")) {
                    throw new IllegalArgumentException(key + ": a data: URI must be base64, was " + Checks.shorten(t));
                }
                return InputImage.of(Base64.getDecoder().decode(t.substring(comma + 1)));
            }
            try {
                return InputImage.of(URI.create(t));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException(key + " must be an image, was " + describe(v));
    }

    /** {@return a list of images: a list, or text of comma-separated URLs} */
    static List<InputImage> images(Object v, String key) {
        List<InputImage> out = new ArrayList<>();
        if (v instanceof List<?> list) {
            list.forEach(i -> out.add(image(i, key)));
        } else if (v instanceof String s) {
            for (String part : s.split(",")) {
                if (!part.isBlank()) {
                    out.add(image(part, key));
                }
            }
        } else {
            out.add(image(v, key));
        }
        return List.copyOf(out);
    }

    private static String describe(Object v) {
        return v instanceof String s ? "'" + Checks.shorten(s) + "'" : String.valueOf(v);
    }

    /**
     * Refuses keys of a view that neither the model's schema nor the request type knows, listing the accepted ones.
     *
     * @param model the model
     * @param keys the keys given
     * @param sdkKeys the SDK keys the request type reads beside the wire names
     */
    static void checkKeys(Model model, Set<String> keys, Set<String> sdkKeys) {
        ModelSchema schema = ModelDescription.require(model).schema();
        for (String k : keys) {
            if (schema.field(k).isEmpty() && !sdkKeys.contains(k)) {
                Set<String> accepted = new TreeSet<>(schema.fields().keySet());
                accepted.addAll(sdkKeys);
                throw new IllegalArgumentException("'" + k + "' is not an input of " + model + "; accepted: "
                        + String.join(", ", accepted));
            }
        }
    }
}
