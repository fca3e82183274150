package dev.fluxschnell.examples.cli;

import java.text.Normalizer;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --name PATTERN}: the output file name of each item, from its variables — e.g. {@code "{line:03}-{slug}"} →
 * {@code 007-blue-sneaker-on-white}, {@code "{sku}"} → {@code A1}, {@code "{source}-red"} → {@code bag-red}.
 * {@code {VAR:0N}} pads a number with zeros to N digits. Which variables there are is the command's: a prompt file's
 * rows have {@code {line}}, {@code {slug}}, {@code {name}} and their columns (a template's variables among them), an
 * input image {@code {source}}. The names made are checked by the SDK's batch builder (safe characters, collisions).
 *
 * @param pattern the pattern as given
 */
record NamePattern(String pattern) {
    private static final Pattern VAR = Pattern.compile("\\{([^{}:]*)(?::0(\\d))?}");

    /**
     * {@return the pattern, checked: every variable one of {@code variables}; null for no pattern}
     *
     * @param pattern the pattern, or null
     * @param variables the variables each item has, in the order a message lists them
     * @throws Session.UsageException naming an unknown variable and the ones there are, or a stray brace
     */
    static NamePattern of(String pattern, Collection<String> variables) {
        if (pattern == null) {
            return null;
        }
        Matcher m = VAR.matcher(pattern);
        while (m.find()) {
            if (!variables.contains(m.group(1))) {
                throw new Session.UsageException("--name " + pattern + ": there is no {" + m.group(1) + "}; the "
                        + "variables are " + String.join(", ", variables.stream().map(v -> "{" + v + "}").toList()));
            }
        }
        if (VAR.matcher(pattern).replaceAll("").matches(".*[{}].*")) {
            throw new Session.UsageException("--name " + pattern + ": a variable is written {NAME} or {NAME:0N}");
        }
        return new NamePattern(pattern);
    }

    /**
     * {@return the variables of a prompt file's rows: {@code line}, {@code slug}, {@code name}, then the columns}
     *
     * @param columns the file's columns (a template's variables among them), in order
     */
    static Set<String> rowVariables(Collection<String> columns) {
        Set<String> v = new LinkedHashSet<>(List.of("line", "slug", "name"));
        v.addAll(columns);
        return v;
    }

    /**
     * {@return the name of an item with {@code values}}
     *
     * @param values the item's variables
     * @param where the item, for messages ({@code FILE:LINE}, an input)
     * @throws Session.UsageException naming {@code where} when the item has no value for a variable of the pattern
     */
    String apply(Map<String, String> values, String where) {
        Matcher m = VAR.matcher(pattern);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null || value.isBlank()) {
                throw new Session.UsageException(where + ": --name uses {" + m.group(1) + "} but this row has no "
                        + m.group(1));
            }
            value = value.strip();
            if (m.group(2) != null && value.matches("\\d+")) {
                value = "0".repeat(Math.max(0, Integer.parseInt(m.group(2)) - value.length())) + value;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }

    /** The prompt as lower-case ASCII words joined by {@code -}, at most 40 characters. */
    static String slug(String prompt) {
        String ascii = Normalizer.normalize(prompt, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        String s = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (s.length() > 40) {
            s = s.substring(0, 40).replaceAll("-[^-]*$", "");
        }
        return s.isEmpty() ? "image" : s;
    }
}
