package dev.fluxschnell.sdk.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StandaloneEmulatorTest {
    @Test
    void printsItsUrlAndToken_answersWithThem_andStopsWhenItsInputCloses() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), StandaloneEmulator.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            String[] line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))
                    .readLine().split(" ");
            assertThat(line).hasSize(2);
            HttpResponse<String> model = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(line[0] + "/v1/models/black-forest-labs/flux-schnell"))
                    .header("Authorization", "Bearer " + line[1]).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(model.statusCode()).isEqualTo(200);
            assertThat(model.body()).contains("\"name\":\"flux-schnell\"");
            p.getOutputStream().close();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("stopped once its input closed").isTrue();
            assertThat(p.exitValue()).isZero();
        } finally {
            p.destroyForcibly();
        }
    }
}
