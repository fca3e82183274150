package dev.fluxschnell.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fluxschnell.examples.web.UserStore.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store on real files: the contract, a restart included, and what is on disk. */
class FileUserStoreTest extends UserStoreContract {
    @TempDir
    Path dir;

    @Override
    UserStore open() {
        return new FileUserStore(dir, 2); // two users in memory: the others are read back from their files
    }

    @Test
    void onDisk_aFilePerUser_namedByAHash_andAWriteACrashCutShortIsIgnored() throws Exception {
        try (UserStore store = open()) {
            store.put("../../etc/passwd", Kind.HISTORY, "h", "{\"prompt\":\"p\"}", 5);
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir.resolve("users"))) {
            files = s.toList();
        }
        assertThat(files).singleElement().satisfies(f -> assertThat(f.getFileName().toString())
                .matches("[0-9a-f]{64}\\.json"));
        assertThat(Files.readString(files.get(0))).contains("\"user\":\"../../etc/passwd\"", "\"prompt\":\"p\"");

        Path cut = Files.writeString(dir.resolve("users").resolve("write-123.tmp"), "{\"user\":\"half");
        try (UserStore store = open()) {
            assertThat(Files.exists(cut)).as("an interrupted write's leftover").isFalse();
            assertThat(store.list("../../etc/passwd", Kind.HISTORY)).containsExactly("{\"prompt\":\"p\"}");
        }
    }
}
