package dev.fluxschnell.sdk.storage.firebase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** What needs no emulator: download URLs and the builder's checks ({@link FirebaseImageStorageIT}: the rest). */
class FirebaseImageStorageTest {
    static Storage production() {
        return StorageOptions.newBuilder().setProjectId("p").setCredentials(NoCredentials.getInstance()).build()
                .getService();
    }

    @Test
    void productionUrlsUseTheFirebaseHost() {
        FirebaseImageStorage s = FirebaseImageStorage.builder().storage(production()).bucket("my-app.appspot.com")
                .build();
        assertThat(s.downloadUrl("generated/2026-11-24/a b-0.webp", "tok")).hasToString(
                "https://firebasestorage.googleapis.com/v0/b/my-app.appspot.com/o/generated%2F2026-11-24%2Fa%20b-0.webp"
                        + "?alt=media&token=tok");
        assertThatThrownBy(() -> FirebaseImageStorage.builder().prefix("../x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anExplicitDownloadHost_isUsed_andTheBuilderNeedsStorageAndBucket() {
        FirebaseImageStorage s = FirebaseImageStorage.builder().storage(production()).bucket("b")
                .downloadHost(URI.create("https://cdn.example.com/")).build();
        assertThat(s.downloadUrl("x.png", "t")).hasToString("https://cdn.example.com/v0/b/b/o/x.png?alt=media&token=t");
        assertThatThrownBy(() -> FirebaseImageStorage.builder().bucket("b").build())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> FirebaseImageStorage.builder().bucket("a/b"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
