package dev.fluxschnell.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.DocumentationTool;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The aggregated Javadoc of every published module builds without a warning under {@code -Xdoclint:all}; it is
 * written to {@code docs-check/target/apidocs} (open {@code index.html}). Internal packages are left out.
 */
class JavadocTest {
    static final List<String> MODULES = List.of("sdk-core", "sdk-testing", "sdk-storage-s3", "sdk-storage-firebase",
            "sdk-redis", "spring-boot-starter", "spring-ai", "langchain4j");

    @Test
    void aggregatedJavadoc_hasNoWarnings() throws Exception {
        List<Path> sources = new ArrayList<>();
        for (String module : MODULES) {
            try (Stream<Path> files = Files.walk(Docs.root().resolve(module).resolve("src/main/java"))) {
                files.filter(p -> p.toString().endsWith(".java")).filter(p -> !p.toString().contains("/internal/"))
                        .forEach(sources::add);
            }
        }
        Path out = Path.of("target/apidocs").toAbsolutePath();
        DocumentationTool javadoc = ToolProvider.getSystemDocumentationTool();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javadoc.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            String sourcepath = MODULES.stream().map(m -> Docs.root().resolve(m).resolve("src/main/java").toString())
                    .collect(Collectors.joining(java.io.File.pathSeparator));
            List<String> options = List.of("-Xdoclint:all", "-Xmaxwarns", "10000", "-quiet", "-d", out.toString(),
                    "-classpath", System.getProperty("java.class.path"), "-sourcepath", sourcepath, "-notimestamp",
                    "-windowtitle", "flux-schnell-java " + dev.fluxschnell.sdk.FluxSchnellClient.version());
            Boolean ok = javadoc.getTask(null, files, diagnostics, null, options,
                    files.getJavaFileObjectsFromPaths(sources)).call();
            List<String> problems = diagnostics.getDiagnostics().stream()
                    .filter(d -> d.getKind() == Diagnostic.Kind.WARNING || d.getKind() == Diagnostic.Kind.ERROR
                            || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING)
                    .map(d -> (d.getSource() == null ? "" : Docs.root().relativize(Path.of(d.getSource().toUri()))
                            + ":" + d.getLineNumber() + ": ") + d.getMessage(Locale.ROOT))
                    .toList();
            assertThat(problems).as("javadoc -Xdoclint:all warnings and errors").isEmpty();
            assertThat(ok).isTrue();
        }
        assertThat(out.resolve("index.html")).exists();
    }
}
