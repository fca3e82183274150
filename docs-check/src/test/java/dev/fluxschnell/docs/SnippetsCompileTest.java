package dev.fluxschnell.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@code ```java} block of README.md, CONTRIBUTING.md, examples/README.md and docs/ compiles against the
 * published modules with nothing imported but its own {@code import} lines, so a reader sees where every type comes
 * from. A block that declares a type is compiled as a file; any other block is the body of a method that may throw, in
 * a class that extends {@link SnippetBase} (so {@code client} may be used without declaring it — the one
 * convenience). A block's imports are single-type ({@code import a.b.C;}, no {@code *}), each used by the block, first
 * in the block and followed by a blank line.
 */
class SnippetsCompileTest {
    private static final Pattern TYPE = Pattern.compile("(?m)^(@\\w+.*\\n)*(public |final |abstract )*"
            + "(class|record|interface|enum) ");
    private static final Pattern IMPORT = Pattern.compile("import (static )?([\\w.]+?)(\\.\\*)?;\\s*");

    /** Per page: what is wrong with its blocks. */
    static final Map<String, List<String>> errors = new LinkedHashMap<>();
    static final Map<String, Integer> counts = new LinkedHashMap<>();

    /** One compilation unit made of one block: its source and the block line of each source line (0 for added ones). */
    record Unit(Docs.Block block, String pkg, String source, int[] lines) {}

    @BeforeAll
    static void compileEverySnippet() throws IOException {
        List<Unit> units = new ArrayList<>();
        for (Path file : Docs.files()) {
            String name = Docs.name(file);
            List<Docs.Block> java = Docs.blocks(file).stream().filter(b -> b.language().equals("java")).toList();
            counts.put(name, java.size());
            errors.put(name, new ArrayList<>());
            for (Docs.Block b : java) {
                errors.get(name).addAll(importProblems(b));
                units.add(unit(b, units.size()));
            }
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Path out = Files.createTempDirectory("snippets");
        Map<JavaFileObject, Unit> unitOf = new IdentityHashMap<>();
        units.forEach(u -> unitOf.put(source(u), u));
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "-d", out.toString(),
                    "-proc:none", "-Xlint:-options", "-nowarn", "-Xmaxerrs", "100000", "--release", "17");
            javac.getTask(null, files, diagnostics, options, null, unitOf.keySet()).call();
        }
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() != Diagnostic.Kind.ERROR || d.getSource() == null) {
                continue;
            }
            Unit u = unitOf.get(d.getSource());
            String name = Docs.name(u.block().file());
            int line = d.getLineNumber() >= 1 && d.getLineNumber() <= u.lines().length
                    ? u.lines()[(int) d.getLineNumber() - 1] : 0;
            String message = name + ":" + (line > 0 ? line : u.block().line()) + ": " + message(d);
            errors.get(name).add(message);
        }
        errors.values().forEach(l -> l.sort(
                Comparator.comparingInt((String m) -> Integer.parseInt(m.replaceFirst("^[^:]*:(\\d+):.*", "$1")))));
    }

    /** The first line of a compiler message, and for a missing symbol which one. */
    static String message(Diagnostic<? extends JavaFileObject> d) {
        List<String> lines = d.getMessage(Locale.ROOT).lines().map(String::strip).toList();
        String symbol = lines.stream().filter(l -> l.startsWith("symbol:")).findFirst().orElse(null);
        return lines.isEmpty() ? "" : symbol == null ? lines.get(0)
                : lines.get(0) + " (" + symbol.replaceAll("\\s+", " ") + "; is an import missing?)";
    }

    /** A block's imports come first, single-type, each used, then a blank line. */
    static List<String> importProblems(Docs.Block b) {
        List<String> problems = new ArrayList<>();
        String[] lines = b.code().split("\n", -1);
        int first = 0;
        while (first < lines.length && lines[first].isBlank()) {
            first++;
        }
        int end = first;
        while (end < lines.length && lines[end].startsWith("import ")) {
            end++;
        }
        String rest = String.join("\n", List.of(lines).subList(end, lines.length));
        for (int i = 0; i < lines.length; i++) {
            String where = Docs.name(b.file()) + ":" + (b.line() + i) + ": ";
            if (lines[i].strip().startsWith("import ") && (i < first || i >= end)) {
                problems.add(where + "imports come first in a block, in one group");
                continue;
            }
            if (i < first || i >= end) {
                continue;
            }
            Matcher m = IMPORT.matcher(lines[i]);
            if (!m.matches()) {
                problems.add(where + "not an import line the check understands: " + lines[i]);
            } else if (m.group(3) != null) {
                problems.add(where + "import each type on its own line, not " + m.group(2) + ".*");
            } else {
                String simple = m.group(2).substring(m.group(2).lastIndexOf('.') + 1);
                if (!Pattern.compile("\\b" + Pattern.quote(simple) + "\\b").matcher(rest).find()) {
                    problems.add(where + "the block does not use " + simple + ": drop its import");
                }
            }
        }
        if (end > first && (end >= lines.length || !lines[end].isBlank())) {
            problems.add(Docs.name(b.file()) + ":" + (b.line() + end) + ": a blank line separates the imports from "
                    + "the code");
        }
        return problems;
    }

    static Unit unit(Docs.Block b, int n) {
        String pkg = "snippets.s" + n;
        List<String> imports = new ArrayList<>();
        List<Integer> importLines = new ArrayList<>();
        List<String> body = new ArrayList<>();
        List<Integer> bodyLines = new ArrayList<>();
        boolean head = true;
        String[] code = b.code().split("\n", -1);
        for (int i = 0; i < code.length; i++) {
            if (head && (code[i].startsWith("import ") || code[i].isBlank())) {
                if (code[i].startsWith("import ")) {
                    imports.add(code[i]);
                    importLines.add(b.line() + i);
                }
                continue;
            }
            head = false;
            body.add(code[i]);
            bodyLines.add(b.line() + i);
        }
        List<String> src = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        src.add("package " + pkg + ";");
        lines.add(0);
        src.addAll(imports);
        lines.addAll(importLines);
        boolean declaresType = TYPE.matcher(String.join("\n", body)).find();
        if (!declaresType) {
            src.add("class Snippet extends dev.fluxschnell.docs.SnippetBase {");
            src.add("@SuppressWarnings(\"unused\") void run() throws Exception {");
            lines.add(0);
            lines.add(0);
        }
        for (String line : body) {
            // a public top-level type would have to be in a file of its name: compile it package-private
            src.add(declaresType ? line.replaceAll("^public (final |abstract )?(class|record|interface|enum) ", "$1$2 ")
                    : line);
        }
        lines.addAll(bodyLines);
        if (!declaresType) {
            src.add("}}");
            lines.add(0);
        }
        return new Unit(b, pkg, String.join("\n", src) + "\n", lines.stream().mapToInt(Integer::intValue).toArray());
    }

    static JavaFileObject source(Unit u) {
        return new SimpleJavaFileObject(URI.create("string:///" + u.pkg().replace('.', '/') + "/Snippet.java"),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return u.source();
            }
        };
    }

    @Test
    void importLines_areSingleTypeUsedFirstAndFollowedByABlankLine() {
        Path page = Docs.root().resolve("docs/page.md");
        assertThat(importProblems(new Docs.Block(page, 10, "java", """
                import java.nio.file.Path;
                import java.util.List;

                List<Path> paths = List.of(Path.of("a"));
                """))).isEmpty();
        assertThat(importProblems(new Docs.Block(page, 10, "java", """
                import java.util.*;
                import java.time.Duration;
                List<String> names = List.of();
                import java.net.URI;
                """))).containsExactly(
                "docs/page.md:10: import each type on its own line, not java.util.*",
                "docs/page.md:11: the block does not use Duration: drop its import",
                "docs/page.md:13: imports come first in a block, in one group",
                "docs/page.md:12: a blank line separates the imports from the code");
    }

    @TestFactory
    Stream<DynamicTest> everyJavaSnippetCompilesOnItsOwnImports() {
        return errors.keySet().stream().map(file -> DynamicTest.dynamicTest(file + " (" + counts.get(file)
                + " java snippets)", () -> assertThat(errors.get(file))
                        .as("snippets that do not compile, or whose imports are not right").isEmpty()));
    }
}
