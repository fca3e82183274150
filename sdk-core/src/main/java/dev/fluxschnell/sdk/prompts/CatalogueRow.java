package dev.fluxschnell.sdk.prompts;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of a catalogue: where it was read (source and 1-based line) and its values by key, in the file's order.
 *
 * @param source the file (or upload) name the row came from
 * @param line the row's line, 1-based
 * @param values the row's values by key (keys as written, trimmed; blank cells left out)
 */
public record CatalogueRow(String source, int line, Map<String, String> values) {
    /**
     * Checks and copies the components (the values keep their order).
     *
     * @param source the file (or upload) name the row came from
     * @param line the row's line, 1-based
     * @param values the row's values by key, in the file's order
     */
    public CatalogueRow {
        Objects.requireNonNull(source, "source must not be null");
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(values,
                "values must not be null")));
    }

    /** {@return {@code source:line}, the way every message about this row starts} */
    public String where() {
        return source + ":" + line;
    }

    /**
     * {@return the value of {@code key}, if the row has one}
     *
     * @param key the key, as written in the file
     */
    public Optional<String> value(String key) {
        return Optional.ofNullable(values.get(key));
    }
}
