package dev.fluxschnell.consumercheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * For every published module (a directory with {@code .library-module}), a consumer that imports the BOM resolves
 * exactly the third-party versions the module is built and tested with. Both sides run Maven offline with the build's
 * own installation: {@code dependency:tree} of the module in the reactor (the parent's and the module's dependency
 * management applied), and of a generated consumer that depends on the module and on its optional dependencies (a
 * user who turns every feature on) and imports the BOM — after Spring Boot's BOM (and Spring AI's) for the Spring
 * modules, as Boot applications do. The compile and runtime artifacts of the two must match, version for version.
 *
 * <p>Known differences that another module must fix are listed in {@code pending-differences.txt} with the fix; the
 * test fails on any other difference, and on a listed one that no longer occurs (so the list only shrinks).
 */
class BomVersionsIT {
    static final String DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:tree";
    static final Path ROOT = Path.of(System.getProperty("bom.project.root", "..")).toAbsolutePath().normalize();
    static final Path WORK = Path.of(System.getProperty("bom.work", "target/bom-versions")).toAbsolutePath();
    static final String VERSION = System.getProperty("bom.version");
    /** A line of {@code dependency:tree}: group:artifact:type[:classifier]:version:scope. */
    static final Pattern NODE = Pattern.compile("^[|+\\\\\\- ]*([^: ]+):([^: ]+):([^: ]+)(?::([^: ]+))?:([^: ]+):"
            + "(compile|runtime|provided|test|system|import)\\b");

    /** Published modules by directory, with their artifactId. */
    static final Map<String, String> MODULES = new TreeMap<>();
    static final Map<String, Map<String, String>> BUILT = new TreeMap<>();
    static final Map<String, Map<String, String>> CONSUMED = new TreeMap<>();
    static String consumerFailure;

    @BeforeAll
    static void resolveBothSides() throws Exception {
        try (Stream<Path> dirs = Files.list(ROOT)) {
            for (Path d : dirs.filter(d -> Files.exists(d.resolve(".library-module"))).toList()) {
                MODULES.put(d.getFileName().toString(), artifactId(d.resolve("pom.xml")));
            }
        }
        assertThat(MODULES).as("published modules under " + ROOT).isNotEmpty();
        Files.createDirectories(WORK);

        Path built = WORK.resolve("built");
        maven(ROOT, List.of("-f", ROOT.resolve("pom.xml").toString(), "-pl", String.join(",", MODULES.keySet()), "-am",
                "-Dmaven.repo.local=" + System.getProperty("bom.user.repository"), DEPENDENCY_PLUGIN,
                "-DoutputFile=" + built.resolve("${project.artifactId}.txt")), true);
        for (String artifact : MODULES.values()) {
            BUILT.put(artifact, runtimeVersions(built.resolve(artifact + ".txt"), artifact));
        }

        Path consumers = writeConsumers();
        Path settings = WORK.resolve("settings.xml");
        String userRepo = Path.of(System.getProperty("bom.user.repository")).toUri().toString();
        Files.writeString(settings, """
                <settings>
                  <!-- Every remote is the build's own local repository, read as a file repository: no network. -->
                  <mirrors><mirror><id>build-mirror</id><mirrorOf>*,!build</mirrorOf><url>%1$s</url></mirror></mirrors>
                  <profiles><profile><id>build</id><activation><activeByDefault>true</activeByDefault></activation>
                    <repositories><repository><id>build</id><url>%1$s</url>
                      <snapshots><enabled>true</enabled></snapshots></repository></repositories>
                    <pluginRepositories><pluginRepository><id>build</id><url>%1$s</url></pluginRepository></pluginRepositories>
                  </profile></profiles>
                </settings>
                """.formatted(userRepo));
        Path repo = consumerRepository();
        String log = maven(consumers, List.of("-fae", "-s", settings.toString(), "-Daether.offline.protocols=file",
                "-Dmaven.repo.local=" + repo, DEPENDENCY_PLUGIN,
                "-DoutputFile=" + consumers.resolve("trees").resolve("${project.artifactId}.txt")), false);
        for (String artifact : MODULES.values()) {
            Path tree = consumers.resolve("trees").resolve("consumer-of-" + artifact + ".txt");
            if (Files.exists(tree)) {
                Map<String, String> versions = runtimeVersions(tree, "example:consumer-of-" + artifact);
                versions.remove("dev.fluxschnell:" + artifact + ":jar");
                CONSUMED.put(artifact, versions);
            }
        }
        if (CONSUMED.size() < MODULES.size()) {
            consumerFailure = log;
        }
    }

    @Test
    void theBomManagesEveryPublishedModule() throws IOException {
        String bom = Files.readString(ROOT.resolve("bom/pom.xml"));
        assertThat(MODULES.values()).allSatisfy(a -> assertThat(bom).as("bom/pom.xml").contains(
                "<artifactId>" + a + "</artifactId>"));
    }

