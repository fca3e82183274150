package dev.fluxschnell.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The documentation files the checks read, and their fenced code blocks. */
final class Docs {
    private static final Pattern FENCE = Pattern.compile("^```(\\w*)\\s*$");

    private Docs() {}

    /** The repository's root directory. */
    static Path root() {
        return Path.of(System.getProperty("docs.root", "..")).toAbsolutePath().normalize();
    }

    /** README.md, CONTRIBUTING.md, examples/README.md and every page under docs/. */
    static List<Path> files() {
        Path root = root();
        List<Path> files = new ArrayList<>();
        for (String f : List.of("README.md", "CONTRIBUTING.md", "examples/README.md")) {
            if (Files.exists(root.resolve(f))) {
                files.add(root.resolve(f));
            }
        }
        try (Stream<Path> docs = Files.walk(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** A path relative to the root, for messages. */
    static String name(Path file) {
        return root().relativize(file).toString().replace('\\', '/');
    }

    /** One fenced block: its file, the line of its first code line, its language and its text. */
    record Block(Path file, int line, String language, String code) {
        String where() {
            return name(file) + ":" + line;
        }
    }

    /** The fenced code blocks of a markdown file. */
    static List<Block> blocks(Path file) {
        List<String> lines = read(file);
        List<Block> blocks = new ArrayList<>();
        String language = null;
        int start = 0;
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = FENCE.matcher(lines.get(i));
            if (language == null && m.matches()) {
                language = m.group(1);
                start = i + 2;
                code.setLength(0);
            } else if (language != null && lines.get(i).strip().equals("```")) {
                blocks.add(new Block(file, start, language, code.toString()));
                language = null;
            } else if (language != null) {
                code.append(lines.get(i)).append('\n');
            }
        }
        return blocks;
    }

    static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
