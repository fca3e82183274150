package dev.fluxschnell.spring.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fluxschnell.sdk.request.AspectRatio;
import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.request.OutputFormat;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.image.ImagePrompt;
import org.springframework.ai.image.ImageResponse;
import org.springframework.ai.util.json.JsonParser;

/**
 * Spring AI 2 runs on Jackson 3 ({@code tools.jackson}), the SDK on Jackson 2 ({@code com.fasterxml.jackson}); both
 * share jackson-annotations. They must live side by side in one JVM: each on its own line, both honouring the same
 * annotations, and the SDK's JSON work unaffected.
 */
class JacksonSideBySideTest {
    @TempDir
    Path dir;

    @Test
    void jackson2AndJackson3_liveSideBySide_andReadTheSameAnnotations() throws Exception {
        assertThat(com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.getMajorVersion()).isEqualTo(2);
        assertThat(tools.jackson.databind.cfg.PackageVersion.VERSION.getMajorVersion()).isEqualTo(3);

        FluxSchnellImageOptions options = FluxSchnellImageOptions.builder().n(2).aspectRatio(AspectRatio.PORTRAIT_4_5)
                .seed(7L).goFast(false).outputFormat(OutputFormat.PNG).build();
        ObjectMapper jackson2 = new ObjectMapper();
        JsonNode viaJackson2 = jackson2.readTree(jackson2.writeValueAsString(options));
        JsonNode viaJackson3 = jackson2.readTree(JsonParser.toJson(options)); // Spring AI's own JsonMapper

        assertThat(viaJackson3).isEqualTo(viaJackson2);
        assertThat(viaJackson2.properties()).extracting(java.util.Map.Entry::getKey)
                .containsExactlyInAnyOrder("n", "aspect_ratio", "seed", "go_fast", "output_format");

        try (FakeReplicateServer server = FakeReplicateServer.start(); // the SDK's Jackson 2 reads the API's answers
             FluxSchnellClient client = FluxSchnellClient.builder().apiToken(server.token()).baseUrl(server.baseUrl())
                     .downloadHosts(List.of("127.0.0.1")).storage(LocalFileStorage.of(dir)).build()) {
            ImageResponse r = FluxSchnellImageModel.of(client).call(new ImagePrompt("a jug", options));
            assertThat(r.getResults()).hasSize(2);
            assertThat(jackson2.readTree(JsonParser.toJson(((FluxSchnellImageResponseMetadata) r.getMetadata()).getPredictionIds())))
                    .hasSize(1);
        }
    }
}