    @Test
    void aConsumerImportingTheBom_resolvesTheVersionsEachModuleIsBuiltWith() throws IOException {
        if (consumerFailure != null) {
            fail("A consumer could not be resolved offline from the build's own repository: it needs an artifact no "
                    + "module's build resolved, i.e. a version the project does not build with. Maven said:\n"
                    + consumerFailure.lines().filter(l -> l.contains("ERROR")).limit(12)
                            .reduce("", (a, b) -> a + b + "\n"));
        }
        Set<String> found = new TreeSet<>();
        for (Map.Entry<String, Map<String, String>> e : BUILT.entrySet()) {
            Map<String, String> built = e.getValue();
            Map<String, String> consumed = CONSUMED.get(e.getKey());
            Set<String> keys = new TreeSet<>(built.keySet());
            keys.addAll(consumed.keySet());
            for (String k : keys) {
                String b = built.getOrDefault(k, "-");
                String c = consumed.getOrDefault(k, "-");
                if (!b.equals(c)) {
                    found.add(e.getKey() + " " + k + " " + b + " " + c);
                }
            }
        }
        Map<String, String> pending = pending();
        List<String> unexpected = found.stream().filter(d -> !pending.containsKey(d)).toList();
        List<String> gone = pending.keySet().stream().filter(d -> !found.contains(d)).toList();
        assertThat(unexpected).as("""
                artifacts a consumer importing the BOM resolves differently from the module's own build \
                (module group:artifact:type built-version consumer-version; '-' = absent). Align the BOM \
                (bom/pom.xml) with the build, or the module's build with the BOM; see docs/design.md, \
                "The BOM and third-party versions". (In a -pl consumer-check build the consumers read this \
                project's artifacts from the local repository: mvn install the modules first.)""").isEmpty();
        assertThat(gone).as("differences listed in pending-differences.txt that no longer occur: remove them")
                .isEmpty();
        assertThat(BUILT.keySet()).containsExactlyInAnyOrderElementsOf(MODULES.values());
        assertThat(BUILT.values()).allSatisfy(m -> assertThat(m).as("a module's runtime artifacts").isNotEmpty());
    }

    /**
     * A fresh local repository for the consumers, holding this build's own artifacts: those invoker:install installed
     * from the reactor (a full build; marked as installed, not downloaded). Anything else comes from the build's
     * repository, where {@code mvn install} put this project's artifacts (a {@code -pl consumer-check} build).
     */
    static Path consumerRepository() throws IOException {
        Path repo = WORK.resolve("repo");
        delete(repo);
        Path invoker = Path.of(System.getProperty("bom.consumer.repository"));
        Path ours = invoker.resolve("dev/fluxschnell");
        if (Files.isDirectory(ours)) {
            try (Stream<Path> files = Files.walk(ours)) {
                for (Path marker : files.filter(f -> f.getFileName().toString().equals("_remote.repositories"))
                        .toList()) {
                    boolean installed = Files.readAllLines(marker).stream().anyMatch(l -> l.endsWith(">="));
                    if (installed) {
                        Path target = repo.resolve(invoker.relativize(marker.getParent()));
                        Files.createDirectories(target);
                        try (Stream<Path> version = Files.list(marker.getParent())) {
                            for (Path f : version.toList()) {
                                Files.copy(f, target.resolve(f.getFileName()));
                            }
                        }
                    }
                }
            }
        }
        return repo;
    }

