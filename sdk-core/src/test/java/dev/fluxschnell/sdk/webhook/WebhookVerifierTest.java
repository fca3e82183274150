package dev.fluxschnell.sdk.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fluxschnell.sdk.result.PredictionStatus;
import dev.fluxschnell.sdk.errors.WebhookVerificationException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebhookVerifierTest {
    static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString("a-32-byte-secret-for-the-tests!!".getBytes());
    static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    static final String BODY = "{\"id\":\"p1\",\"status\":\"succeeded\",\"output\":[\"https://replicate.delivery/x/out-0.webp\"]}";
    final WebhookVerifier verifier = WebhookVerifier.of(SECRET).withClock(Clock.fixed(NOW, ZoneOffset.UTC));

    static String sign(String secret, String id, long ts, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(6)), "HmacSHA256"));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal((id + "." + ts + "." + body)
                .getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void validDelivery_returnsThePrediction() throws Exception {
        long ts = NOW.getEpochSecond();
        PredictionUpdate u = verifier.verify(Map.of("Webhook-Id", List.of("msg_1"), "webhook-timestamp",
                List.of(Long.toString(ts)), "WEBHOOK-SIGNATURE", List.of(sign(SECRET, "msg_1", ts, BODY))),
                BODY.getBytes(StandardCharsets.UTF_8));

        assertThat(u.id()).isEqualTo("p1");
        assertThat(u.status()).isEqualTo(PredictionStatus.SUCCEEDED);
        assertThat(u.output()).hasSize(1);
        assertThat(u.json()).isEqualTo(BODY);
    }

    @Test
    void severalSignatures_anyValidV1Accepted() throws Exception {
        long ts = NOW.getEpochSecond();
        String other = "whsec_" + Base64.getEncoder().encodeToString("another-secret-another-secret-00".getBytes());
        String header = sign(other, "m", ts, BODY) + " v2,abc " + sign(SECRET, "m", ts, BODY);
        assertThat(verifier.verify("m", Long.toString(ts), header, BODY.getBytes()).id()).isEqualTo("p1");
    }

    @Test
    void tamperedBody_wrongSecret_andWrongId_areRejected() throws Exception {
        long ts = NOW.getEpochSecond();
        String sig = sign(SECRET, "m", ts, BODY);
        assertThatThrownBy(() -> verifier.verify("m", Long.toString(ts), sig, BODY.replace("p1", "p2").getBytes()))
                .isInstanceOf(WebhookVerificationException.class).hasMessage("no webhook-signature matches");
        assertThatThrownBy(() -> verifier.verify("other", Long.toString(ts), sig, BODY.getBytes()))
                .isInstanceOf(WebhookVerificationException.class);
        String wrong = "whsec_" + Base64.getEncoder().encodeToString("not-the-right-secret-at-all-0000".getBytes());
        assertThatThrownBy(() -> verifier.verify("m", Long.toString(ts), sign(wrong, "m", ts, BODY), BODY.getBytes()))
                .isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void staleAndFutureTimestamps_areRejected_withinToleranceAccepted() throws Exception {
        long stale = NOW.minus(Duration.ofMinutes(6)).getEpochSecond();
        long future = NOW.plus(Duration.ofMinutes(6)).getEpochSecond();
        long recent = NOW.minus(Duration.ofMinutes(4)).getEpochSecond();
        assertThatThrownBy(() -> verifier.verify("m", Long.toString(stale), sign(SECRET, "m", stale, BODY),
                BODY.getBytes())).hasMessageContaining("too old");
        assertThatThrownBy(() -> verifier.verify("m", Long.toString(future), sign(SECRET, "m", future, BODY),
                BODY.getBytes())).hasMessageContaining("in the future");
        assertThat(verifier.verify("m", Long.toString(recent), sign(SECRET, "m", recent, BODY), BODY.getBytes()))
                .isNotNull();
        assertThatThrownBy(() -> verifier.withTolerance(Duration.ofMinutes(1)).verify("m", Long.toString(recent),
                sign(SECRET, "m", recent, BODY), BODY.getBytes())).hasMessageContaining("too old");
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(longs = {Long.MAX_VALUE, Long.MIN_VALUE, 9223372036854775L,
            -1})
    void extremeTimestamps_areRefusedByTheVerifier_notByADateTimeException(long ts) throws Exception {
        assertThatThrownBy(() -> verifier.verify("m", Long.toString(ts), sign(SECRET, "m", ts, BODY),
                BODY.getBytes())).isInstanceOf(WebhookVerificationException.class)
                .hasMessageContaining("webhook-timestamp is");
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {
        "NULL,1764000000,'v1,abc',missing webhook-id",
        "m,NULL,'v1,abc',missing webhook-id",
        "m,1764000000,NULL,missing webhook-id",
        "m,yesterday,'v1,abc',not a number of seconds",
        "m,1764000000,'v2,abc',no v1 signature",
        "m,1764000000,garbage,no v1 signature",
        "m,1764000000,'v1,!!!notbase64',no webhook-signature matches"})
    void malformedHeaders_areRejectedWithAReason(String id, String ts, String sig, String message) {
        WebhookVerifier lenient = verifier.withTolerance(Duration.ofDays(3650));
        assertThatThrownBy(() -> lenient.verify(id, ts, sig, BODY.getBytes()))
                .isInstanceOf(WebhookVerificationException.class).hasMessageContaining(message);
    }

    @Test
    void badSecrets_areRefused_andNeverShown() {
        assertThatThrownBy(() -> WebhookVerifier.of("whsec_***not base64***")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("***not");
        assertThatThrownBy(() -> WebhookVerifier.of("")).isInstanceOf(IllegalArgumentException.class);
        assertThat(verifier.toString()).doesNotContain(SECRET.substring(6));
    }
}
