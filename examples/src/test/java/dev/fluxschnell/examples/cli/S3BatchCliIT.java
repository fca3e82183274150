package dev.fluxschnell.examples.cli;

import static dev.fluxschnell.examples.cli.CliTestSupport.flux;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import dev.fluxschnell.sdk.storage.s3.LocalS3;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** {@code flux batch --s3} against a real S3 API server (S3Proxy, in-process). */
class S3BatchCliIT {
    static LocalS3 server;

    @TempDir
    static Path blobs;

    @TempDir
    Path dir;

    @BeforeAll
    static void startS3() throws Exception {
        server = LocalS3.start(blobs);
        // the CLI uses the AWS default chains, which read these system properties
        System.setProperty("aws.region", "us-east-1");
        System.setProperty("aws.accessKeyId", LocalS3.IDENTITY);
        System.setProperty("aws.secretAccessKey", LocalS3.CREDENTIAL);
        try (S3Client s3 = server.client()) {
            s3.createBucket(b -> b.bucket("campaign-bucket"));
        }
    }

    @AfterAll
    static void stopS3() throws Exception {
        server.close();
    }

    @Test
    void batchToS3_storesObjects_recordsThem_andResumes() throws Exception {
        Path prompts = dir.resolve("p.txt");
        Files.write(prompts, List.of("Sneaker on sand", "Sneaker on snow", "Sneaker on grass"));
        Path out = dir.resolve("out");
        String[] args = {"batch", prompts.toString(), "--s3", "s3://campaign-bucket/spring/2026", "--s3-endpoint",
                server.endpoint().toString(), "--s3-path-style", "--out", out.toString(), "--sandbox", "--gallery"};

        CliTestSupport.Run first = flux(args);

        assertThat(first.code()).as(first.err()).isZero();
        try (S3Client s3 = server.client()) {
            List<String> keys = s3.listObjectsV2(b -> b.bucket("campaign-bucket").prefix("spring/2026/")).contents()
                    .stream().map(S3Object::key).filter(k -> k.endsWith(".webp")).toList();
            assertThat(keys).hasSize(3).allSatisfy(k -> assertThat(k).matches("spring/2026/\\d{4}-\\d{2}-\\d{2}/.+-0\\.webp"));
        }
        var entries = List.copyOf(Manifest.in(out).load().values());
        assertThat(entries).hasSize(3).allSatisfy(e -> {
            assertThat(e.stored().get(0).location().toString()).startsWith("s3://campaign-bucket/spring/2026/");
            assertThat(e.stored().get(0).downloadUrl().orElseThrow().toString()).contains("X-Amz-Signature");
        });
        String html = Files.readString(out.resolve("index.html"));
        String url = entries.get(0).stored().get(0).downloadUrl().orElseThrow().toString();
        assertThat(html).contains(Gallery.html(url));
        HttpResponse<byte[]> image = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(new String(image.body(), 8, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("WEBP");

        CliTestSupport.Run again = flux(args);
        assertThat(again.out()).contains("3 already stored", "0 to generate");
    }
}
