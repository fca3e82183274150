package dev.fluxschnell.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactionTest {
    static final String TOKEN = "r8_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789";

    @Test
    void masksTheTokenAndLeadingFragments() {
        assertThat(Redaction.redact("bad token " + TOKEN + " here", TOKEN)).isEqualTo("bad token *** here");
        assertThat(Redaction.redact("<html>Bearer r8_AbCdEfGh", TOKEN)).as("a snippet cut mid-token")
                .isEqualTo("<html>Bearer ***");
        assertThat(Redaction.redact(TOKEN + TOKEN, TOKEN)).isEqualTo("******");
        assertThat(Redaction.redact("r8_Ab is too short to tell", TOKEN)).isEqualTo("r8_Ab is too short to tell");
        assertThat(Redaction.redact(null, TOKEN)).isNull();
    }
}
