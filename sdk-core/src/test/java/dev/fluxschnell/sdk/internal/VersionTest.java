package dev.fluxschnell.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VersionTest {
    @Test
    void theVersionComesFromTheBuild() {
        assertThat(Version.VERSION).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }
}
