package dev.fluxschnell.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.errors.PredictionFailedException;
import dev.fluxschnell.sdk.observation.MicrometerObserver;
import dev.fluxschnell.sdk.observation.QueueSample;
import dev.fluxschnell.sdk.request.AspectRatio;
import dev.fluxschnell.sdk.request.ImageModel;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.Step;
import dev.fluxschnell.sdk.request.Style;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The "running app" the dashboard watches: the SDK against {@link FakeReplicateServer}, observed by a
 * {@link MicrometerObserver} on a {@link PrometheusMeterRegistry} (with the latency histograms), whose scrape it serves
 * on {@code http://127.0.0.1:PORT/metrics} as an app's actuator would.
 */
final class MeteredApp implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MicrometerObserver observer;
    private final HttpServer http;
    private final Path dir;

    private MeteredApp(Path dir) throws Exception {
        this.dir = dir;
        registry.config().meterFilter(MicrometerObserver.latencyHistograms());
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(registry));
        observer = MicrometerObserver.builder(observations).meterRegistry(registry).build();
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/metrics", exchange -> {
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        http.start();
    }

    /** Starts serving its metrics (nothing generated yet); images go under {@code dir}. */
    static MeteredApp start(Path dir) throws Exception {
        return new MeteredApp(dir);
    }

    /** {@return the scrape target, {@code 127.0.0.1:PORT}} */
    String target() {
        return "127.0.0.1:" + http.getAddress().getPort();
    }

    /**
     * Does what every panel shows: images of two models in several styles and ratios, a pipeline with an upscale step,
     * a failed prediction, creates drawn into 429s by a rate-limited server, and a queue sample (as the Redis queue's
     * workers report one: the queue itself needs sdk-redis and a Redis server, which this module does not start).
     */
    void work() throws Exception {
        try (FakeReplicateServer server = FakeReplicateServer.builder().failPromptsContaining("[fail]").start();
             FluxSchnellClient client = client(server).maxRetries(0).build()) {
            client.generate(ImageRequest.builder().prompt("a red chair").style(Style.REALISTIC)
                    .aspectRatio(AspectRatio.LANDSCAPE_16_9).build().then(Step.upscale(2)));
            client.generate(ImageRequest.builder().model(ImageModel.FLUX_DEV).prompt("a lamp").style(Style.ARTISTIC)
                    .aspectRatio(AspectRatio.SQUARE_1_1).build());
            client.generate(ImageRequest.of("a plain mug"));
            assertThatThrownBy(() -> client.generate(ImageRequest.of("a broken vase [fail]")))
                    .isInstanceOf(PredictionFailedException.class);
        }
        try (FakeReplicateServer limited = FakeReplicateServer.builder().rateLimit(60, 1).start();
             FluxSchnellClient client = client(limited).rateLimitPerMinute(600).rateLimitBurst(5).build()) {
            client.generateBatch(BatchRequest.builder().prompts(List.of("one", "two", "three")).build());
            assertThat(limited.stats().throttled()).as("429s drawn").isPositive();
        }
        observer.queueSampled(new QueueSample("flux:queue", 3, Duration.ofSeconds(42), 1, 2));
    }

    private FluxSchnellClient.Builder client(FakeReplicateServer server) {
        return FluxSchnellClient.builder().apiToken(server.token()).baseUrl(server.baseUrl())
                .downloadHosts(List.of("127.0.0.1")).storage(LocalFileStorage.of(dir).withoutSidecars())
                .observer(observer);
    }

    @Override
    public void close() {
        http.stop(0);
        registry.close();
    }
}
