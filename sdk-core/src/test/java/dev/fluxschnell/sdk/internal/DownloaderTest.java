package dev.fluxschnell.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class DownloaderTest {
    @Test
    void theTokenGoesOnlyToReplicatesDeliveryHosts_overHttps() {
        assertThat(Downloader.sendsToken(URI.create("https://replicate.delivery/xezq/abc/out-0.webp"))).isTrue();
        assertThat(Downloader.sendsToken(URI.create("https://pbxt.replicate.delivery/abc/out-0.webp"))).isTrue();
        assertThat(Downloader.sendsToken(URI.create("http://replicate.delivery/abc/out-0.webp"))).isFalse();
        assertThat(Downloader.sendsToken(URI.create("https://replicate.delivery.evil.com/x"))).isFalse();
        assertThat(Downloader.sendsToken(URI.create("https://evilreplicate.delivery/x"))).isFalse();
        assertThat(Downloader.sendsToken(URI.create("https://cdn.example.com/x"))).isFalse();
        assertThat(Downloader.sendsToken(URI.create("http://127.0.0.1:8080/x"))).isFalse();
    }

    @Test
    void loopbackIsDecidedByAddress_notByName() {
        assertThat(Downloader.isLoopbackAddress("127.0.0.1")).isTrue();
        assertThat(Downloader.isLoopbackAddress("127.8.9.10")).isTrue();
        assertThat(Downloader.isLoopbackAddress("localhost")).isTrue();
        assertThat(Downloader.isLoopbackAddress("[::1]")).isTrue();
        assertThat(Downloader.isLoopbackAddress("127.x.replicate.delivery")).isFalse();
        assertThat(Downloader.isLoopbackAddress("127.0.0.1.nip.io")).isFalse();
        assertThat(Downloader.isLoopbackAddress("127.0.0.300")).isFalse();
        assertThat(Downloader.isLoopbackAddress("10.0.0.1")).isFalse();
    }
}
