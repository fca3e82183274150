package dev.fluxschnell.sdk;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.fluxschnell.sdk.Stubs.TOKEN;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client against WireMock, storing into a temporary directory, with every wait on a {@link RecordingScheduler}
 * (delays recorded, run 100 times sooner) and the limiter on the same accelerated clock.
 */
abstract class WireMockClientFixture {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @TempDir
    Path out;

    RecordingScheduler scheduler;
    FluxSchnellClient client;
    String base;

    @BeforeEach
    void setUp() {
        base = wm.baseUrl();
        scheduler = new RecordingScheduler(100);
        client = clientBuilder().build();
    }

    @AfterEach
    void tearDown() {
        client.close();
        scheduler.shutdownNow();
    }

    FluxSchnellClient.Builder clientBuilder() {
        return FluxSchnellClient.builder().apiToken(TOKEN).baseUrl(URI.create(base)).checkModels(false)
                .downloadHosts(List.of("127.0.0.1", "localhost")).storage(LocalFileStorage.of(out))
                .scheduler(scheduler).nanoTime(scheduler::nanoTime)
                // the answer deadline runs on the sped-up scheduler too: 30 s would be 300 ms of a loaded machine's time
                .requestTimeout(Duration.ofMinutes(10));
    }
}
