package dev.fluxschnell.sdk;

import dev.fluxschnell.sdk.request.ImageRequest;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.fluxschnell.sdk.Stubs.CREATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.fluxschnell.sdk.errors.FluxSchnellServiceException;
import dev.fluxschnell.sdk.errors.FluxSchnellIOException;
import dev.fluxschnell.sdk.errors.StorageException;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed or hostile server answers: each a clear exception, no hang, no leaked SDK thread, no partial file. */
class BadServerAnswersTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @TempDir
    Path out;

    /** A case: what the create answers (given the base URL), what the download answers, the expected failure. */
    record Case(Function<String, ResponseDefinitionBuilder> create, ResponseDefinitionBuilder download,
                Class<? extends Throwable> type, String message) {}

    static ResponseDefinitionBuilder created(String body) {
        return aResponse().withStatus(201).withBody(body);
    }

    static Function<String, ResponseDefinitionBuilder> succeededWith(String output) {
        return base -> created("{\"id\":\"px\",\"status\":\"succeeded\",\"output\":[\"" + output.replace("BASE", base)
                + "\"]}");
    }

    static ResponseDefinitionBuilder image(int size) {
        return aResponse().withStatus(200).withBody(Stubs.webp(size));
    }

    static Stream<Arguments> cases() {
        String bigData = "data:image/webp;base64," + Base64.getEncoder().encodeToString(new byte[4000]);
        return Stream.of(
                Arguments.of("non-JSON body", new Case(b -> created("<html>oops</html>"), image(10),
                        FluxSchnellIOException.class, "body is not JSON")),
                Arguments.of("JSON array", new Case(b -> created("[1,2]"), image(10),
                        FluxSchnellIOException.class, "prediction is not a JSON object")),
                Arguments.of("missing id", new Case(b -> created("{\"status\":\"succeeded\"}"), image(10),
                        FluxSchnellIOException.class, "prediction has no 'id'")),
                Arguments.of("output is an object", new Case(b -> created("{\"id\":\"p\",\"status\":\"succeeded\","
                        + "\"output\":{\"url\":\"x\"}}"), image(10), FluxSchnellIOException.class,
                        "output is neither a list nor a string")),
                Arguments.of("output holds a number", new Case(b -> created("{\"id\":\"p\",\"status\":\"succeeded\","
                        + "\"output\":[42]}"), image(10), FluxSchnellIOException.class, "non-string element")),
                Arguments.of("output URL unparseable", new Case(b -> created("{\"id\":\"p\",\"status\":\"succeeded\","
                        + "\"output\":[\"ht tp://x y\"]}"), image(10), FluxSchnellIOException.class,
                        "output is not a valid URI")),
                Arguments.of("succeeded without output", new Case(b -> created("{\"id\":\"p\",\"status\":"
                        + "\"succeeded\",\"output\":null}"), image(10), FluxSchnellIOException.class,
                        "returned no output")),
                Arguments.of("outputs already removed", new Case(b -> created("{\"id\":\"p\",\"status\":"
                        + "\"succeeded\",\"output\":[\"https://replicate.delivery/a.webp\"],\"data_removed\":true}"),
                        image(10), FluxSchnellIOException.class, "already removed")),
                Arguments.of("data: URL over the size cap", new Case(succeededWith(bigData), image(10),
                        StorageException.class, "exceeds the limit of 1000 bytes")),
                Arguments.of("data: URL not base64", new Case(succeededWith("data:image/webp,rawbytes"), image(10),
                        StorageException.class, "not base64-encoded")),
                Arguments.of("huge Content-Length", new Case(succeededWith("BASE/files/big.webp"),
                        aResponse().withStatus(200).withHeader("Content-Length", "99999999999").withBody(new byte[10]),
                        StorageException.class, "exceeds the limit")),
                Arguments.of("body larger than the cap", new Case(succeededWith("BASE/files/big.webp"), image(5000),
                        StorageException.class, "exceeds the limit of 1000 bytes")),
                Arguments.of("download 404", new Case(succeededWith("BASE/files/big.webp"),
                        aResponse().withStatus(404), StorageException.class, "answered HTTP 404")),
                Arguments.of("redirect elsewhere", new Case(succeededWith("BASE/files/big.webp"),
                        aResponse().withStatus(302).withHeader("Location", "http://169.254.169.254/latest"),
                        StorageException.class, "redirects are not followed")),
                Arguments.of("disallowed host", new Case(succeededWith("https://evil.example.com/x.webp"), image(10),
                        StorageException.class, "refusing to download")),
                Arguments.of("plain http to a public host", new Case(succeededWith("http://replicate.delivery/x.webp"),
                        image(10), StorageException.class, "refusing to download")),
                Arguments.of("download cut off", new Case(succeededWith("BASE/files/big.webp"),
                        aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE), StorageException.class,
                        "could not be downloaded or stored")),
                Arguments.of("unknown 4xx", new Case(b -> aResponse().withStatus(418).withBody("{\"title\":\"teapot\"}"),
                        image(10), FluxSchnellServiceException.class, "HTTP 418 teapot")),
                // a 500 leaves open whether a prediction exists: the list is read, shows none after its lag, so the
                // create is sent again (maxRetries 1); then the server's last answer is the error — nothing was lost
                Arguments.of("empty 500", new Case(b -> aResponse().withStatus(500), image(10),
                        dev.fluxschnell.sdk.errors.ServerException.class, "HTTP 500")),
                Arguments.of("500 with a detail", new Case(b -> aResponse().withStatus(500)
                        .withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"detail\": \"Internal server error\"}"), image(10),
                        dev.fluxschnell.sdk.errors.ServerException.class, "Internal server error")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badAnswer_failsClearly_withoutHangOrLeakOrPartialFile(String name, Case c) throws Exception {
        String base = wm.baseUrl();
        wm.stubFor(post(CREATE).willReturn(c.create().apply(base)));
        wm.stubFor(get("/files/big.webp").willReturn(c.download()));
        wm.stubFor(get("/v1/predictions").willReturn(aResponse().withBody("{\"results\":[]}")));

        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (FluxSchnellClient client = FluxSchnellClient.builder().apiToken("r8_x").baseUrl(URI.create(base))
                    .downloadHosts(List.of("localhost", "replicate.delivery")).maxImageBytes(1000).maxRetries(1)
                    .listLag(Duration.ofMillis(50))
                    .retryBackoff(Duration.ofMillis(5), Duration.ofMillis(10)).pollInterval(Duration.ofMillis(5))
                    .storage(LocalFileStorage.of(out)).build()) {
                assertThatThrownBy(() -> client.generate(ImageRequest.of("x"))).isInstanceOf(c.type())
                        .hasMessageContaining(c.message());
            }
        });

        try (Stream<Path> files = Files.walk(out)) {
            assertThat(files.filter(p -> Files.isRegularFile(p) && !p.toString().endsWith(".json")))
                    .as("no image or partial file written").isEmpty();
        }
        Await.until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && t.getName().startsWith("flux-")));
    }

    @Test
    void serverTextWithControlCharacters_isCleanedEverywhere_andThePaidImageIsKept() throws Exception {
        String base = wm.baseUrl();
        String id = "px\\r\\nINFO forged log line\\u001b[31m";
        wm.stubFor(post(CREATE).willReturn(created("{\"id\":\"" + id + "\",\"status\":\"succeeded\",\"output\":[\""
                + base + "/files/a.webp\"]}")));
        wm.stubFor(get("/files/a.webp").willReturn(image(10)));
        wm.stubFor(post("/v1/models/black-forest-labs/flux-dev/predictions").willReturn(created(
                "{\"id\":\"p2\",\"status\":\"failed\",\"error\":\"boom\\u001b[2J\\r\\nWARN fake\\u0007\\u202e\"}")));
        try (FluxSchnellClient client = FluxSchnellClient.builder().apiToken("r8_x").baseUrl(URI.create(base))
                .downloadHosts(List.of("localhost")).storage(LocalFileStorage.of(out)).checkModels(false).build()) {
            var r = client.generate(ImageRequest.of("x"));
            assertThat(r.predictionId()).isEqualTo("px  INFO forged log line").doesNotContainPattern("\\p{Cntrl}");
            assertThat(Path.of(r.images().get(0).location())).exists();
            assertThatThrownBy(() -> client.generate(ImageRequest.builder().model(
                    dev.fluxschnell.sdk.request.ImageModel.FLUX_DEV).prompt("x").build()))
                    .isInstanceOf(dev.fluxschnell.sdk.errors.PredictionFailedException.class)
                    .satisfies(e -> assertThat(e.getMessage()).contains("boom  WARN fake").doesNotContainPattern(
                            "[\\p{Cntrl}\\u202e]"));
        }
    }
}
