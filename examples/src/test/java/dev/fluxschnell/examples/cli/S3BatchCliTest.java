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
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** {@code flux batch --s3} against a real S3 API server (S3Proxy, in-process). */
class S3BatchCliTest {
    static S3Proxy proxy;
    static String endpoint;

    @TempDir
    static Path blobs;

    @TempDir
    Path dir;

    @BeforeAll
    static void startS3() throws Exception {
        Properties p = new Properties();
        p.setProperty("s3proxy.endpoint", "http://127.0.0.1:0");
        p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        p.setProperty("s3proxy.identity", "cli-identity");
        p.setProperty("s3proxy.credential", "cli-credential");
        p.setProperty("jclouds.filesystem.basedir", blobs.toString());
        proxy = S3Proxy.Builder.fromProperties(p).blobStore(BlobStores.create("filesystem-nio2", p)).build();
        proxy.start();
        for (int i = 0; i < 200 && !"STARTED".equals(proxy.getState()); i++) {
            Thread.sleep(10);
        }
        endpoint = "http://127.0.0.1:" + proxy.getPort();
        // the CLI uses the AWS default chains, which read these system properties
        System.setProperty("aws.region", "us-east-1");
        System.setProperty("aws.accessKeyId", "cli-identity");
        System.setProperty("aws.secretAccessKey", "cli-credential");
        try (S3Client s3 = s3()) {
            s3.createBucket(b -> b.bucket("campaign-bucket"));
        }
    }

    @AfterAll
    static void stopS3() throws Exception {
        proxy.stop();
    }

    static S3Client s3() {
        return S3Client.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("cli-identity",
                        "cli-credential"))).build();
    }

    @Test
    void batchToS3_storesObjects_recordsThem_andResumes() throws Exception {
        Path prompts = dir.resolve("p.txt");
        Files.write(prompts, List.of("Sneaker on sand", "Sneaker on snow", "Sneaker on grass"));
        Path out = dir.resolve("out");
        String[] args = {"batch", prompts.toString(), "--s3", "s3://campaign-bucket/spring/2026", "--s3-endpoint",
                endpoint, "--s3-path-style", "--out", out.toString(), "--sandbox", "--gallery"};

        CliTestSupport.Run first = flux(args);

        assertThat(first.code()).as(first.err()).isZero();
        try (S3Client s3 = s3()) {
            List<String> keys = s3.listObjectsV2(b -> b.bucket("campaign-bucket").prefix("spring/2026/")).contents()
                    .stream().map(S3Object::key).filter(k -> k.endsWith(".webp")).toList();
            assertThat(keys).hasSize(3).allSatisfy(k -> assertThat(k).matches("spring/2026/\\d{4}-\\d{2}-\\d{2}/.+-0\\.webp"));
        }
        var entries = Manifest.load(out).entries();
        assertThat(entries).hasSize(3).allSatisfy(e -> {
            assertThat(e.path("files").get(0).asText()).startsWith("s3://campaign-bucket/spring/2026/");
            assertThat(e.path("urls").get(0).asText()).contains("X-Amz-Signature");
        });
        String html = Files.readString(out.resolve("index.html"));
        String url = entries.get(0).path("urls").get(0).asText();
        assertThat(html).contains(Gallery.html(url));
        HttpResponse<byte[]> image = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(new String(image.body(), 8, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("WEBP");

        CliTestSupport.Run again = flux(args);
        assertThat(again.out()).contains("3 already stored", "0 to generate");
    }
}
