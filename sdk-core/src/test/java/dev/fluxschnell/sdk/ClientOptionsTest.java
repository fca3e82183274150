package dev.fluxschnell.sdk;

import dev.fluxschnell.sdk.request.Model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fluxschnell.sdk.quota.InMemoryQuota;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClientOptionsTest {
    static final String TOKEN = "r8_OptionsTestToken123456";

    @Test
    void defaults_areTheDocumentedOnes() {
        ClientOptions o = FluxSchnellClient.builder().apiToken(TOKEN).buildOptions();
        assertThat(o.baseUrl()).isEqualTo(URI.create("https://api.replicate.com"));
        assertThat(o.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.syncWait()).isEqualTo(Duration.ofSeconds(60));
        assertThat(o.predictionTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(o.maxRetries()).isEqualTo(4);
        assertThat(o.rateLimitPerMinute()).isEqualTo(600);
        assertThat(o.rateLimitBurst()).isEqualTo(10);
        assertThat(o.downloadHosts()).containsExactly("replicate.delivery", "*.replicate.delivery");
        assertThat(o.httpClient()).isEmpty();
        assertThat(o.scheduler()).isEmpty();
        assertThat(o.quota()).isEmpty();
        assertThat(o.deployments()).isEmpty();
        assertThat(o.storage()).isNotNull();
        assertThat(o.maxPredictionsPerBatch()).isEqualTo(ClientOptions.DEFAULT_MAX_PREDICTIONS_PER_BATCH)
                .isEqualTo(1000);
        assertThat(o.allowsPlainHttp()).isFalse();
    }

    @Test
    void theTokenTravelsOverPlainHttpOnlyToThisMachine_orWhenExplicitlyAllowed() {
        assertThatThrownBy(() -> FluxSchnellClient.builder().apiToken(TOKEN).baseUrl(URI.create("http://any-host:8080"))
                .build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("plain http")
                .hasMessageContaining("any-host").hasMessageNotContaining(TOKEN);
        assertThatThrownBy(() -> FluxSchnellClient.builder().apiToken(TOKEN)
                .baseUrl(URI.create("http://127.0.0.1.example.com")).build()).isInstanceOf(IllegalStateException.class);
        for (String local : new String[] {"http://127.0.0.1:9", "http://localhost:9", "http://[::1]:9"}) {
            assertThat(FluxSchnellClient.builder().apiToken(TOKEN).baseUrl(URI.create(local)).buildOptions().baseUrl())
                    .hasToString(local);
        }
        assertThat(FluxSchnellClient.builder().apiToken(TOKEN).baseUrl(URI.create("http://proxy.internal"))
                .allowPlainHttp(true).buildOptions().allowsPlainHttp()).isTrue();
    }

    @Test
    void toBuilder_derivesAVariant_andLeavesTheOriginalAlone() {
        ClientOptions base = FluxSchnellClient.builder().apiToken(TOKEN).maxRetries(2).deployment(Model.FLUX_SCHNELL, "acme/flux")
                .quota(InMemoryQuota.perDay(5)).buildOptions();
        ClientOptions variant = base.toBuilder().maxRetries(8).buildOptions();
        assertThat(variant.maxRetries()).isEqualTo(8);
        assertThat(base.maxRetries()).isEqualTo(2);
        assertThat(variant.deployments()).containsEntry(Model.FLUX_SCHNELL, "acme/flux");
        assertThat(variant.quota()).isEqualTo(base.quota());
        assertThat(variant.apiToken()).isEqualTo(TOKEN);
    }

    @Test
    void aClientIsAThinFacadeOverItsOptions() {
        ClientOptions o = FluxSchnellClient.builder().apiToken(TOKEN).maxConcurrency(3).buildOptions();
        try (FluxSchnellClient client = FluxSchnellClient.create(o)) {
            assertThat(client.options()).isSameAs(o);
            try (FluxSchnellClient other = FluxSchnellClient.create(client.options().toBuilder().maxConcurrency(7)
                    .buildOptions())) {
                assertThat(other.options().maxConcurrency()).isEqualTo(7);
            }
        }
    }

    @Test
    void toString_neverShowsTheToken() {
        ClientOptions o = FluxSchnellClient.builder().apiToken(TOKEN).buildOptions();
        assertThat(o.toString()).doesNotContain(TOKEN).doesNotContain("r8_Opt").contains("Redacted");
    }

    @Test
    void fromEnv_readsTheSystemPropertyFirst() {
        System.setProperty(FluxSchnellClient.TOKEN_PROPERTY, TOKEN);
        try {
            assertThat(ClientOptions.fromEnv().apiToken()).isEqualTo(TOKEN);
        } finally {
            System.clearProperty(FluxSchnellClient.TOKEN_PROPERTY);
        }
        assertThatThrownBy(() -> FluxSchnellClient.builder().buildOptions()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("apiToken is required");
    }
}
