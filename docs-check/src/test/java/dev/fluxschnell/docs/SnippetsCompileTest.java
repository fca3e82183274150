package dev.fluxschnell.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@code ```java} block of README.md, CONTRIBUTING.md, examples/README.md and docs/ compiles against the
 * published modules. A block that declares a type is compiled as a file; any other block is the body of a method that
 * may throw, in a class that extends {@link SnippetBase} (so {@code client} may be used without declaring it). The
 * SDK's packages and common JDK packages are imported; a block's own {@code import} lines come first.
 */
class SnippetsCompileTest {
    /** Imported into every snippet. */
    static final List<String> IMPORTS = List.of("dev.fluxschnell.sdk.*", "dev.fluxschnell.sdk.request.*", "dev.fluxschnell.sdk.result.*",
            "dev.fluxschnell.sdk.pricing.*", "dev.fluxschnell.sdk.batch.*",
            "dev.fluxschnell.sdk.errors.*", "dev.fluxschnell.sdk.storage.*", "dev.fluxschnell.sdk.quota.*",
            "dev.fluxschnell.sdk.cache.*", "dev.fluxschnell.sdk.ratelimit.*", "dev.fluxschnell.sdk.webhook.*",
            "dev.fluxschnell.sdk.observation.*", "dev.fluxschnell.sdk.prompts.*", "dev.fluxschnell.sdk.testing.*",
            "java.util.*", "java.nio.file.*",
            "java.time.*", "java.net.URI", "java.math.BigDecimal", "java.util.concurrent.*");
    private static final Pattern TYPE = Pattern.compile("(?m)^(@\\w+.*\\n)*(public |final |abstract )*"
            + "(class|record|interface|enum) ");

    static final Map<String, List<String>> errors = new LinkedHashMap<>();
    static final Map<String, Integer> counts = new LinkedHashMap<>();

    /** One compilation unit made of one snippet, and where its lines came from. */
    record Unit(Docs.Block block, String className, String source, int offset) {}

    @BeforeAll
    static void compileEverySnippet() throws IOException {
        List<Unit> units = new ArrayList<>();
        for (Path file : Docs.files()) {
            List<Docs.Block> java = Docs.blocks(file).stream().filter(b -> b.language().equals("java")).toList();
            counts.put(Docs.name(file), java.size());
            errors.put(Docs.name(file), new ArrayList<>());
            for (Docs.Block b : java) {
                units.add(unit(b, units.size()));
            }
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Path out = Files.createTempDirectory("snippets");
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            List<JavaFileObject> sources = units.stream().map(SnippetsCompileTest::source).toList();
            List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "-d", out.toString(),
                    "-proc:none", "-Xlint:-options", "-nowarn", "--release", "17");
            javac.getTask(null, files, diagnostics, options, null, sources).call();
        }
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() != Diagnostic.Kind.ERROR || d.getSource() == null) {
                continue;
            }
            Unit u = units.stream().filter(x -> d.getSource().getName().endsWith(x.className() + ".java")).findFirst()
                    .orElseThrow();
            long line = u.block().line() + d.getLineNumber() - 1 - u.offset();
            errors.get(Docs.name(u.block().file())).add(Docs.name(u.block().file()) + ":" + line + ": "
                    + d.getMessage(Locale.ROOT).lines().findFirst().orElse(""));
        }
    }

    static Unit unit(Docs.Block b, int n) {
        String className = "Snippet" + n;
        List<String> imports = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        int importLines = 0;
        boolean head = true;
        for (String line : b.code().split("\n", -1)) {
            if (head && (line.startsWith("import ") || line.isBlank())) {
                if (line.startsWith("import ")) {
                    imports.add(line);
                }
                importLines++;
                continue;
            }
            head = false;
            body.append(line).append('\n');
        }
        StringBuilder src = new StringBuilder("package snippets.s" + n + ";\n");
        imports.forEach(i -> src.append(i).append('\n'));
        IMPORTS.forEach(i -> src.append("import ").append(i).append(";\n"));
        boolean declaresType = TYPE.matcher(body).find();
        if (!declaresType) {
            src.append("class ").append(className).append(" extends dev.fluxschnell.docs.SnippetBase {\n")
                    .append("@SuppressWarnings(\"unused\") void run() throws Exception {\n");
        }
        int offset = (int) src.chars().filter(c -> c == '\n').count() - importLines;
        // a public top-level type would have to be in a file of its name: compile it package-private
        src.append(declaresType ? body.toString().replaceAll("(?m)^public (final |abstract )?(class|record|interface|enum) ",
                "$1$2 ") : body);
        if (!declaresType) {
            src.append("}}\n");
        }
        return new Unit(b, className, src.toString(), offset);
    }

    static JavaFileObject source(Unit u) {
        return new SimpleJavaFileObject(URI.create("string:///snippets/s" + u.className().substring(7) + "/"
                + u.className() + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return u.source();
            }
        };
    }

    @TestFactory
    Stream<DynamicTest> everyJavaSnippetCompiles() {
        return errors.keySet().stream().map(file -> DynamicTest.dynamicTest(file + " (" + counts.get(file)
                + " java snippets)", () -> assertThat(errors.get(file)).as("snippets that do not compile").isEmpty()));
    }
}
