package dev.fluxschnell.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fluxschnell.sdk.AspectRatio;
import dev.fluxschnell.sdk.ImageRequest;
import dev.fluxschnell.sdk.OutputFormat;
import dev.fluxschnell.sdk.Style;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a file of prompts: {@code .txt} (one prompt per line; blank lines and {@code #} comments skipped), {@code .csv}
 * (header row; columns {@code prompt} and optionally {@code style}, {@code aspect}, {@code seed}, {@code format}) or
 * {@code .jsonl} (one object per line with the same keys). Every error names the file and line.
 */
public final class PromptFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One prompt of the file with the request built from it. */
    public record Row(int line, ImageRequest request) {}

    private PromptFile() {}

    /** Parses {@code file}; per-row columns override the {@code template}'s settings. */
    public static List<Row> read(Path file, ImageRequest template) throws IOException {
        List<String> lines = lines(file);
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        List<Row> rows;
        if (name.endsWith(".csv")) {
            rows = csv(file, lines, template);
        } else if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            rows = jsonl(file, lines, template);
        } else {
            rows = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    rows.add(row(file, i + 1, template, Map.of("prompt", line)));
                }
            }
        }
        if (rows.isEmpty()) {
            throw new PromptFileException(file + ": no prompts found");
        }
        return rows;
    }

    /** The file's lines as UTF-8 text (a leading BOM dropped), or a one-line error naming the file. */
    private static List<String> lines(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new PromptFileException(file + ": is a directory, not a prompt file");
        }
        if (!Files.isRegularFile(file)) {
            throw new PromptFileException(file + ": no such file");
        }
        byte[] bytes = Files.readAllBytes(file);
        for (int i = 0; i < Math.min(bytes.length, 8192); i++) {
            if (bytes[i] == 0) {
                throw new PromptFileException(file + ": looks like a binary file, not text (a NUL byte at offset "
                        + i + ")");
            }
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new PromptFileException(file + ": is not UTF-8 text (save it as UTF-8)");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a byte order mark, as spreadsheet programs write
        }
        return text.lines().toList();
    }

    private static List<Row> csv(Path file, List<String> lines, ImageRequest template) {
        List<Row> rows = new ArrayList<>();
        List<String> header = null;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            List<String> cells = splitCsv(lines.get(i), file, i + 1);
            if (header == null) {
                header = cells.stream().map(c -> c.strip().toLowerCase(Locale.ROOT)).toList();
                if (!header.contains("prompt")) {
                    throw new PromptFileException(file + ":" + (i + 1) + ": the header row needs a 'prompt' column");
                }
                continue;
            }
            if (cells.size() != header.size()) {
                throw new PromptFileException(file + ":" + (i + 1) + ": expected " + header.size() + " columns, found "
                        + cells.size());
            }
            Map<String, String> values = new HashMap<>();
            for (int c = 0; c < cells.size(); c++) {
                if (!cells.get(c).isBlank()) {
                    values.put(header.get(c), cells.get(c).strip());
                }
            }
            rows.add(row(file, i + 1, template, values));
        }
        return rows;
    }

    private static List<Row> jsonl(Path file, List<String> lines, ImageRequest template) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            JsonNode n;
            try {
                n = JSON.readTree(lines.get(i));
            } catch (IOException e) {
                throw new PromptFileException(file + ":" + (i + 1) + ": not valid JSON");
            }
            if (!n.isObject()) {
                throw new PromptFileException(file + ":" + (i + 1) + ": each line must be a JSON object");
            }
            Map<String, String> values = new HashMap<>();
            int lineNo = i + 1;
            n.fields().forEachRemaining(e -> {
                String key = e.getKey().toLowerCase(Locale.ROOT);
                JsonNode v = e.getValue();
                boolean ok = key.equals("seed") ? v.isIntegralNumber() || v.isTextual() : v.isTextual();
                if (!ok && !v.isNull()) {
                    throw new PromptFileException(file + ":" + lineNo + ": '" + e.getKey() + "' must be "
                            + (key.equals("seed") ? "an integer" : "a string") + ", was " + kind(v));
                }
                if (!v.isNull()) {
                    values.put(key, v.asText());
                }
            });
            rows.add(row(file, i + 1, template, values));
        }
        return rows;
    }

    private static Row row(Path file, int line, ImageRequest template, Map<String, String> values) {
        String where = file + ":" + line + ": ";
        String prompt = values.get("prompt");
        if (prompt == null || prompt.isBlank()) {
            throw new PromptFileException(where + "missing prompt");
        }
        try {
            ImageRequest.Builder b = template.toBuilder().prompt(prompt);
            if (values.containsKey("style")) {
                b.style(Style.of(values.get("style")));
            }
            if (values.containsKey("aspect")) {
                b.aspectRatio(AspectRatio.of(values.get("aspect")));
            }
            if (values.containsKey("format")) {
                b.outputFormat(OutputFormat.of(values.get("format")));
            }
            if (values.containsKey("seed")) {
                b.seed(Long.parseLong(values.get("seed")));
            }
            return new Row(line, b.build());
        } catch (NumberFormatException e) {
            throw new PromptFileException(where + "seed must be an integer, was '" + values.get("seed") + "'");
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new PromptFileException(where + e.getMessage());
        }
    }

    private static String kind(JsonNode v) {
        return switch (v.getNodeType()) {
            case ARRAY -> "a list";
            case OBJECT -> "an object";
            case BOOLEAN -> "a boolean";
            case NUMBER -> "a number";
            case STRING -> "a string";
            default -> v.getNodeType().toString().toLowerCase(Locale.ROOT);
        };
    }

    /** Splits one CSV line (RFC 4180 quoting; no multi-line fields). */
    static List<String> splitCsv(String line, Path file, int lineNo) {
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
            throw new PromptFileException(file + ":" + lineNo + ": unterminated quote");
        }
        cells.add(cell.toString());
        return cells;
    }

    /** A prompt file that cannot be used; the message names the file and line. */
    public static final class PromptFileException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PromptFileException(String message) {
            super(message);
        }
    }
}
