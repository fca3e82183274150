package dev.fluxschnell.sdk.prompts;

import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.request.InputField;
import dev.fluxschnell.sdk.request.InputImage;
import dev.fluxschnell.sdk.request.Model;
import dev.fluxschnell.sdk.request.ModelDescription;
import dev.fluxschnell.sdk.request.ModelRequest;
import dev.fluxschnell.sdk.request.ModelSchema;
import dev.fluxschnell.sdk.request.Step;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The SDK's one prompt-file format (also the {@code flux} CLI's, the web example's and the queue's): a
 * {@link Catalogue} whose keys are a request's wire view ({@link ModelRequest#inputs()}). Each row is one request —
 * any model, any request type — with its own settings over the defaults:
 * <pre>
 * # prompts.txt
 * Blue sneaker on white | aspect_ratio=16:9 count=6 seed=42
 * Leather bag, studio light | size=1024x1280 name=bag-hero
 * Make the mug blue | model=kontext-pro input_image=https://example.com/mug.png
 * Remove the label | model=fill-pro image=photos/bag.png mask=photos/bag-mask.png
 * </pre>
 * Keys: {@code model} (a short name such as {@code kontext-pro}, or {@code owner/name}; default flux-schnell), the
 * chosen model's wire names (its recorded schema's fields: {@link ModelDescription#schema()}), the SDK's keys
 * ({@code style}, {@code size} as {@code WIDTHxHEIGHT}, {@code then} — steps after the request, comma-separated as
 * {@link Step#parse} reads them — and {@code keep_intermediates}), and the row's own {@code count} (images for the row,
 * any number: split into as few predictions as the model allows) and {@code name} (what to call the outputs).
 * Aliases: {@code aspect}, {@code format}, {@code quality}, {@code steps} and {@code num_outputs} (= {@code count}).
 * Keys are compared case-insensitively, with {@code -} read as {@code _}. Image inputs take https URLs or local paths,
 * relative to the prompt file; lists of images are comma-separated. An unknown key is an error naming
 * {@code FILE:LINE}, the key and the accepted ones; the whole file is checked, and every problem reported, before
 * anything is sent.
 */
public final class PromptFile {
    /** The keys a row has beside its request's view: the model, how many images, and what to call them. */
    public static final Set<String> ROW_KEYS = Set.of("model", "count", "name");
    /** Wire names that size an image another way than {@code size}. */
    private static final Set<String> SIZING = Set.of("aspect_ratio", "megapixels", "resolution", "output_megapixels",
            "width", "height");
    /** The SDK keys every request type may read beside the wire names. */
    static final Set<String> SDK_KEYS = Set.of("style", "size", "then", "keep_intermediates");

    private PromptFile() {}

    /**
     * Reads a prompt file; each row's settings apply over {@code defaults}; local image paths are relative to the
     * file's folder.
     *
     * @param file the prompt file; its extension gives the format
     * @param defaults the settings every row starts from, by the same keys a row uses (a default the row's model does
     *     not take is left out for that row)
     * @return one entry per row, in file order
     * @throws PromptFileException naming {@code FILE:LINE} of every problem
     */
    public static List<PromptEntry> read(Path file, Map<String, String> defaults) {
        Path dir = file.toAbsolutePath().getParent();
        return entries(Catalogue.read(file), defaults, dir);
    }

    /**
     * Parses a prompt file's content read from {@code source} (a file or upload name; its extension gives the
     * format); each row's settings apply over {@code defaults}. Images must be https URLs: there is no folder to
     * resolve local paths against.
     *
     * @param source the file or upload name, used in messages; its extension gives the format
     * @param content the file's bytes
     * @param defaults the settings every row starts from
     * @return one entry per row, in file order
     * @throws PromptFileException naming {@code SOURCE:LINE} of every problem
     */
    public static List<PromptEntry> parse(String source, byte[] content, Map<String, String> defaults) {
        return entries(Catalogue.parse(source, content), defaults, null);
    }

    /**
     * The entries of catalogue rows whose keys are request settings.
     *
     * @param rows the catalogue rows
     * @param defaults the settings every row starts from
     * @param imageFolder the folder local image paths are relative to, or null when only URLs are accepted
     * @return one entry per row, in row order
     * @throws PromptFileException naming {@code FILE:LINE} of every problem
     */
    public static List<PromptEntry> entries(List<CatalogueRow> rows, Map<String, String> defaults, Path imageFolder) {
        Objects.requireNonNull(defaults, "defaults must not be null");
        checkRowCount(rows);
        List<PromptEntry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (CatalogueRow row : rows) {
            try {
                entries.add(entry(row, defaults, imageFolder));
            } catch (IllegalArgumentException | IllegalStateException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new PromptFileException(problems);
        }
        return List.copyOf(entries);
    }

    /**
     * {@return whether {@code key} is a setting a row for {@code model} may give (a row key, an SDK key, an alias, or a
     * wire name of the model)} Catalogues use it to tell settings from template variables.
     *
     * @param key a column name
     * @param model the row's model
     */
    public static boolean isSetting(String key, Model model) {
        String k = canonical(key, model);
        return ROW_KEYS.contains(k) || SDK_KEYS.contains(k) || ModelDescription.of(model)
                .map(d -> d.schema().field(k).isPresent()).orElse(false);
    }

    /**
     * {@return the model a row asks for: its {@code model} key, else the defaults', else flux-schnell}
     *
     * @param values a row's values, or defaults
     * @param defaults the defaults
     * @throws IllegalArgumentException for a model the SDK does not call
     */
    public static Model modelOf(Map<String, String> values, Map<String, String> defaults) {
        String m = value(values, "model");
        if (m == null) {
            m = value(defaults, "model");
        }
        Model model = m == null || m.isBlank() ? Model.FLUX_SCHNELL : Model.parse(m);
        ModelDescription.of(model).orElseThrow(() -> new IllegalArgumentException("model " + model
                + " is not one the SDK calls"));
        return model;
    }

    private static String value(Map<String, String> values, String key) {
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (canonical(e.getKey(), null).equals(key)) {
                return e.getValue().strip();
            }
        }
        return null;
    }

    /** A key's canonical name: the wire name it stands for ({@link ModelSchema#wireName}); {@code num_outputs} is
     * {@code count} for a model without that input. */
    static String canonical(String key, Model model) {
        String k = ModelSchema.wireName(key, model);
        boolean own = model != null && ModelSchema.recorded(model).flatMap(s -> s.field(k)).isPresent();
        return k.equals("num_outputs") && !own ? "count" : k;
    }

    /** The entry for a row over {@code defaults}; messages start with {@code FILE:LINE}. */
    static PromptEntry entry(CatalogueRow row, Map<String, String> defaults, Path imageFolder) {
        String where = row.where() + ": ";
        try {
            Model model = modelOf(row.values(), defaults);
            ModelSchema schema = ModelDescription.of(model).orElseThrow().schema();
            Map<String, String> own = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : row.values().entrySet()) {
                String k = canonical(e.getKey(), model);
                if (own.put(k, e.getValue()) != null) {
                    throw new IllegalArgumentException("'" + k + "' is given twice");
                }
                if (!isSetting(k, model)) {
                    Set<String> accepted = new TreeSet<>(schema.fields().keySet());
                    accepted.addAll(ROW_KEYS);
                    accepted.addAll(SDK_KEYS);
                    throw new IllegalArgumentException("unknown key '" + e.getKey() + "' for " + model + " (known: "
                            + String.join(", ", accepted) + ")");
                }
            }
            // a default the row's request does not take is left out: a wire name its model lacks, and style or size
            // for anything but a generation
            boolean generation = ModelDescription.of(model).orElseThrow().jobs()
                    .contains(ModelDescription.Job.GENERATE) && own.keySet().stream().noneMatch(k -> schema.field(k)
                    .map(f -> f.type() == InputField.Type.URI || f.type() == InputField.Type.URI_LIST).orElse(false));
            Map<String, String> merged = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : defaults.entrySet()) {
                String k = canonical(e.getKey(), model);
                boolean takes = ROW_KEYS.contains(k) || schema.field(k).isPresent() || k.equals("then")
                        || k.equals("keep_intermediates") || (generation && k.equals("style"))
                        || (k.equals("size") && (generation || schema.field("width").isPresent()));
                if (takes && !k.equals("model")) {
                    merged.put(k, e.getValue());
                }
            }
            merged.putAll(own);
            merged.remove("model");
            // a row's way of sizing replaces the defaults' other way: its size their ratio, its ratio their size
            if (own.containsKey("size")) {
                merged.keySet().removeIf(k -> !own.containsKey(k) && SIZING.contains(k));
            } else if (own.keySet().stream().anyMatch(SIZING::contains)) {
                merged.remove("size");
            }
            int count = 0;
            String c = merged.remove("count");
            if (c != null) {
                try {
                    count = Integer.parseInt(c.strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("count must be a whole number, was '" + c + "'");
                }
                if (count < 1 || count > BatchRequest.MAX_PREDICTIONS) {
                    throw new IllegalArgumentException("count must be between 1 and " + BatchRequest.MAX_PREDICTIONS
                            + ", was " + count);
                }
            }
            String name = merged.remove("name");
            String steps = merged.remove("then");
            List<Step> then = steps == null ? List.of() : Step.parseAll(steps);
            boolean keep = "true".equalsIgnoreCase(String.valueOf(merged.remove("keep_intermediates")).strip());
            if (!merged.containsKey("prompt") && schema.field("prompt").isPresent()) {
                throw new IllegalArgumentException("missing prompt");
            }
            Map<String, Object> view = new LinkedHashMap<>();
            merged.forEach((k, v) -> view.put(k, images(schema.field(k).orElse(null), k, v, imageFolder)));
            ModelRequest request = ModelRequest.fromInputs(model, view);
            return new PromptEntry(row, request, count, name == null || name.isBlank() ? null : name.strip(), then,
                    keep);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalArgumentException(where + e.getMessage(), e);
        }
    }

    /**
     * Refuses more rows than a batch may have predictions, naming the first row too many, before any is built.
     *
     * @param rows a file's rows
     * @throws PromptFileException naming {@code FILE:LINE} of row {@link BatchRequest#MAX_PREDICTIONS} + 1
     */
    static void checkRowCount(List<CatalogueRow> rows) {
        if (rows.size() > BatchRequest.MAX_PREDICTIONS) {
            throw new PromptFileException(rows.get(BatchRequest.MAX_PREDICTIONS).where() + ": the file has "
                    + rows.size() + " rows; a batch makes at most " + BatchRequest.MAX_PREDICTIONS + " predictions");
        }
    }

    /**
     * {@return how many predictions the entries create, counted without expanding them ({@link
     * PromptEntry#predictionCount})}
     *
     * @param entries a file's entries
     * @param defaultCount images per entry when it gave no {@code count}
     * @param limit the most predictions allowed, e.g. the client's {@code maxPredictionsPerBatch}
     * @throws PromptFileException naming the row ({@code FILE:LINE}) at which the total passes {@code limit}
     */
    public static long predictionCount(List<PromptEntry> entries, int defaultCount, long limit) {
        long total = 0;
        for (PromptEntry e : entries) {
            long n = e.predictionCount(defaultCount);
            total = n > limit || total + n > limit ? limit + 1 : total + n;
            if (total > limit) {
                throw new PromptFileException(e.row().where() + ": with this row the file makes more than " + limit
                        + " predictions (" + n + " for this row" + (e.count().isPresent() ? ", count=" + e.count()
                        .getAsInt() : "") + "); lower the count, split the file, or raise the limit");
            }
        }
        return total;
    }

    /** A value as the view holds it: images (URLs, or local paths relative to the file) for image inputs. */
    private static Object images(InputField field, String key, String value, Path folder) {
        if (field == null || (field.type() != InputField.Type.URI && field.type() != InputField.Type.URI_LIST)) {
            return value;
        }
        List<InputImage> images = new ArrayList<>();
        for (String part : value.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            if (p.regionMatches(true, 0, "https:", 0, 6) || p.regionMatches(true, 0, "http:", 0, 5)) {
                images.add(InputImage.of(URI.create(p)));
            } else if (folder == null) {
                throw new IllegalArgumentException(key + ": '" + p + "' is a local path; an uploaded prompt file can "
                        + "only name images by https URL");
            } else {
                images.add(InputImage.of(folder.resolve(p)));
            }
        }
        if (field.type() == InputField.Type.URI) {
            if (images.size() != 1) {
                throw new IllegalArgumentException(key + " takes one image, was given " + images.size());
            }
            return images.get(0);
        }
        return List.copyOf(images);
    }
}
