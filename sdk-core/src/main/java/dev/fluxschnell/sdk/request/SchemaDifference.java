package dev.fluxschnell.sdk.request;

import java.util.Objects;

/**
 * One way a model's live schema differs from the one this SDK recorded: a field removed, newly required, of another
 * type, with a narrower range or fewer choices, taking fewer images, on another grid, or an output of another shape —
 * each of which can turn a request the SDK builds into a 422 or a surprise — or a harmless change (a new optional
 * field, a wider range, another default).
 *
 * @param field the input's wire name, or {@code output} for the output's shape
 * @param kind what changed
 * @param detail what it was and what it is, for a person
 */
public record SchemaDifference(String field, Kind kind, String detail) {
    /** What changed. */
    public enum Kind {
        /** The model no longer takes a field the SDK can send. */
        REMOVED(true),
        /** A field is required now (new, or optional before): requests without it are refused. */
        NOW_REQUIRED(true),
        /** A field's type changed. */
        TYPE_CHANGED(true),
        /** A field's range narrowed: values the SDK accepts are refused. */
        RANGE_NARROWED(true),
        /** Some of a field's choices are gone. */
        CHOICES_REMOVED(true),
        /** A list takes fewer images. */
        FEWER_IMAGES(true),
        /** A size must be a multiple of another number. */
        GRID_CHANGED(true),
        /** The output is a single URI where it was a list, or the reverse. */
        OUTPUT_SHAPE_CHANGED(true),
        /** A new optional field (the SDK does not send it; {@code input(name, value)} can). */
        ADDED(false),
        /** A field's range widened. */
        RANGE_WIDENED(false),
        /** A field has new choices. */
        CHOICES_ADDED(false),
        /** A list takes more images. */
        MORE_IMAGES(false),
        /** A field's default changed: requests that leave it unset behave differently. */
        DEFAULT_CHANGED(false);

        private final boolean breaking;

        Kind(boolean breaking) {
            this.breaking = breaking;
        }

        /** {@return whether requests the SDK builds can be refused or misread because of it} */
        public boolean breaking() {
            return breaking;
        }
    }

    /**
     * Checks the components.
     *
     * @param field the field
     * @param kind what changed
     * @param detail what it was and what it is
     */
    public SchemaDifference {
        Objects.requireNonNull(field, "field must not be null");
        Objects.requireNonNull(kind, "kind must not be null");
        Objects.requireNonNull(detail, "detail must not be null");
    }

    /** {@return whether requests the SDK builds can be refused or misread because of it} */
    public boolean breaking() {
        return kind.breaking();
    }

    /** {@return e.g. {@code safety_tolerance: removed (the SDK sends it as safetyTolerance)}} */
    @Override
    public String toString() {
        return field + ": " + detail;
    }
}
