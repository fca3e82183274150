package dev.fluxschnell.sdk;

import dev.fluxschnell.sdk.pricing.Pricing;
import dev.fluxschnell.sdk.request.AspectRatio;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.Megapixels;
import dev.fluxschnell.sdk.request.OutputFormat;
import dev.fluxschnell.sdk.request.Style;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.webhook.WebhookEventType;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every validation rule fails fast, names the field and its range, and sends nothing to the server. */
class ValidationTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static ImageRequest.Builder ok() {
        return ImageRequest.builder().prompt("a red bicycle");
    }

    static Stream<Arguments> invalidRequests() {
        return Stream.of(
                Arguments.of("missing prompt", (Supplier<Object>) () -> ImageRequest.builder().build(),
                        IllegalStateException.class, "prompt is required"),
                Arguments.of("empty prompt", (Supplier<Object>) () -> ok().prompt("").build(),
                        IllegalArgumentException.class, "prompt must not be blank"),
                Arguments.of("blank prompt", (Supplier<Object>) () -> ok().prompt(" \n\t ").build(),
                        IllegalArgumentException.class, "prompt must not be blank"),
                Arguments.of("100 KB prompt", (Supplier<Object>) () -> ok().prompt("x".repeat(100_000)).build(),
                        IllegalArgumentException.class, "at most 10000"),
                Arguments.of("control character", (Supplier<Object>) () -> ok().prompt("a\u0000b").build(),
                        IllegalArgumentException.class, "control character U+0000"),
                Arguments.of("escape character", (Supplier<Object>) () -> ok().prompt("a\u001b[31mred").build(),
                        IllegalArgumentException.class, "U+001B"),
                Arguments.of("unpaired surrogate", (Supplier<Object>) () -> ok().prompt("a\ud800b").build(),
                        IllegalArgumentException.class, "unpaired UTF-16 surrogate"),
                Arguments.of("quality -1", (Supplier<Object>) () -> ok().outputQuality(-1).build(),
                        IllegalArgumentException.class, "outputQuality must be between 0 and 100"),
                Arguments.of("quality 101", (Supplier<Object>) () -> ok().outputQuality(101).build(),
                        IllegalArgumentException.class, "outputQuality must be between 0 and 100"),
                Arguments.of("steps 0", (Supplier<Object>) () -> ok().numInferenceSteps(0).build(),
                        IllegalArgumentException.class, "numInferenceSteps must be between 1 and 4"),
                Arguments.of("steps 5", (Supplier<Object>) () -> ok().numInferenceSteps(5).build(),
                        IllegalArgumentException.class, "numInferenceSteps must be between 1 and 4"),
                Arguments.of("outputs 0", (Supplier<Object>) () -> ok().numOutputs(0).build(),
                        IllegalArgumentException.class, "numOutputs must be between 1 and 4"),
                Arguments.of("outputs 5", (Supplier<Object>) () -> ok().numOutputs(5).build(),
                        IllegalArgumentException.class, "numOutputs must be between 1 and 4"),
                Arguments.of("null style", (Supplier<Object>) () -> ok().style(null),
                        NullPointerException.class, "style must not be null"),
                Arguments.of("null aspect ratio", (Supplier<Object>) () -> ok().aspectRatio(null),
                        NullPointerException.class, "aspectRatio must not be null"),
                Arguments.of("null format", (Supplier<Object>) () -> ok().outputFormat(null),
                        NullPointerException.class, "outputFormat must not be null"),
                Arguments.of("null megapixels", (Supplier<Object>) () -> ok().megapixels(null),
                        NullPointerException.class, "megapixels must not be null"),
                Arguments.of("unknown aspect string", (Supplier<Object>) () -> AspectRatio.of("7:5"),
                        IllegalArgumentException.class, "aspect_ratio '7:5' is not supported; allowed: 1:1, 16:9"),
                Arguments.of("unknown style string", (Supplier<Object>) () -> Style.of("cubist"),
                        IllegalArgumentException.class, "style 'cubist' is not supported"),
                Arguments.of("unknown format string", (Supplier<Object>) () -> OutputFormat.of("gif"),
                        IllegalArgumentException.class, "output_format 'gif' is not supported; allowed: webp, jpg, png"),
                Arguments.of("megapixels 2", (Supplier<Object>) () -> Megapixels.of("2"),
                        IllegalArgumentException.class, "allowed: 1, 0.25"),
                Arguments.of("missing token", (Supplier<Object>) () -> FluxSchnellClient.builder().build(),
                        IllegalStateException.class, "apiToken is required"),
                Arguments.of("blank token", (Supplier<Object>) () -> FluxSchnellClient.builder().apiToken(" "),
                        IllegalArgumentException.class, "apiToken must not be blank"),
                Arguments.of("ftp base URL", (Supplier<Object>) () -> FluxSchnellClient.builder()
                        .baseUrl(URI.create("ftp://api.replicate.com")), IllegalArgumentException.class,
                        "baseUrl must be an absolute http(s) URL"),
                Arguments.of("relative base URL", (Supplier<Object>) () -> FluxSchnellClient.builder()
                        .baseUrl(URI.create("/v1")), IllegalArgumentException.class, "baseUrl must be an absolute"),
                Arguments.of("sync wait 61 s", (Supplier<Object>) () -> FluxSchnellClient.builder()
                        .syncWait(Duration.ofSeconds(61)), IllegalArgumentException.class,
                        "syncWait must be whole seconds between 1 and 60"),
                Arguments.of("sync wait 500 ms", (Supplier<Object>) () -> FluxSchnellClient.builder()
                        .syncWait(Duration.ofMillis(500)), IllegalArgumentException.class, "syncWait"),
                Arguments.of("negative poll interval", (Supplier<Object>) () -> FluxSchnellClient.builder()
                        .pollInterval(Duration.ofMillis(-1)), IllegalArgumentException.class,
                        "pollInterval must be a positive duration"),
                Arguments.of("negative retries", (Supplier<Object>) () -> FluxSchnellClient.builder().maxRetries(-1),
                        IllegalArgumentException.class, "maxRetries must be between 0 and 20"),
                Arguments.of("zero concurrency", (Supplier<Object>) () -> FluxSchnellClient.builder().maxConcurrency(0),
                        IllegalArgumentException.class, "maxConcurrency must be between 1 and 1000"),
                Arguments.of("negative batch concurrency", (Supplier<Object>) () -> BatchRequest.builder()
                        .maxConcurrency(-3), IllegalArgumentException.class, "maxConcurrency must be at least 1"),
                Arguments.of("zero rate limit", (Supplier<Object>) () -> FluxSchnellClient.builder()
                        .rateLimitPerMinute(0), IllegalArgumentException.class, "rateLimitPerMinute"),
                Arguments.of("empty batch", (Supplier<Object>) () -> BatchRequest.builder().build(),
                        IllegalStateException.class, "a batch needs at least one request"),
                Arguments.of("download host with path", (Supplier<Object>) () -> FluxSchnellClient.builder()
                        .downloadHosts(List.of("evil.com/x")), IllegalArgumentException.class, "downloadHosts"),
                Arguments.of("ftp webhook", (Supplier<Object>) () -> RequestOptions.builder().webhook(URI.create("ftp://x.example/h")),
                        IllegalArgumentException.class, "webhook must be an absolute http(s) URL"),
                Arguments.of("relative webhook", (Supplier<Object>) () -> RequestOptions.builder().webhook(URI.create("/hooks")),
                        IllegalArgumentException.class, "webhook must be an absolute http(s) URL"),
                Arguments.of("events without webhook", (Supplier<Object>) () -> RequestOptions.builder()
                        .webhookEvents(java.util.Set.of(WebhookEventType.COMPLETED)).build(),
                        IllegalStateException.class, "webhookEvents needs a webhook(URI)"),
                Arguments.of("bad webhook secret", (Supplier<Object>) () -> dev.fluxschnell.sdk.webhook.WebhookVerifier
                        .of("whsec_%%%"), IllegalArgumentException.class, "'whsec_' followed by base64"),
                Arguments.of("bad storage prefix", (Supplier<Object>) () -> dev.fluxschnell.sdk.storage.KeyPrefix
                        .normalize("../up"), IllegalArgumentException.class, "prefix must be a relative key prefix"),
                Arguments.of("zero image size cap", (Supplier<Object>) () -> FluxSchnellClient.builder()
                        .maxImageBytes(0), IllegalArgumentException.class, "maxImageBytes must be positive"),
                Arguments.of("negative price", (Supplier<Object>) () -> Pricing.DEFAULT.withPerImage(
                        dev.fluxschnell.sdk.request.Model.FLUX_SCHNELL, "-0.01"), IllegalArgumentException.class,
                        "usd must not be negative"),
                Arguments.of("a per-image price for a per-megapixel model", (Supplier<Object>) () -> Pricing.DEFAULT
                        .withPerImage(dev.fluxschnell.sdk.request.Model.FLUX_2_PRO, "0.05"),
                        IllegalArgumentException.class, "is billed per megapixel: use withPerMegapixel"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRequests")
    void invalidInput_failsFastWithAClearMessage(String name, Supplier<Object> attempt,
                                                 Class<? extends Throwable> type, String message) {
        assertThatThrownBy(attempt::get).isInstanceOf(type).hasMessageContaining(message);
        assertThat(wm.getAllServeEvents()).as("no request may reach the server").isEmpty();
    }

    @Test
    void oversizeBatch_isRefusedBeforeAnyNetworkCall() {
        try (FluxSchnellClient client = FluxSchnellClient.builder().apiToken("r8_x").baseUrl(URI.create(wm.baseUrl()))
                .maxPredictionsPerBatch(2).build()) {
            BatchRequest batch = BatchRequest.builder().prompts(List.of("a", "b", "c")).build();
            assertThatThrownBy(() -> client.generateBatch(batch)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("the batch would create 3 predictions (3 items); maxPredictionsPerBatch is 2");
        }
        assertThat(wm.getAllServeEvents()).isEmpty();
    }

    @Test
    void defaults_areTheModelsOwn_nothingUnsetIsSent() {
        ImageRequest r = ImageRequest.of("x");
        assertThat(r.inputs()).containsExactly(java.util.Map.entry("prompt", "x"));
        assertThat(r.outputFormat()).isEmpty();
        assertThat(r.outputQuality()).isEmpty();
        assertThat(r.numInferenceSteps()).isEmpty();
        assertThat(r.goFast()).isEmpty();
        assertThat(r.megapixels()).isEmpty();
        assertThat(r.numOutputs()).as("the schema's default").isEqualTo(1);
        assertThat(r.style()).isEqualTo(Style.NONE);
        assertThat(r.aspectRatio()).isEmpty();
        assertThat(r.seed()).isEmpty();
        assertThat(r.toBuilder().build()).isEqualTo(r).hasSameHashCodeAs(r);
        assertThat(r.toBuilder().seed(1).build()).isNotEqualTo(r);
    }
}
