package dev.fluxschnell.sdk.prompts;

import dev.fluxschnell.sdk.request.AspectRatio;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.Megapixels;
import dev.fluxschnell.sdk.request.OutputFormat;
import dev.fluxschnell.sdk.request.Step;
import dev.fluxschnell.sdk.request.Style;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The SDK's one prompt-file format (also the {@code flux} CLI's and the web example's): a {@link Catalogue} whose keys
 * are the request's wire names. Each row is one prompt with its own settings over the defaults:
 * <pre>
 * # prompts.txt
 * Blue sneaker on white | aspect_ratio=16:9 count=6 seed=42
 * Leather bag, studio light | size=1024x1280 name=bag-hero
 * </pre>
 * Keys (aliases in brackets): {@code prompt}, {@code style}, {@code aspect_ratio} [{@code aspect}],
 * {@code output_format} [{@code format}], {@code output_quality} [{@code quality}], {@code num_inference_steps}
 * [{@code steps}], {@code seed}, {@code go_fast}, {@code megapixels}, {@code disable_safety_checker}, {@code size}
 * ({@code WIDTHxHEIGHT}, instead of aspect ratio and megapixels), {@code count} [{@code num_outputs}] (images for the
 * row, any number: split into predictions of up to 4), {@code name} (what to call the output), {@code then} (steps after
 * the prompt, comma-separated as {@link Step#parse} reads them: {@code then=remove-background:white,upscale:2}). Keys are compared
 * case-insensitively, with {@code -} read as {@code _}. An unknown key is an error naming {@code FILE:LINE} and the
 * key; the whole file is checked, and every problem reported, before anything is sent.
 */
public final class PromptFile {
    /** The keys a row may use, by their wire name. */
    public static final Set<String> KEYS = Set.of("prompt", "style", "aspect_ratio", "output_format",
            "output_quality", "num_inference_steps", "seed", "go_fast", "megapixels", "disable_safety_checker", "size",
            "count", "name", "then");
    /** Other spellings accepted for keys (the CLI's own option names among them). */
    public static final Map<String, String> ALIASES = Map.of("aspect", "aspect_ratio", "format", "output_format",
            "quality", "output_quality", "steps", "num_inference_steps", "num_outputs", "count");

    private PromptFile() {}

    /**
     * Reads a prompt file; each row's settings apply over {@code defaults}.
     *
     * @param file the prompt file; its extension gives the format
     * @param defaults applies the settings every row starts from to a new builder
     * @return one entry per row, in file order
     * @throws PromptFileException naming {@code FILE:LINE} of every problem
     */
    public static List<PromptEntry> read(Path file, Consumer<ImageRequest.Builder> defaults) {
        return entries(Catalogue.read(file), defaults);
    }

    /**
     * Parses a prompt file's content read from {@code source} (a file or upload name; its extension gives the
     * format); each row's settings apply over {@code defaults}.
     *
     * @param source the file or upload name, used in messages; its extension gives the format
     * @param content the file's bytes
     * @param defaults applies the settings every row starts from to a new builder
     * @return one entry per row, in file order
     * @throws PromptFileException naming {@code SOURCE:LINE} of every problem
     */
    public static List<PromptEntry> parse(String source, byte[] content, Consumer<ImageRequest.Builder> defaults) {
        return entries(Catalogue.parse(source, content), defaults);
    }

    /**
     * The entries of catalogue rows whose keys are request settings.
     *
     * @param rows the catalogue rows
     * @param defaults applies the settings every row starts from to a new builder
     * @return one entry per row, in row order
     * @throws PromptFileException naming {@code FILE:LINE} of every problem
     */
    public static List<PromptEntry> entries(List<CatalogueRow> rows, Consumer<ImageRequest.Builder> defaults) {
        Objects.requireNonNull(defaults, "defaults must not be null");
        List<PromptEntry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (CatalogueRow row : rows) {
            try {
                entries.add(entry(row, normalized(row), defaults));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new PromptFileException(problems);
        }
        return List.copyOf(entries);
    }

    /**
     * A row's values under their wire names.
     *
     * @throws IllegalArgumentException naming {@code FILE:LINE} and the key, for an unknown or repeated key
     */
    static Map<String, String> normalized(CatalogueRow row) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : row.values().entrySet()) {
            String key = canonical(e.getKey());
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(row.where() + ": unknown key '" + e.getKey() + "' (known: "
                        + String.join(", ", new TreeSet<>(KEYS)) + ")");
            }
            if (out.put(key, e.getValue()) != null) {
                throw new IllegalArgumentException(row.where() + ": '" + key + "' is given twice");
            }
        }
        return out;
    }

    /** A key's wire name: lower case, {@code -} as {@code _}, aliases resolved. */
    static String canonical(String key) {
        String k = key.strip().toLowerCase(Locale.ROOT).replace('-', '_');
        return ALIASES.getOrDefault(k, k);
    }

    /** The entry for a row's (normalized) values over {@code defaults}; messages start with {@code FILE:LINE}. */
    static PromptEntry entry(CatalogueRow row, Map<String, String> v, Consumer<ImageRequest.Builder> defaults) {
        String where = row.where() + ": ";
        String prompt = v.get("prompt");
        if (prompt == null || prompt.isBlank()) {
            throw new IllegalArgumentException(where + "missing prompt");
        }
        String key = null;
        try {
            ImageRequest.Builder b = ImageRequest.builder();
            defaults.accept(b);
            b.prompt(prompt);
            if (v.containsKey(key = "size") && (v.containsKey("aspect_ratio") || v.containsKey("megapixels"))) {
                throw new IllegalArgumentException("give either size or aspect_ratio/megapixels, not both");
            }
            if (v.containsKey(key = "style")) {
                b.style(Style.of(v.get(key)));
            }
            if (v.containsKey(key = "aspect_ratio")) {
                b.aspectRatio(AspectRatio.of(v.get(key)));
            }
            if (v.containsKey(key = "output_format")) {
                b.outputFormat(OutputFormat.of(v.get(key)));
            }
            if (v.containsKey(key = "output_quality")) {
                b.outputQuality(integer(v.get(key)));
            }
            if (v.containsKey(key = "num_inference_steps")) {
                b.numInferenceSteps(integer(v.get(key)));
            }
            if (v.containsKey(key = "seed")) {
                b.seed(Long.parseLong(v.get(key).strip()));
            }
            if (v.containsKey(key = "go_fast")) {
                b.goFast(bool(v.get(key)));
            }
            if (v.containsKey(key = "megapixels")) {
                b.megapixels(Megapixels.of(v.get(key)));
            }
            if (v.containsKey(key = "disable_safety_checker")) {
                b.disableSafetyChecker(bool(v.get(key)));
            }
            if (v.containsKey(key = "size")) {
                int[] size = size(v.get(key));
                b.size(size[0], size[1]);
            }
            int count = 0;
            if (v.containsKey(key = "count")) {
                count = integer(v.get(key));
                if (count < 1) {
                    throw new IllegalArgumentException("must be at least 1, was " + count);
                }
            }
            List<Step> then = new ArrayList<>();
            if (v.containsKey(key = "then")) {
                for (String step : v.get(key).split(",")) {
                    if (!step.isBlank()) {
                        then.add(Step.parse(step));
                    }
                }
            }
            key = null;
            String name = v.get("name");
            if (name != null && name.isBlank()) {
                name = null;
            }
            return new PromptEntry(row, b.build(), count, name, then);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + key + " must be a whole number, was '" + v.get(key) + "'");
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalArgumentException(where + (key != null ? key + ": " : "") + e.getMessage(), e);
        }
    }

    private static int integer(String s) {
        return Integer.parseInt(s.strip());
    }

    private static boolean bool(String s) {
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("must be true or false, was '" + s + "'");
        };
    }

    /** {@code WIDTHxHEIGHT} (also with {@code X} or {@code ×}) as two ints. */
    static int[] size(String s) {
        String[] parts = s.strip().split("[xX×]");
        if (parts.length != 2) {
            throw new IllegalArgumentException("must be WIDTHxHEIGHT, e.g. 1024x768, was '" + s + "'");
        }
        try {
            return new int[] {Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip())};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be WIDTHxHEIGHT in whole pixels, was '" + s + "'");
        }
    }
}
