package dev.fluxschnell.sdk.prompts;

import dev.fluxschnell.sdk.batch.BatchRequest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fluxschnell.sdk.request.ModelRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A prompt with named variables — {@code "studio photo of {product}, {color} background"} — and default request
 * settings, expanded over rows into prompt-file entries (and so into a batch): a CSV/JSONL catalogue whose columns are
 * the variables (plus, optionally, request settings by their wire names), a list of maps, or the cartesian product of
 * its variables' value lists. A "saved prompt collection": {@link #save}/{@link #load} a small JSON file.
 *
 * <pre>{@code
 * PromptTemplate t = PromptTemplate.of("studio photo of {product}, {color} background")
 *         .withDefaults(Map.of("aspect_ratio", "4:5", "style", "realistic"))
 *         .withVariables(Map.of("product", List.of("mug", "bag"), "color", List.of("white", "black")));
 * List<PromptEntry> four = t.expand();                          // 2 × 2 prompts
 * List<PromptEntry> rows = t.expand(Catalogue.read(Path.of("catalogue.csv")));
 * }</pre>
 *
 * <p>Syntax: {@code {name}} is a variable (letters, digits, {@code _}, starting with a letter or {@code _});
 * {@code {{} and {@code }}} are literal braces. A malformed template fails at {@link #of}; a row missing a variable
 * fails naming {@code FILE:LINE}; with {@link #strict()} so does a column that is neither a variable nor a request
 * setting — all before anything is sent, every problem reported at once. Immutable.
 */
public final class PromptTemplate {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();
    private final String name;
    private final String template;
    private final List<Object> parts; // String literals and Var names
    private final Map<String, String> defaults;
    private final Map<String, List<String>> variables;
    private final boolean strict;
    /** Where the variables were written ({@code FILE:LINE}), for messages; null for a template built in code. */
    private final String where;

    /** A variable's place in the template. */
    private record Var(String name) {}

    private PromptTemplate(String name, String template, List<Object> parts, Map<String, String> defaults,
                           Map<String, List<String>> variables, boolean strict, String where) {
        this.name = name;
        this.template = template;
        this.parts = parts;
        this.defaults = defaults;
        this.variables = variables;
        this.strict = strict;
        this.where = where;
    }

    /**
     * Parses a template.
     *
     * @param template e.g. {@code "studio photo of {product}, {color} background"}
     * @return the template, without defaults or variable values
     * @throws IllegalArgumentException for an unclosed or empty brace, or a malformed variable name
     */
    public static PromptTemplate of(String template) {
        Objects.requireNonNull(template, "template must not be null");
        List<Object> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '{' && i + 1 < template.length() && template.charAt(i + 1) == '{') {
                literal.append('{');
                i++;
            } else if (c == '}' && i + 1 < template.length() && template.charAt(i + 1) == '}') {
                literal.append('}');
                i++;
            } else if (c == '{') {
                int end = template.indexOf('}', i);
                if (end < 0) {
                    throw new IllegalArgumentException("template: '{' at " + (i + 1) + " is not closed (write {{ for a "
                            + "literal brace)");
                }
                String var = template.substring(i + 1, end).strip();
                if (!var.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw new IllegalArgumentException("template: '{" + var + "}' at " + (i + 1) + " is not a variable "
                            + "name (letters, digits and _, not starting with a digit)");
                }
                if (literal.length() > 0) {
                    parts.add(literal.toString());
                    literal.setLength(0);
                }
                parts.add(new Var(var));
                i = end;
            } else if (c == '}') {
                throw new IllegalArgumentException("template: '}' at " + (i + 1) + " has no '{' (write }} for a literal "
                        + "brace)");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            parts.add(literal.toString());
        }
        if (parts.stream().noneMatch(Var.class::isInstance) && template.isBlank()) {
            throw new IllegalArgumentException("template: empty");
        }
        return new PromptTemplate(null, template, List.copyOf(parts), Map.of(), Map.of(), false, null);
    }

    /**
     * {@return this template with default request settings, by their prompt-file names (wire names:
     * {@code aspect_ratio}, {@code style}, {@code count}, {@code then}, ...)}; checked as a prompt-file row is
     *
     * @param defaults the settings every row starts from
     * @throws IllegalArgumentException for an unknown key or an invalid value
     */
    public PromptTemplate withDefaults(Map<String, String> defaults) {
        Objects.requireNonNull(defaults, "defaults must not be null");
        Map<String, String> d = new LinkedHashMap<>(defaults);
        d.put("prompt", "check");
        PromptFile.entries(List.of(new CatalogueRow("defaults", 1, d)), Map.of(), null); // throws for a bad key or value
        return new PromptTemplate(name, template, parts, Map.copyOf(defaults), variables, strict, where);
    }

    /**
     * {@return this template with value lists per variable, for {@link #expand()}}
     *
     * @param variables the values of each variable
     */
    public PromptTemplate withVariables(Map<String, List<String>> variables) {
        Objects.requireNonNull(variables, "variables must not be null");
        Map<String, List<String>> v = new LinkedHashMap<>();
        variables.forEach((k, values) -> v.put(k, List.copyOf(values)));
        return new PromptTemplate(name, template, parts, defaults, Collections.unmodifiableMap(v), strict,
                where);
    }

    /**
     * {@return this template with a name (what it is saved and listed as)}
     *
     * @param name e.g. {@code "spring-catalogue"}
     */
    public PromptTemplate named(String name) {
        return new PromptTemplate(Objects.requireNonNull(name, "name must not be null"), template, parts, defaults,
                variables, strict, where);
    }

    /** {@return this template refusing catalogue columns that are neither variables nor request settings} */
    public PromptTemplate strict() {
        return new PromptTemplate(name, template, parts, defaults, variables, true, where);
    }

    /** {@return the template's name, if it has one} */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /** {@return where the template's variables were written ({@code FILE:LINE}), for a template read from a file} */
    public Optional<String> where() {
        return Optional.ofNullable(where);
    }

    /** {@return the template text as written} */
    public String template() {
        return template;
    }

    /** {@return the default request settings, by wire name} */
    public Map<String, String> defaults() {
        return defaults;
    }

    /** {@return the value lists per variable (for the cartesian product)} */
    public Map<String, List<String>> variables() {
        return variables;
    }

    /** {@return the variables the template uses, in order of first use} */
    public Set<String> variableNames() {
        Set<String> names = new LinkedHashSet<>();
        parts.stream().filter(Var.class::isInstance).forEach(p -> names.add(((Var) p).name()));
        return names;
    }

    /**
     * {@return the prompt for {@code values}}
     *
     * @param values a value per variable (more are ignored)
     * @throws IllegalArgumentException naming the variables missing or blank
     */
    public String render(Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        List<String> missing = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof Var v) {
                String value = values.get(v.name());
                if (value == null || value.isBlank()) {
                    if (!missing.contains(v.name())) {
                        missing.add(v.name());
                    }
                } else {
                    out.append(value.strip());
                }
            } else {
                out.append((String) p);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("no value for " + String.join(", ", missing.stream()
                    .map(m -> "{" + m + "}").toList()));
        }
        return out.toString();
    }

    /**
     * {@return one entry per catalogue row: the prompt rendered from the row's variables, the template's defaults
     * under the row's own settings}
     *
     * @param rows catalogue rows whose columns are variables (and optionally request settings by wire name)
     * @throws PromptFileException naming {@code FILE:LINE} of every row with a missing variable, a bad setting, or
     *     (strict) an unknown column
     */
    public List<PromptEntry> expand(List<CatalogueRow> rows) {
        return expand(rows, Map.of());
    }

    /**
     * {@return one entry per catalogue row, over settings {@code base} applies first (a CLI's options, say): then the
     * template's defaults, then the row's own settings}
     *
     * @param rows catalogue rows whose columns are variables (and optionally request settings by wire name)
     * @param base the settings every row starts from, by prompt-file keys
     * @throws PromptFileException naming {@code FILE:LINE} of every row with a problem
     */
    public List<PromptEntry> expand(List<CatalogueRow> rows, Map<String, String> base) {
        Objects.requireNonNull(base, "base must not be null");
        PromptFile.checkRowCount(rows);
        Set<String> vars = variableNames();
        List<PromptEntry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (CatalogueRow row : rows) {
            try {
                Map<String, String> settings = new LinkedHashMap<>(defaults);
                Map<String, String> values = new LinkedHashMap<>();
                Map<String, String> over = new LinkedHashMap<>(base);
                over.putAll(defaults);
                dev.fluxschnell.sdk.request.Model model = PromptFile.modelOf(row.values(), over);
                for (Map.Entry<String, String> e : row.values().entrySet()) {
                    String key = e.getKey().strip();
                    if (vars.contains(key)) {
                        values.put(key, e.getValue());
                    } else if (PromptFile.isSetting(key, model) && !key.equals("prompt")) {
                        settings.put(PromptFile.canonical(key, model), e.getValue());
                    } else if (strict) {
                        throw new IllegalArgumentException(row.where() + ": column '" + key + "' is neither a "
                                + "variable of the template (" + String.join(", ", vars) + ") nor a request setting");
                    }
                }
                String prompt;
                try {
                    prompt = render(values);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(row.where() + ": " + e.getMessage(), e);
                }
                settings.put("prompt", prompt);
                CatalogueRow resolved = new CatalogueRow(row.source(), row.line(), settings);
                entries.add(PromptFile.entry(resolved, base, null));
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
     * {@return one entry per map, as rows numbered from 1 of a source called {@code "rows"}}
     *
     * @param rows a value per variable in each map
     */
    public List<PromptEntry> expandMaps(List<Map<String, String>> rows) {
        return expand(rows(rows));
    }

    private static List<CatalogueRow> rows(List<Map<String, String>> maps) {
        List<CatalogueRow> r = new ArrayList<>();
        for (int i = 0; i < maps.size(); i++) {
            r.add(new CatalogueRow("rows", i + 1, maps.get(i)));
        }
        return r;
    }

    /**
     * {@return how many entries {@link #expand()} makes — the product of the template's variables' value counts —
     * computed without expanding; {@link Long#MAX_VALUE} when that does not fit a long}
     */
    public long combinations() {
        long n = 1;
        for (String name : variableNames()) {
            try {
                n = Math.multiplyExact(n, (long) variables.getOrDefault(name, List.of()).size());
            } catch (ArithmeticException e) {
                return Long.MAX_VALUE;
            }
        }
        return n;
    }

    /**
     * {@return one entry per combination of the variables' value lists (the cartesian product, the first variable
     * varying slowest)}
     *
     * @throws IllegalArgumentException when a variable of the template has no value list
     */
    public List<PromptEntry> expand() {
        return expand(Map.of());
    }

    /**
     * {@return one entry per combination of the variables' value lists, as {@link #expand()}, each request built
     * from {@code base} first, then the template's defaults}
     *
     * @param base settings every request starts from, before the template's defaults (e.g. command-line options), by
     *     prompt-file keys
     * @throws IllegalArgumentException when a variable of the template has no value list, or the variables make more
     *     than {@link BatchRequest#MAX_PREDICTIONS} combinations (see {@link #combinations()})
     */
    public List<PromptEntry> expand(Map<String, String> base) {
        return expand(combinationRows(), base);
    }

    /**
     * {@return every combination of the variables' value lists as a catalogue row (source {@code "combination"},
     * numbered from 1), the first variable varying slowest: what {@link #expand()} expands}
     *
     * @throws IllegalArgumentException when a variable of the template has no value list, or the variables make more
     *     than {@link BatchRequest#MAX_PREDICTIONS} combinations (see {@link #combinations()})
     */
    public List<CatalogueRow> combinationRows() {
        List<String> names = new ArrayList<>(variableNames());
        for (String n : names) {
            if (!variables.containsKey(n) || variables.get(n).isEmpty()) {
                throw new IllegalArgumentException("variable {" + n + "} has no values to expand");
            }
        }
        long combinations = combinations();
        if (combinations > BatchRequest.MAX_PREDICTIONS) {
            throw new IllegalArgumentException((where == null ? "" : where + ": ") + "the variables expand to "
                    + (combinations == Long.MAX_VALUE ? "more than " + Long.MAX_VALUE : combinations)
                    + " combinations (" + names.stream().map(n -> n + " " + variables.get(n).size())
                    .collect(java.util.stream.Collectors.joining(" × ")) + "); a batch makes at most "
                    + BatchRequest.MAX_PREDICTIONS + " predictions");
        }
        List<Map<String, String>> combos = new ArrayList<>();
        combos.add(new LinkedHashMap<>());
        for (String n : names) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> c : combos) {
                for (String value : variables.get(n)) {
                    Map<String, String> m = new LinkedHashMap<>(c);
                    m.put(n, value);
                    next.add(m);
                }
            }
            combos = next;
        }
        List<CatalogueRow> rows = new ArrayList<>();
        for (int i = 0; i < combos.size(); i++) {
            rows.add(new CatalogueRow("combination", i + 1, combos.get(i)));
        }
        return rows;
    }

    /**
     * {@return what the entries run: each entry's requests (its count, or {@code defaultCount}) and steps}
     *
     * @param entries expanded entries
     * @param defaultCount images per entry when it gave no count
     */
    public static List<ModelRequest> runs(List<PromptEntry> entries, int defaultCount) {
        List<ModelRequest> runs = new ArrayList<>();
        entries.forEach(e -> runs.addAll(e.runs(defaultCount)));
        return runs;
    }

    /**
     * Saves the template as JSON: {@code {"name", "template", "defaults": {...}, "variables": {...}}}.
     *
     * @param file where to write it
     */
    public void save(Path file) {
        Map<String, Object> n = new LinkedHashMap<>();
        if (name != null) {
            n.put("name", name);
        }
        n.put("template", template);
        n.put("defaults", defaults);
        n.put("variables", variables);
        try {
            Files.writeString(file, JSON.writeValueAsString(n) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write template " + file, e);
        }
    }

    /**
     * Loads a template saved by {@link #save} (or written by hand in that format).
     *
     * @param file the template file
     * @return the template
     * @throws IllegalArgumentException naming the file and what is wrong
     */
    public static PromptTemplate load(Path file) {
        try {
            return parse(file.toString(), Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read template " + file, e);
        }
    }

    /**
     * Parses a template file's content.
     *
     * @param source the file's name, for messages
     * @param content its bytes
     * @return the template
     * @throws IllegalArgumentException naming the source and what is wrong
     */
    public static PromptTemplate parse(String source, byte[] content) {
        JsonNode n;
        try {
            n = JSON.readTree(content);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": not valid JSON: " + e.getMessage(), e);
        }
        try {
            for (Iterator<String> keys = n.fieldNames(); keys.hasNext(); ) {
                String k = keys.next();
                if (!Set.of("name", "template", "defaults", "variables").contains(k)) {
                    throw new IllegalArgumentException("unknown key '" + k + "' (known: name, template, defaults, "
                            + "variables)");
                }
            }
            if (!n.path("template").isTextual()) {
                throw new IllegalArgumentException("'template' (a string) is required");
            }
            PromptTemplate t = of(n.get("template").asText());
            if (n.hasNonNull("name")) {
                t = t.named(n.get("name").asText());
            }
            Map<String, String> d = new LinkedHashMap<>();
            n.path("defaults").fields().forEachRemaining(e -> d.put(e.getKey(), e.getValue().asText()));
            Map<String, List<String>> v = new LinkedHashMap<>();
            n.path("variables").fields().forEachRemaining(e -> {
                List<String> values = new ArrayList<>();
                e.getValue().forEach(x -> values.add(x.asText()));
                v.put(e.getKey(), values);
            });
            PromptTemplate loaded = t.withDefaults(d).withVariables(v);
            String text = new String(content, java.nio.charset.StandardCharsets.UTF_8);
            int at = text.indexOf("\"variables\"");
            long line = at < 0 ? 1 : 1 + text.substring(0, at).chars().filter(c -> c == '\n').count();
            return new PromptTemplate(loaded.name, loaded.template, loaded.parts, loaded.defaults, loaded.variables,
                    loaded.strict, source + ":" + line);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "PromptTemplate{" + (name != null ? name + ", " : "") + "'" + template + "', variables="
                + variableNames() + "}";
    }
}
