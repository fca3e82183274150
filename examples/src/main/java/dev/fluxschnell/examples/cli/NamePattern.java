package dev.fluxschnell.examples.cli;

import dev.fluxschnell.sdk.prompts.PromptEntry;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --name PATTERN}: the output file name of a prompt-file row, e.g. {@code "{line:03}-{slug}"} →
 * {@code 007-blue-sneaker-on-white}. Variables: {@code {line}} (the row's line; {@code {line:0N}} zero-padded to N
 * digits), {@code {slug}} (the prompt in lower-case words joined by {@code -}, at most 40 characters) and
 * {@code {name}} (the row's own {@code name}).
 */
final class NamePattern {
    private static final Pattern VAR = Pattern.compile("\\{(line|slug|name)(?::0(\\d))?}");

    private NamePattern() {}

    /**
     * {@return the row's output name: the pattern applied, else the row's own name, else null (the storage names it)}
     *
     * @throws Session.UsageException for an unknown variable in the pattern, or {name} on a row without one
     */
    static String stem(String pattern, PromptEntry entry) {
        if (pattern == null) {
            return entry.name().orElse(null);
        }
        Matcher m = VAR.matcher(pattern);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = switch (m.group(1)) {
                case "line" -> m.group(2) == null ? Integer.toString(entry.line())
                        : String.format(Locale.ROOT, "%0" + m.group(2) + "d", entry.line());
                case "slug" -> slug(entry.request().prompt());
                default -> entry.name().orElseThrow(() -> new Session.UsageException(entry.row().where()
                        + ": --name uses {name} but the row has no name"));
            };
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        String stem = out.toString();
        if (stem.contains("{") || stem.contains("}")) {
            throw new Session.UsageException("--name " + pattern + ": the variables are {line}, {line:0N}, {slug} and "
                    + "{name}");
        }
        return stem;
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
