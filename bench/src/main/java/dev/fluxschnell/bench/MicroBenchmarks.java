package dev.fluxschnell.bench;

import dev.fluxschnell.sdk.request.AspectRatio;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.OutputFormat;
import dev.fluxschnell.sdk.request.Style;
import dev.fluxschnell.sdk.webhook.PredictionUpdate;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** The SDK's own per-image CPU work, without the network: request building, validation and JSON, result parsing. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MicroBenchmarks {
    private final String prediction = ("{\"id\":\"ufawqhfynnddngldkgtslldrkq\",\"model\":\"black-forest-labs/flux-schnell\","
            + "\"version\":\"v\",\"input\":{\"prompt\":\"Modern office workspace, photorealistic\",\"aspect_ratio\":\"16:9\","
            + "\"num_outputs\":2,\"output_format\":\"webp\"},\"logs\":\"Using seed: 1234\\n\",\"status\":\"succeeded\","
            + "\"output\":[\"https://replicate.delivery/xezq/abc/out-0.webp\",\"https://replicate.delivery/xezq/abc/out-1.webp\"],"
            + "\"error\":null,\"data_removed\":false,\"created_at\":\"2026-11-24T10:00:00.000Z\","
            + "\"started_at\":\"2026-11-24T10:00:00.100Z\",\"completed_at\":\"2026-11-24T10:00:00.800Z\","
            + "\"metrics\":{\"predict_time\":0.61,\"image_count\":2},\"urls\":{\"get\":\"https://api.replicate.com/v1/predictions/u\","
            + "\"cancel\":\"https://api.replicate.com/v1/predictions/u/cancel\",\"web\":\"https://replicate.com/p/u\"}}")
;

    /** Build and validate a request, and compute its cache key (which encodes the model input as JSON). */
    @Benchmark
    public String buildValidateEncode() {
        ImageRequest r = ImageRequest.builder().prompt("Modern office workspace with natural light")
                .style(Style.REALISTIC).aspectRatio(AspectRatio.LANDSCAPE_16_9).outputFormat(OutputFormat.WEBP)
                .seed(1234).build();
        return r.cacheKey();
    }

    /** Parse a succeeded prediction with two outputs. */
    @Benchmark
    public PredictionUpdate parsePrediction() {
        return PredictionUpdate.fromJson(prediction);
    }
}
