package dev.fluxschnell.sdk.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.OutputFormat;
import dev.fluxschnell.sdk.request.Style;
import dev.fluxschnell.sdk.TestImages;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalFileStorageTest {
    @TempDir
    Path root;

    static ImageMetadata meta(String id) {
        ImageRequest r = ImageRequest.builder().prompt("../../etc/passwd \u2603 shoes").style(Style.ARTISTIC).seed(7)
                .build();
        return new ImageMetadata(id, 1, r, Instant.parse("2026-11-24T08:00:00Z"), new BigDecimal("0.003"))
                .withSize(new dev.fluxschnell.sdk.request.InputImage.Dimensions(1024, 768));
    }

    @Test
    void storesUnderADatedDeterministicName_withAJsonSidecar() throws Exception {
        byte[] bytes = TestImages.webp(2048);
        StoredImage s = LocalFileStorage.of(root).store(ImageContent.of(new ByteArrayInputStream(bytes),
                OutputFormat.WEBP, bytes.length), meta("abc123")).join();

        Path file = root.resolve("2026-11-24/abc123-1.webp");
        assertThat(Path.of(s.location())).isEqualTo(file);
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
        assertThat(s.sizeBytes()).isEqualTo(2048);
        assertThat(s.contentType()).isEqualTo("image/webp");
        JsonNode sidecar = new ObjectMapper().readTree(root.resolve("2026-11-24/abc123-1.webp.json").toFile());
        assertThat(sidecar.path("prompt").asText()).isEqualTo("../../etc/passwd \u2603 shoes");
        assertThat(sidecar.path("sent_prompt").asText()).endsWith("artistic, painterly, expressive, creative");
        assertThat(sidecar.path("seed").asText()).isEqualTo("7");
        assertThat(sidecar.path("cost_usd").asText()).isEqualTo("0.003");
        assertThat(sidecar.path("image_width").asText()).isEqualTo("1024");
        assertThat(sidecar.path("style").asText()).isEqualTo("artistic");
    }

    /** The sidecar is written with a generator, not a mapper: exactly the text a mapper's pretty writer gives. */
    @Test
    void sidecarJson_isWhatAMappersPrettyWriterWrites() throws Exception {
        java.util.Map<String, String> extra = new java.util.LinkedHashMap<>();
        extra.put("file", "a \"quoted\" \u0001 </script> \\ name");
        extra.put("missing", null);
        ImageMetadata m = meta("abc123");
        java.util.Map<String, Object> all = new java.util.LinkedHashMap<>(m.attributes());
        all.putAll(extra);

        assertThat(m.toJson(extra)).isEqualTo(new ObjectMapper().writerWithDefaultPrettyPrinter()
                .writeValueAsString(all));
    }

    /** The location is built from the folder's URI and the name: it must be exactly what {@code Path.toUri()} says. */
    @ParameterizedTest
    @ValueSource(strings = {"plain", "with space", "sn\u2603w", "50%#?"})
    void theLocation_isThePathsOwnUri_whateverTheFolderAndName(String folder) throws Exception {
        byte[] bytes = TestImages.webp(64);
        LocalFileStorage storage = LocalFileStorage.of(root.resolve(folder));
        for (ImageMetadata m : java.util.List.of(meta("abc123"), meta("abc124").withName("spring-" + "sale_2.x"),
                meta("abc125").withName("caf\u00e9 au lait"))) {
            StoredImage s = storage.store(ImageContent.of(new ByteArrayInputStream(bytes), OutputFormat.WEBP,
                    bytes.length), m).join();

            assertThat(s.location()).isEqualTo(storage.pathFor(m).toUri());
            assertThat(Path.of(s.location())).isEqualTo(storage.pathFor(m));
        }
    }

    @Test
    void open_readsAStoredImageBack_andRefusesLocationsOutsideTheRoot() throws Exception {
        byte[] bytes = TestImages.webp(512);
        LocalFileStorage storage = LocalFileStorage.of(root);
        StoredImage s = storage.store(ImageContent.of(new ByteArrayInputStream(bytes), OutputFormat.WEBP,
                bytes.length), meta("readback")).join();

        try (InputStream in = storage.open(s)) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
        Path outside = Files.writeString(root.resolveSibling(root.getFileName() + "-other.webp"), "x");
        assertThatThrownBy(() -> storage.open(StoredImage.of(outside.toUri(), 1, "image/webp")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an image of");
        assertThatThrownBy(() -> storage.open(StoredImage.of(root.resolve("../" + root.getFileName()
                + "-other.webp").toUri(), 1, "image/webp"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> storage.open(StoredImage.of(java.net.URI.create("s3://b/k"), 1, "image/webp")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> storage.open(StoredImage.of(root.resolve("gone.webp").toUri(), 1, "image/webp")))
                .isInstanceOf(dev.fluxschnell.sdk.errors.StorageException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../../etc/passwd", "/abs/path", "a/../../b", "..", "x\u0000y", "C:\\\\win", ""})
    void namesCannotEscapeTheRoot_whateverTheServerOrPromptSays(String id) throws Exception {
        byte[] bytes = TestImages.webp(64);
        StoredImage s = LocalFileStorage.of(root).store(ImageContent.of(new ByteArrayInputStream(bytes),
                OutputFormat.WEBP), meta(id)).join();

        Path file = Path.of(s.location());
        assertThat(file.normalize()).startsWith(root);
        assertThat(file.getParent()).isEqualTo(root.resolve("2026-11-24"));
        assertThat(file.getFileName().toString()).matches("[A-Za-z0-9_-]+-1\\.webp");
    }

    @Test
    void aFailingStream_leavesNoPartialFileVisible() throws Exception {
        InputStream failing = new InputStream() {
            int n;

            @Override
            public int read() throws IOException {
                if (n++ > 5000) {
                    throw new IOException("connection reset mid-download");
                }
                return 7;
            }
        };
        LocalFileStorage storage = LocalFileStorage.of(root).withoutSidecars();

        assertThatThrownBy(() -> storage.store(ImageContent.of(failing, OutputFormat.PNG), meta("p1")).join())
                .isInstanceOf(CompletionException.class).hasRootCauseMessage("connection reset mid-download");

        try (Stream<Path> files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile)).as("no image and no temp file left").isEmpty();
        }
    }

    @Test
    void storingAgain_replacesAtomically() throws Exception {
        LocalFileStorage storage = LocalFileStorage.of(root);
        storage.store(ImageContent.of(new ByteArrayInputStream(new byte[] {1, 2, 3}), OutputFormat.JPG, 3),
                meta("same")).join();
        storage.store(ImageContent.of(new ByteArrayInputStream(new byte[] {4, 5}), OutputFormat.JPG, 2),
                meta("same")).join();

        assertThat(Files.readAllBytes(storage.pathFor(meta("same")))).containsExactly(4, 5);
        try (Stream<Path> files = Files.list(root.resolve("2026-11-24"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("same-1.webp", "same-1.webp.json");
        }
    }

    @Test
    void aFailedWrite_leavesNeitherImageNorSidecar() {
        InputStream broken = new InputStream() {
            int n;

            @Override
            public int read() throws IOException {
                if (n++ > 100) {
                    throw new IOException("connection reset");
                }
                return 1;
            }
        };
        assertThatThrownBy(() -> LocalFileStorage.of(root).store(ImageContent.of(broken, OutputFormat.WEBP),
                meta("broken")).join()).isInstanceOf(CompletionException.class);
        try (Stream<Path> files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile)).as("no orphaned sidecar, no .part").isEmpty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void anInterruptedStore_cleansUpToo_andReportsItsOwnFailure() throws Exception {
        InputStream interrupted = new InputStream() {
            @Override
            public int read() throws IOException {
                Thread.currentThread().interrupt(); // a canceled batch, a closing client
                throw new java.io.InterruptedIOException("download interrupted");
            }
        };
        try {
            assertThatThrownBy(() -> LocalFileStorage.of(root).store(ImageContent.of(interrupted, OutputFormat.WEBP),
                    meta("interrupted")).join()).hasRootCauseMessage("download interrupted");
        } finally {
            Thread.interrupted();
        }
        try (Stream<Path> files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile)).as("no .part left").isEmpty();
        }
    }

    @Test
    void storedFiles_getTheDefaultModeOfNewFiles_not0600() throws Exception {
        Assumptions.assumeTrue(root.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX only");
        byte[] bytes = TestImages.webp(64);
        StoredImage s = LocalFileStorage.of(root).store(ImageContent.of(new ByteArrayInputStream(bytes),
                OutputFormat.WEBP, bytes.length), meta("mode1")).join();
        Path reference = Files.createFile(root.resolve("reference"));
        assertThat(Files.getPosixFilePermissions(Path.of(s.location())))
                .isEqualTo(Files.getPosixFilePermissions(reference));
        assertThat(Files.getPosixFilePermissions(Path.of(s.location()).resolveSibling("mode1-1.webp.json")))
                .isEqualTo(Files.getPosixFilePermissions(reference));
    }

    @Test
    void idsThatSanitizeAlike_getDistinctBoundedNames() {
        assertThat(meta("ab/c").objectName()).isNotEqualTo(meta("abc").objectName())
                .isNotEqualTo(meta("a/bc").objectName());
        assertThat(meta("abc").objectName()).isEqualTo("2026-11-24/abc-1.webp");
        String huge = "x".repeat(10_000);
        assertThat(meta(huge).safeId()).hasSizeLessThanOrEqualTo(57).startsWith("xxxx");
        assertThat(meta(huge).safeId()).isNotEqualTo(meta(huge + "y").safeId());
    }
}