    static void delete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** One consumer per module, in one aggregator; Spring modules import Boot's (and Spring AI's) BOM first. */
    static Path writeConsumers() throws IOException {
        Path dir = WORK.resolve("consumers");
        StringBuilder modules = new StringBuilder();
        for (Map.Entry<String, String> m : MODULES.entrySet()) {
            String artifact = m.getValue();
            StringBuilder boms = new StringBuilder();
            if (m.getKey().startsWith("spring-")) {
                boms.append(importBom("org.springframework.boot", "spring-boot-dependencies",
                        System.getProperty("bom.spring-boot.version")));
            }
            if (m.getKey().equals("spring-ai")) {
                boms.append(importBom("org.springframework.ai", "spring-ai-bom",
                        System.getProperty("bom.spring-ai.version")));
            }
            boms.append(importBom("dev.fluxschnell", "flux-schnell-sdk-bom", VERSION));
            StringBuilder deps = new StringBuilder(dependency("dev.fluxschnell", artifact));
            for (String optional : optionalDependencies(WORK.resolve("built").resolve(artifact + ".txt"))) {
                String[] ga = optional.split(":");
                deps.append(dependency(ga[0], ga[1]));
            }
            Path pom = dir.resolve(m.getKey()).resolve("pom.xml");
            Files.createDirectories(pom.getParent());
            Files.writeString(pom, """
                    <project xmlns="http://maven.apache.org/POM/4.0.0">
                      <modelVersion>4.0.0</modelVersion>
                      <groupId>example</groupId>
                      <artifactId>consumer-of-%s</artifactId>
                      <version>1</version>
                      <dependencyManagement><dependencies>
                    %s  </dependencies></dependencyManagement>
                      <dependencies>
                    %s  </dependencies>
                    </project>
                    """.formatted(artifact, boms, deps));
            modules.append("    <module>").append(m.getKey()).append("</module>\n");
        }
        Files.writeString(dir.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>example</groupId>
                  <artifactId>consumers</artifactId>
                  <version>1</version>
                  <packaging>pom</packaging>
                  <modules>
                %s  </modules>
                </project>
                """.formatted(modules));
        return dir;
    }

    static String importBom(String group, String artifact, String version) {
        return "    <dependency><groupId>%s</groupId><artifactId>%s</artifactId><version>%s</version><type>pom</type>"
                .formatted(group, artifact, version) + "<scope>import</scope></dependency>\n";
    }

    /** A dependency without a version: the imported BOMs must manage it, as they do for a user. */
    static String dependency(String group, String artifact) {
        return "    <dependency><groupId>%s</groupId><artifactId>%s</artifactId></dependency>\n".formatted(group,
                artifact);
    }

    /** The module's direct optional dependencies (group:artifact), from its tree. */
    static Set<String> optionalDependencies(Path tree) throws IOException {
        Set<String> optional = new LinkedHashSet<>();
        for (String line : Files.readAllLines(tree, StandardCharsets.UTF_8)) {
            Matcher m = NODE.matcher(line);
            if (line.matches("^[+\\\\]- .*") && line.contains("(optional)") && m.find()
                    && !m.group(6).equals("test") && !m.group(6).equals("provided")) {
                optional.add(m.group(1) + ":" + m.group(2));
            }
        }
        return optional;
    }

    /** group:artifact:type[:classifier] -> version of the compile and runtime artifacts of a tree, its root left out. */
    static Map<String, String> runtimeVersions(Path tree, String root) throws IOException {
        List<String> lines = Files.readAllLines(tree, StandardCharsets.UTF_8);
        assertThat(lines).as("dependency tree " + tree).isNotEmpty();
        assertThat(lines.get(0)).as("root of " + tree).contains(root.contains(":") ? root : ":" + root + ":");
        Map<String, String> versions = new TreeMap<>();
        for (String line : lines.subList(1, lines.size())) {
            Matcher m = NODE.matcher(line);
            if (m.find() && (m.group(6).equals("compile") || m.group(6).equals("runtime"))) {
                String key = m.group(1) + ":" + m.group(2) + ":" + m.group(3)
                        + (m.group(4) != null ? ":" + m.group(4) : "");
                versions.put(key, m.group(5));
            }
        }
        return versions;
    }

    /** The listed differences: "module group:artifact:type built consumer", each with the fix after a '#'. */
    static Map<String, String> pending() throws IOException {
        Map<String, String> pending = new LinkedHashMap<>();
        try (var in = BomVersionsIT.class.getResourceAsStream("/pending-differences.txt")) {
            if (in == null) {
                return pending;
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                int hash = line.indexOf('#');
                String diff = (hash < 0 ? line : line.substring(0, hash)).trim().replaceAll("\\s+", " ");
                if (!diff.isEmpty()) {
                    pending.put(diff, hash < 0 ? "" : line.substring(hash + 1).trim());
                }
            }
        }
        return pending;
    }

    static String artifactId(Path pom) throws IOException {
        String xml = Files.readString(pom);
        Matcher m = Pattern.compile("</parent>\\s*<artifactId>([^<]+)</artifactId>").matcher(xml);
        assertThat(m.find()).as("artifactId after the parent in " + pom).isTrue();
        return m.group(1);
    }

    /** Runs the build's own Maven offline in {@code dir}; returns its output, failing on a non-zero exit if asked. */
    static String maven(Path dir, List<String> args, boolean mustSucceed) throws Exception {
        String home = System.getProperty("bom.maven.home");
        boolean windows = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("win");
        Path mvn = Path.of(home, "bin", windows ? "mvn.cmd" : "mvn");
        List<String> command = new ArrayList<>(List.of(mvn.toString(), "-o", "-B", "-q"));
        command.addAll(args);
        Path log = Files.createTempFile(WORK, "maven", ".log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(20, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("Maven did not finish: " + command);
        }
        String out = Files.readString(log);
        if (mustSucceed && p.exitValue() != 0) {
            fail("Maven failed (" + p.exitValue() + "): " + command + "\n" + out);
        }
        return out;
    }
}
