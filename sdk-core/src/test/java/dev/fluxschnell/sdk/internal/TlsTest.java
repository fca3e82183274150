package dev.fluxschnell.sdk.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.errors.FluxSchnellException;
import dev.fluxschnell.sdk.request.ImageRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The TLS of the SDK's own HTTP client ({@link Tls}): the JDK's default context, taken when an https client is built
 * and at the first https connection of a plain-http one; either way certificates are checked as the JDK checks them.
 */
class TlsTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().dynamicHttpsPort()).build(); // a self-signed certificate

    @Test
    void anHttpsClient_getsTheJdksDefaultContextAndParameters() throws Exception {
        assertThat(Tls.context(true)).isSameAs(SSLContext.getDefault());
        assertThat(Tls.parameters(true).getProtocols())
                .containsExactly(SSLContext.getDefault().getDefaultSSLParameters().getProtocols());
    }

    @Test
    void aPlainHttpClientsDeferredContext_makesEnginesWithTheJdkDefaults() throws Exception {
        SSLEngine ours = Tls.context(false).createSSLEngine("api.replicate.com", 443);
        ours.setUseClientMode(true);
        ours.setSSLParameters(Tls.parameters(false));
        SSLContext jdk = SSLContext.getDefault();
        SSLEngine theirs = jdk.createSSLEngine("api.replicate.com", 443);
        theirs.setUseClientMode(true);
        theirs.setSSLParameters(jdk.getDefaultSSLParameters());

        assertThat(ours.getEnabledProtocols()).containsExactly(theirs.getEnabledProtocols());
        assertThat(ours.getEnabledCipherSuites()).containsExactly(theirs.getEnabledCipherSuites());
        // the JDK's HTTP client offers HTTP/2 over TLS only when the client's parameters name TLS 1.2 or 1.3
        assertThat(Tls.parameters(false).getProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
    }

    @Test
    void aPlainHttpClient_refusesACertificateTheTrustStoreDoesNotVouchFor_atItsFirstHttpsConnection() {
        HttpClient http = ClientRuntime.ownHttpClient(false);
        HttpRequest get = HttpRequest.newBuilder(URI.create("https://localhost:" + wm.getHttpsPort() + "/v1/account"))
                .timeout(Duration.ofSeconds(10)).build();

        assertThatThrownBy(() -> http.send(get, HttpResponse.BodyHandlers.discarding()))
                .isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("PKIX path building failed"); // the JDK trust manager's answer
        assertThat(wm.getAllServeEvents()).isEmpty();
    }

    @Test
    void aPlainHttpClient_talksPlainHttp() throws Exception {
        wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
        HttpClient http = ClientRuntime.ownHttpClient(false);

        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + wm.getPort()
                + "/v1/account")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.body()).isEqualTo("ok");
    }

    /** A failed handshake sent nothing: the create is not one that may have made a prediction (no reconciliation). */
    @Test
    void aCreateWhoseHandshakeFails_saysNoPredictionCanExist() {
        try (FluxSchnellClient client = FluxSchnellClient.builder().apiToken("r8_test")
                .baseUrl(URI.create("https://localhost:" + wm.getHttpsPort())).checkModels(false).maxRetries(0)
                .build()) {
            assertThatThrownBy(() -> client.generate(ImageRequest.of("a mug")))
                    .isInstanceOfSatisfying(FluxSchnellException.class,
                            e -> assertThat(e.predictionMayExist()).isFalse())
                    .hasStackTraceContaining("PKIX path building failed");
        }
        assertThat(wm.getAllServeEvents()).isEmpty();
    }
}
