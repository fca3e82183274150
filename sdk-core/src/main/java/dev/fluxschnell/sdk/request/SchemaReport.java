package dev.fluxschnell.sdk.request;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How a model's live schema compares with the one this SDK recorded ({@link ModelSchema#recorded}): every difference,
 * and whether the SDK's requests still fit ({@link #compatible()}: no breaking difference). A report a person can read
 * ({@link #toString()}) and a program can test. Official models cannot be pinned, and their schemas change under
 * their callers: flux-2-pro's input images went 4 → 8, its safety tolerance 1–6 → 1–5, and {@code prompt_upsampling}
 * was removed across three versions. Immutable.
 */
public final class SchemaReport {
    private final Model model;
    private final String recordedVersion;
    private final String liveVersion;
    private final List<SchemaDifference> differences;

    /**
     * A report.
     *
     * @param model the model
     * @param recordedVersion the version the recorded schema belongs to, or null when unknown
     * @param liveVersion the version compared (the latest, or a community model's pinned one), or null
     * @param differences every difference, breaking ones first
     */
    public SchemaReport(Model model, String recordedVersion, String liveVersion, List<SchemaDifference> differences) {
        this.model = Objects.requireNonNull(model, "model must not be null");
        this.recordedVersion = recordedVersion;
        this.liveVersion = liveVersion;
        this.differences = List.copyOf(differences);
    }

    /** {@return the model} */
    public Model model() {
        return model;
    }

    /** {@return the version the recorded schema belongs to, if known} */
    public Optional<String> recordedVersion() {
        return Optional.ofNullable(recordedVersion);
    }

    /** {@return the version compared (the latest, or a community model's pinned one), if known} */
    public Optional<String> liveVersion() {
        return Optional.ofNullable(liveVersion);
    }

    /** {@return every difference, breaking ones first} */
    public List<SchemaDifference> differences() {
        return differences;
    }

    /**
     * {@return the differences between {@code recorded} (what the SDK builds requests for) and {@code live}}
     *
     * @param recorded the SDK's recorded schema
     * @param live the model's live schema
     */
    public static SchemaReport compare(ModelSchema recorded, ModelSchema live) {
        List<SchemaDifference> breaking = new ArrayList<>();
        List<SchemaDifference> other = new ArrayList<>();
        for (InputField r : recorded.fields().values()) {
            Optional<InputField> l = live.field(r.name());
            if (l.isEmpty()) {
                breaking.add(new SchemaDifference(r.name(), SchemaDifference.Kind.REMOVED,
                        "removed: the model no longer takes it"));
                continue;
            }
            fieldDifferences(r, l.get(), breaking, other);
        }
        for (InputField l : live.fields().values()) {
            if (recorded.field(l.name()).isEmpty()) {
                (l.required() ? breaking : other).add(new SchemaDifference(l.name(), l.required()
                        ? SchemaDifference.Kind.NOW_REQUIRED : SchemaDifference.Kind.ADDED, (l.required()
                        ? "new and required" : "new, optional") + " (" + l + ")"));
            }
        }
        if (recorded.output() != live.output()) {
            breaking.add(new SchemaDifference("output", SchemaDifference.Kind.OUTPUT_SHAPE_CHANGED, "was "
                    + shape(recorded) + ", is " + shape(live)));
        }
        List<SchemaDifference> all = new ArrayList<>(breaking);
        all.addAll(other);
        return new SchemaReport(recorded.model(), recorded.version().orElse(null), live.version().orElse(null), all);
    }

    private static void fieldDifferences(InputField r, InputField l, List<SchemaDifference> breaking,
                                         List<SchemaDifference> other) {
        String name = r.name();
        if (r.type() != l.type()) {
            breaking.add(new SchemaDifference(name, SchemaDifference.Kind.TYPE_CHANGED, "was " + type(r) + ", is "
                    + type(l)));
            return;
        }
        if (l.required() && !r.required()) {
            breaking.add(new SchemaDifference(name, SchemaDifference.Kind.NOW_REQUIRED, "required now"));
        }
        boolean narrowed = above(l.minimum().isPresent() ? l.minimum().getAsDouble() : null,
                r.minimum().isPresent() ? r.minimum().getAsDouble() : null, false)
                || above(r.maximum().isPresent() ? r.maximum().getAsDouble() : null,
                l.maximum().isPresent() ? l.maximum().getAsDouble() : null, true);
        boolean widened = !narrowed && (!r.minimum().equals(l.minimum()) || !r.maximum().equals(l.maximum()));
        if (narrowed || widened) {
            (narrowed ? breaking : other).add(new SchemaDifference(name, narrowed
                    ? SchemaDifference.Kind.RANGE_NARROWED : SchemaDifference.Kind.RANGE_WIDENED, "range was "
                    + range(r) + ", is " + range(l)));
        }
        Set<String> gone = new LinkedHashSet<>(r.choices());
        gone.removeAll(l.choices());
        Set<String> added = new LinkedHashSet<>(l.choices());
        added.removeAll(r.choices());
        if (!r.choices().isEmpty() && !gone.isEmpty()) {
            breaking.add(new SchemaDifference(name, SchemaDifference.Kind.CHOICES_REMOVED, "no longer takes "
                    + String.join(", ", gone)));
        }
        if (!added.isEmpty()) {
            other.add(new SchemaDifference(name, SchemaDifference.Kind.CHOICES_ADDED, "also takes "
                    + String.join(", ", added)));
        }
        int rMax = r.maxItems().orElse(Integer.MAX_VALUE);
        int lMax = l.maxItems().orElse(Integer.MAX_VALUE);
        if (lMax != rMax) {
            (lMax < rMax ? breaking : other).add(new SchemaDifference(name, lMax < rMax
                    ? SchemaDifference.Kind.FEWER_IMAGES : SchemaDifference.Kind.MORE_IMAGES, "at most "
                    + count(rMax) + " images before, " + count(lMax) + " now"));
        }
        if (!r.multipleOf().equals(l.multipleOf()) && l.multipleOf().isPresent()
                && (r.multipleOf().isEmpty() || r.multipleOf().getAsInt() % l.multipleOf().getAsInt() != 0)) {
            breaking.add(new SchemaDifference(name, SchemaDifference.Kind.GRID_CHANGED, "must be a multiple of "
                    + l.multipleOf().getAsInt() + (r.multipleOf().isPresent() ? ", was " + r.multipleOf()
                    .getAsInt() : "")));
        }
        if (!Objects.equals(r.defaultValue(), l.defaultValue())) {
            other.add(new SchemaDifference(name, SchemaDifference.Kind.DEFAULT_CHANGED, "default was "
                    + r.defaultValue().map(String::valueOf).orElse("none") + ", is "
                    + l.defaultValue().map(String::valueOf).orElse("none")));
        }
    }

    /** Whether bound {@code a} is beyond {@code b} on the narrowing side (a missing bound is unbounded). */
    private static boolean above(Double a, Double b, boolean upper) {
        if (upper) { // recorded max a, live max b: narrowed when b < a
            return b != null && (a == null || b < a);
        }
        return a != null && (b == null || a > b); // live min a, recorded min b: narrowed when a > b
    }

    private static String range(InputField f) {
        return (f.minimum().isPresent() ? num(f.minimum().getAsDouble()) : "any") + "–"
                + (f.maximum().isPresent() ? num(f.maximum().getAsDouble()) : "any");
    }

    private static String num(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static String count(int n) {
        return n == Integer.MAX_VALUE ? "any number of" : Integer.toString(n);
    }

    private static String type(InputField f) {
        return f.type().name().toLowerCase(Locale.ROOT);
    }

    private static String shape(ModelSchema s) {
        return s.output() == ModelDescription.OutputShape.LIST ? "a list of URIs" : "a single URI";
    }

    /** {@return whether every request this SDK builds for the model still fits the live schema} */
    public boolean compatible() {
        return differences.stream().noneMatch(SchemaDifference::breaking);
    }

    /** {@return the differences that can make the model refuse or misread a request} */
    public List<SchemaDifference> breaking() {
        return differences.stream().filter(SchemaDifference::breaking).toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SchemaReport r && model.equals(r.model) && Objects.equals(recordedVersion,
                r.recordedVersion) && Objects.equals(liveVersion, r.liveVersion) && differences.equals(r.differences);
    }

    @Override
    public int hashCode() {
        return Objects.hash(model, recordedVersion, liveVersion, differences);
    }

    /**
     * {@return a few lines for a person: the model, the versions, and each difference, e.g.
     * {@code black-forest-labs/flux-2-pro: incompatible with this SDK (recorded 285631b5, live 00b07c32):
     *   safety_tolerance: removed: the model no longer takes it}}
     */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(model.toString()).append(": ").append(compatible()
                ? (differences.isEmpty() ? "as recorded" : "compatible") : "INCOMPATIBLE with this SDK");
        s.append(" (recorded ").append(shortId(recordedVersion)).append(", live ").append(shortId(liveVersion))
                .append(')');
        for (SchemaDifference d : differences) {
            s.append("\n  ").append(d.breaking() ? "! " : "  ").append(d);
        }
        return s.toString();
    }

    private static String shortId(String version) {
        return version == null ? "unknown" : version.substring(0, Math.min(8, version.length()));
    }
}
