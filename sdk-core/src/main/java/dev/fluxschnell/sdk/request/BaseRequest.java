package dev.fluxschnell.sdk.request;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * What every one-prediction request derives from its wire view: the prompt, the seed, the input images, the number of
 * outputs, the cache key, {@code equals}, {@code hashCode} and {@code toString}. A request type only maps its typed
 * settings to wire names (in its builder) and back (its {@code fromInputs}). Not API: its public methods are the
 * request types' own.
 */
abstract sealed class BaseRequest permits ImageRequest, EditRequest, InpaintRequest, UpscaleRequest,
        RemoveBackgroundRequest {
    private final Model model;
    private final Map<String, Object> inputs;
    private final Map<String, String> settings;
    private String cacheKey;

    BaseRequest(Model model, Map<String, Object> inputs, Map<String, String> settings) {
        this.model = Objects.requireNonNull(model, "model must not be null");
        this.inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /** {@return the model the request runs on} */
    public Model model() {
        return model;
    }

    /**
     * {@return what the request sets, by the model's wire names, in the schema's order: String, Integer, Long, Double,
     * Boolean, {@link InputImage} or a list of them} Settings left unset are absent: the model's defaults apply.
     */
    public Map<String, Object> inputs() {
        return inputs;
    }

    /** {@return the SDK's own settings beside the wire inputs, by their SDK keys (e.g. {@code style}); often empty} */
    public Map<String, String> settings() {
        return settings;
    }

    /** {@return the inputs as the model receives them: {@link #inputs()} with the SDK's settings applied} */
    public Map<String, Object> sentInputs() {
        return inputs;
    }

    /** {@return the prompt as the user wrote it; empty for a model that takes none} */
    public String prompt() {
        return text("prompt").orElse("");
    }

    /** {@return the seed, if one was set; otherwise the model picks a random one} */
    public OptionalLong seed() {
        Object v = inputs.get("seed");
        return v == null ? OptionalLong.empty() : OptionalLong.of(((Number) v).longValue());
    }

    /** {@return the images the request reads, in input order (empty for text to image)} */
    public List<InputImage> inputImages() {
        List<InputImage> images = new ArrayList<>();
        for (Object v : inputs.values()) {
            if (v instanceof InputImage i) {
                images.add(i);
            } else if (v instanceof List<?> list) {
                list.forEach(i -> images.add((InputImage) i));
            }
        }
        return List.copyOf(images);
    }

    /** {@return the most images one prediction of this request can return} */
    public int numOutputs() {
        Object v = inputs.get("num_outputs");
        if (v == null) {
            v = ModelDescription.require(model).schema().field("num_outputs").flatMap(InputField::defaultValue)
                    .orElse(1);
        }
        return ((Number) v).intValue();
    }

    /**
     * {@return whether the model returns the same pixels for the same request: a seed other than 0 is set, and any
     * fast path ({@code go_fast}, not deterministic even with a seed) is off, by the request or by the model's default}
     */
    public boolean isDeterministic() {
        long seed = seed().orElse(0);
        Object fast = inputs.get("go_fast");
        if (fast == null) {
            fast = ModelDescription.require(model).schema().field("go_fast").flatMap(InputField::defaultValue)
                    .orElse(false);
        }
        return seed != 0 && !Boolean.TRUE.equals(fast);
    }

    /**
     * {@return a stable hex key of everything the model is asked — the model, every input (images by their content,
     * file or URL) and the SDK's settings: equal for requests that ask for the same thing; batch journals and result
     * caches key on it}
     */
    public String cacheKey() {
        String k = cacheKey;
        if (k == null) {
            List<String> parts = new ArrayList<>();
            parts.add(model.toString());
            new TreeMap<>(inputs).forEach((name, v) -> parts.add(name + "=" + canonical(v)));
            new TreeMap<>(settings).forEach((name, v) -> parts.add("sdk." + name + "=" + v));
            k = Keys.of(parts.toArray(String[]::new));
            cacheKey = k;
        }
        return k;
    }

    private static String canonical(Object v) {
        if (v instanceof InputImage i) {
            return i.key();
        }
        if (v instanceof Double d) {
            return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        if (v instanceof List<?> list) {
            StringJoiner j = new StringJoiner(",", "[", "]");
            list.forEach(i -> j.add(canonical(i)));
            return j.toString();
        }
        return String.valueOf(v);
    }

    /** {@return the text input under the first of these wire names that is set} */
    Optional<String> text(String... wireNames) {
        return Optional.ofNullable((String) first(wireNames));
    }

    /** {@return the whole-number input under the first of these wire names that is set} */
    OptionalInt integer(String... wireNames) {
        Object v = first(wireNames);
        return v == null ? OptionalInt.empty() : OptionalInt.of(((Number) v).intValue());
    }

    /** {@return the number input under the first of these wire names that is set} */
    OptionalDouble number(String... wireNames) {
        Object v = first(wireNames);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(((Number) v).doubleValue());
    }

    /** {@return the boolean input under the first of these wire names that is set} */
    Optional<Boolean> bool(String... wireNames) {
        return Optional.ofNullable((Boolean) first(wireNames));
    }

    /** {@return the images under the first of these wire names that is set: one image, or a list} */
    List<InputImage> images(String... wireNames) {
        Object v = first(wireNames);
        if (v == null) {
            return List.of();
        }
        if (v instanceof InputImage i) {
            return List.of(i);
        }
        List<InputImage> out = new ArrayList<>();
        ((List<?>) v).forEach(i -> out.add((InputImage) i));
        return List.copyOf(out);
    }

    private Object first(String... wireNames) {
        for (String w : wireNames) {
            Object v = inputs.get(w);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && model.equals(((BaseRequest) o).model)
                && inputs.equals(((BaseRequest) o).inputs) && settings.equals(((BaseRequest) o).settings);
    }

    @Override
    public int hashCode() {
        return Objects.hash(model, inputs, settings);
    }

    /** {@return the type, the model and every setting, long text shortened} */
    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(", ", getClass().getSimpleName() + "{", "}");
        j.add(model.toString());
        inputs.forEach((name, v) -> j.add(name + "=" + shown(v)));
        settings.forEach((name, v) -> j.add(name + "=" + v));
        return j.toString();
    }

    private static String shown(Object v) {
        if (v instanceof String s) {
            return "'" + Checks.shorten(s) + "'";
        }
        if (v instanceof InputImage i) {
            return i.describe();
        }
        if (v instanceof List<?> list) {
            StringJoiner j = new StringJoiner(", ", "[", "]");
            list.forEach(i -> j.add(shown(i)));
            return j.toString();
        }
        return String.valueOf(v);
    }
}
