package dev.fluxschnell.sdk.prompts;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Reads rows of named values from text, by the source's extension:
 * <ul>
 *   <li>{@code .csv}: a header row naming the columns, then one row per line (RFC 4180 quoting, no line breaks inside
 *       a cell); blank cells are left out;</li>
 *   <li>{@code .jsonl} / {@code .ndjson}: one JSON object per line, with string, number or boolean values;</li>
 *   <li>anything else ({@code .txt}): one prompt per line, optionally followed by {@code " | "} and
 *       {@code key=value} options separated by spaces ({@code Blue sneaker | aspect_ratio=16:9 count=6}); a value
 *       with spaces is double-quoted.</li>
 * </ul>
 * In every format blank lines and lines starting with {@code #} are skipped, a leading byte order mark is dropped, and
 * the text must be UTF-8. Every problem is reported with {@code FILE:LINE}, all of them at once.
 */
public final class Catalogue {
    /** Separates a {@code .txt} line's prompt from its options. */
    public static final String OPTIONS_SEPARATOR = " | ";

    private Catalogue() {}

    /**
     * Reads a file.
     *
     * @param file the file; its extension gives the format
     * @return the rows, in file order
     * @throws PromptFileException naming the file (and line) when it is missing, not UTF-8 text, or malformed
     */
    public static List<CatalogueRow> read(Path file) {
        Objects.requireNonNull(file, "file must not be null");
        if (Files.isDirectory(file)) {
            throw new PromptFileException(file + ": is a directory, not a file");
        }
        if (!Files.isRegularFile(file)) {
            throw new PromptFileException(file + ": no such file");
        }
        try {
            return parse(file.toString(), Files.readAllBytes(file));
        } catch (IOException e) {
            throw new PromptFileException(file + ": cannot be read: " + e.getMessage());
        }
    }

    /**
     * Parses bytes read from {@code source} (a file or upload name; its extension gives the format).
     *
     * @param source the file or upload name, used in messages; its extension gives the format
     * @param content the bytes, UTF-8 text
     * @return the rows, in file order
     * @throws PromptFileException naming the source and line of every problem
     */
    public static List<CatalogueRow> parse(String source, byte[] content) {
        Objects.requireNonNull(source, "source must not be null");
        Objects.requireNonNull(content, "content must not be null");
        for (int i = 0; i < Math.min(content.length, 8192); i++) {
            if (content[i] == 0) {
                throw new PromptFileException(source + ": looks like a binary file, not text (a NUL byte at offset "
                        + i + ")");
            }
        }
        try {
            return parse(source, StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(content)).toString());
        } catch (CharacterCodingException e) {
            throw new PromptFileException(source + ": is not UTF-8 text (save it as UTF-8)");
        }
    }

    /**
     * Parses text read from {@code source} (a file or upload name; its extension gives the format).
     *
     * @param source the file or upload name, used in messages; its extension gives the format
     * @param text the text
     * @return the rows, in file order
     * @throws PromptFileException naming the source and line of every problem
     */
    public static List<CatalogueRow> parse(String source, String text) {
        Objects.requireNonNull(source, "source must not be null");
        Objects.requireNonNull(text, "text must not be null");
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a byte order mark, as spreadsheet programs write
        }
        List<String> lines = text.lines().toList();
        String name = source.toLowerCase(Locale.ROOT);
        List<String> problems = new ArrayList<>();
        List<CatalogueRow> rows = name.endsWith(".csv") ? csv(source, lines, problems)
                : name.endsWith(".jsonl") || name.endsWith(".ndjson") ? jsonl(source, lines, problems)
                : txt(source, lines, problems);
        if (!problems.isEmpty()) {
            throw new PromptFileException(problems);
        }
        if (rows.isEmpty()) {
            throw new PromptFileException(source + ": no rows found");
        }
        return rows;
    }

    private static boolean skipped(String line) {
        String s = line.strip();
        return s.isEmpty() || s.startsWith("#");
    }

    private static List<CatalogueRow> txt(String source, List<String> lines, List<String> problems) {
        List<CatalogueRow> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (skipped(line)) {
                continue;
            }
            String where = source + ":" + (i + 1) + ": ";
            Map<String, String> values = new LinkedHashMap<>();
            String text = line.strip();
            int bar = text.startsWith("|") ? 0 : text.indexOf(OPTIONS_SEPARATOR); // "| key=..." : a row with no prompt
            int options = text.startsWith("|") ? 1 : bar + OPTIONS_SEPARATOR.length();
            String prompt = (bar < 0 ? text : text.substring(0, bar)).strip();
            if (!prompt.isEmpty()) {
                values.put("prompt", prompt);
            }
            if (bar >= 0) {
                try {
                    options(text.substring(options), values);
                } catch (IllegalArgumentException e) {
                    problems.add(where + e.getMessage());
                    continue;
                }
            }
            rows.add(new CatalogueRow(source, i + 1, values));
        }
        return rows;
    }

    /** Parses {@code key=value key="a value"} into {@code values}. */
    static void options(String text, Map<String, String> values) {
        int i = 0;
        while (i < text.length()) {
            if (Character.isWhitespace(text.charAt(i))) {
                i++;
                continue;
            }
            int eq = text.indexOf('=', i);
            int space = indexOfSpace(text, i);
            if (eq < 0 || space >= 0 && space < eq) {
                String token = text.substring(i, space < 0 ? text.length() : space);
                throw new IllegalArgumentException("option '" + token + "' is not key=value");
            }
            String key = text.substring(i, eq).strip();
            if (key.isEmpty()) {
                throw new IllegalArgumentException("an option has no key before '='");
            }
            int start = eq + 1;
            String value;
            if (start < text.length() && text.charAt(start) == '"') {
                int close = text.indexOf('"', start + 1);
                if (close < 0) {
                    throw new IllegalArgumentException("option '" + key + "' has an unterminated quote");
                }
                value = text.substring(start + 1, close);
                i = close + 1;
            } else {
                int end = indexOfSpace(text, start);
                value = text.substring(start, end < 0 ? text.length() : end);
                i = end < 0 ? text.length() : end;
            }
            if (values.containsKey(key)) {
                throw new IllegalArgumentException("option '" + key + "' is given twice");
            }
            values.put(key, value);
        }
    }

    private static int indexOfSpace(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static List<CatalogueRow> csv(String source, List<String> lines, List<String> problems) {
        List<CatalogueRow> rows = new ArrayList<>();
        List<String> header = null;
        for (int i = 0; i < lines.size(); i++) {
            if (skipped(lines.get(i))) {
                continue;
            }
            String where = source + ":" + (i + 1) + ": ";
            List<String> cells;
            try {
                cells = splitCsv(lines.get(i));
            } catch (IllegalArgumentException e) {
                problems.add(where + e.getMessage());
                continue;
            }
            if (header == null) {
                header = cells.stream().map(String::strip).toList();
                for (int c = 0; c < header.size(); c++) {
                    if (header.get(c).isEmpty()) {
                        problems.add(where + "column " + (c + 1) + " of the header row has no name");
                    } else if (header.indexOf(header.get(c)) != c) {
                        problems.add(where + "column '" + header.get(c) + "' appears twice in the header row");
                    }
                }
                continue;
            }
            if (cells.size() != header.size()) {
                problems.add(where + "expected " + header.size() + " columns (as the header row), found "
                        + cells.size());
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (int c = 0; c < cells.size(); c++) {
                if (!cells.get(c).isBlank()) {
                    values.put(header.get(c), cells.get(c).strip());
                }
            }
            rows.add(new CatalogueRow(source, i + 1, values));
        }
        return rows;
    }

    private static List<CatalogueRow> jsonl(String source, List<String> lines, List<String> problems) {
        List<CatalogueRow> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (skipped(lines.get(i))) {
                continue;
            }
            String where = source + ":" + (i + 1) + ": ";
            JsonNode n;
            try {
                n = Jsonl.MAPPER.readTree(lines.get(i));
            } catch (IOException e) {
                problems.add(where + "not valid JSON");
                continue;
            }
            if (n == null || !n.isObject()) {
                problems.add(where + "each line must be a JSON object");
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            n.fields().forEachRemaining(e -> {
                JsonNode v = e.getValue();
                if (v.isTextual() || v.isNumber() || v.isBoolean()) {
                    values.put(e.getKey(), v.asText());
                } else if (!v.isNull()) {
                    problems.add(where + "'" + e.getKey() + "' must be a string, number or boolean, was "
                            + (v.isArray() ? "a list" : "an object"));
                }
            });
            rows.add(new CatalogueRow(source, i + 1, values));
        }
        return rows;
    }

    /** Splits one CSV line (RFC 4180 quoting; no line breaks inside a cell). */
    static List<String> splitCsv(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quote");
        }
        cells.add(cell.toString());
        return cells;
    }

    /** The mapper for {@code .jsonl} lines, made on first use: a {@code .txt} or {@code .csv} file never waits for it. */
    private static final class Jsonl {
        static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
                new com.fasterxml.jackson.databind.ObjectMapper();
    }
}
