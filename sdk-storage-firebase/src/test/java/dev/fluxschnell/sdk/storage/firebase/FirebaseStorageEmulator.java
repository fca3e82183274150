package dev.fluxschnell.sdk.storage.firebase;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Starts the real Firebase Storage emulator (npm firebase-tools, installed in {@code src/test/emulator}) on a free
 * 127.0.0.1 port, with a JDK 21+ and the allow-all rules runtime. Where a prerequisite is missing, the calling test is
 * skipped with the reason — except on CI ({@code CI=true}), where {@code .ci/run} installs everything and a missing
 * piece is a failure.
 */
final class FirebaseStorageEmulator implements AutoCloseable {
    static final String PROJECT = "demo-test";
    static final String BUCKET = PROJECT + ".appspot.com";
    private static final Path TOOLS = Path.of("src/test/emulator/node_modules/.bin/firebase");

    final int port;
    private final Process process;
    private final StringBuilder log;

    private FirebaseStorageEmulator(int port, Process process, StringBuilder log) {
        this.port = port;
        this.process = process;
        this.log = log;
    }

    static FirebaseStorageEmulator start(Path workDir) throws Exception {
        require(Files.isExecutable(TOOLS), "firebase-tools is not installed (npm ci --prefix "
                + "sdk-storage-firebase/src/test/emulator; .ci/run does this)");
        Optional<Path> jdk = jdk21();
        require(jdk.isPresent(), "the Storage emulator needs Java 21+; none found (current: "
                + Runtime.version() + ", looked in /usr/lib/jvm)");
        Path jar = rulesRuntimeJar(workDir);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.writeString(workDir.resolve("storage.rules"), "rules_version = '2';\nservice firebase.storage {\n"
                + "  match /b/{bucket}/o { match /{allPaths=**} { allow read, write: if true; } }\n}\n");
        Files.writeString(workDir.resolve("firebase.json"), "{\"storage\":{\"rules\":\"storage.rules\"},"
                + "\"emulators\":{\"storage\":{\"host\":\"127.0.0.1\",\"port\":" + port + "},"
                + "\"ui\":{\"enabled\":false},\"logging\":{\"level\":\"info\"}}}");
        ProcessBuilder pb = new ProcessBuilder(TOOLS.toAbsolutePath().toString(), "emulators:start", "--only",
                "storage", "--project", PROJECT).directory(workDir.toFile()).redirectErrorStream(true);
        pb.environment().put("PATH", jdk.get().resolve("bin") + ":" + System.getenv("PATH"));
        pb.environment().put("JAVA_HOME", jdk.get().toString());
        pb.environment().put("STORAGE_EMULATOR_BINARY_PATH", jar.toString());
        pb.environment().put("FIREBASE_CLI_DISABLE_UPDATE_CHECK", "true");
        pb.environment().put("HOME", workDir.toString());
        Process p = pb.start();
        StringBuilder log = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (InputStream in = p.getInputStream()) {
                byte[] buf = new byte[4096];
                int n;
                while ((n = in.read(buf)) > 0) {
                    synchronized (log) {
                        log.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    }
                }
            } catch (IOException ignored) {
                // process ended
            }
        }, "firebase-emulator-log");
        reader.setDaemon(true);
        reader.start();
        FirebaseStorageEmulator emulator = new FirebaseStorageEmulator(port, p, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                break;
            }
            if (emulator.log().contains("All emulators ready") && listening(port)) {
                return emulator;
            }
            Thread.sleep(100);
        }
        String output = emulator.log();
        emulator.close();
        require(false, "the Firebase Storage emulator did not start within 90 s:\n" + output);
        return null;
    }

    String log() {
        synchronized (log) {
            return log.toString();
        }
    }

    String host() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void require(boolean ok, String reason) {
        if (ok) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI must run the Firebase tests, but: " + reason);
        }
        Assumptions.abort(reason);
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The running JDK if it is 21+, else the newest JDK 21+ under /usr/lib/jvm. */
    static Optional<Path> jdk21() throws IOException {
        if (Runtime.version().feature() >= 21) {
            return Optional.of(Path.of(System.getProperty("java.home")));
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(jvms)) {
            return dirs.filter(d -> Files.isExecutable(d.resolve("bin/java")) && feature(d) >= 21)
                    .max(Comparator.comparingInt(FirebaseStorageEmulator::feature));
        }
    }

    private static int feature(Path jdk) {
        try {
            for (String line : Files.readAllLines(jdk.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring(line.indexOf('"') + 1);
                    return Integer.parseInt(v.split("[.\"]")[0]);
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not a JDK we can read
        }
        return 0;
    }

    /** Packs {@link AllowAllRulesRuntime} into a runnable jar. */
    private static Path rulesRuntimeJar(Path dir) throws IOException {
        Path jar = dir.resolve("allow-all-rules-runtime.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, AllowAllRulesRuntime.class.getName());
        String entry = AllowAllRulesRuntime.class.getName().replace('.', '/') + ".class";
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest);
             InputStream cls = AllowAllRulesRuntime.class.getClassLoader().getResourceAsStream(entry)) {
            j.putNextEntry(new JarEntry(entry));
            cls.transferTo(j);
            j.closeEntry();
        }
        return jar;
    }
}
