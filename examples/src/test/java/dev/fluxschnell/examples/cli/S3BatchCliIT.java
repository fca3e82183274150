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
import java.util.Map;
import dev.fluxschnell.sdk.storage.s3.LocalS3;
import dev.fluxschnell.sdk.storage.s3.S3ImageStorage;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code flux batch --s3} against a real S3 API server (S3Proxy, in-process): stores and resumes; a missing bucket or
 * AWS region exits 2 before anything is sent.
 */
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
        var entries = List.copyOf(CliTestSupport.sandboxJournal(out, "batch").values());
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
        assertThat(again.out()).contains("3 already stored", "0 to run");
    }

    @Test
    void aMissingBucket_exits2_inOneLine_beforeAnyPredictionIsCreated() throws Exception {
        Assumptions.assumeTrue(declaresPreflight(), "the installed flux-schnell-sdk-storage-s3 has no "
                + "S3ImageStorage.preflight() (a stale ~/.m2): install it to check the bucket before paying");
        Path prompts = dir.resolve("p.txt");
        Files.write(prompts, List.of("Sneaker on sand", "Sneaker on snow"));
        try (FakeReplicateServer api = FakeReplicateServer.start()) {
            CliTestSupport.Run run = RequestFamilyCliTest.withToken(api, () -> flux("batch", prompts.toString(),
                    "--s3", "s3://no-such-bucket/spring", "--s3-endpoint", server.endpoint().toString(),
                    "--s3-path-style", "--out", dir.resolve("out").toString(), "--base-url",
                    api.baseUrl().toString()));

            assertThat(run.code()).as(run.err()).isEqualTo(FluxCli.USAGE);
            assertThat(run.err().strip().lines()).singleElement().asString().contains("no-such-bucket")
                    .doesNotContain("Exception:");
            assertThat(api.stats().createRequests()).as("nothing was sent").isZero();
        }
    }

    /** ./flux runs examples/target/flux-cli.jar, which leaves out the other examples' libraries: S3 must be whole. */
    @Test
    void batchToS3_throughTheLauncher_storesObjects() throws Exception {
        Path prompts = dir.resolve("p.txt");
        Files.write(prompts, List.of("Sneaker on sand", "Sneaker on snow"));
        List<String> cmd = List.of("bash", Path.of("..", "flux").toAbsolutePath().normalize().toString(), "batch",
                prompts.toString(), "--s3", "s3://campaign-bucket/launcher", "--s3-endpoint",
                server.endpoint().toString(), "--s3-path-style", "--sandbox", "--yes", "--out",
                dir.resolve("out").toString());
        Path err = dir.resolve("err.log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err.toFile())
                .redirectOutput(dir.resolve("out.log").toFile());
        pb.environment().putAll(Map.of("FLUX_STARTUP_CACHE", "off", "AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID",
                LocalS3.IDENTITY, "AWS_SECRET_ACCESS_KEY", LocalS3.CREDENTIAL, "AWS_EC2_METADATA_DISABLED", "true"));
        Process p = pb.start();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();

        assertThat(p.exitValue()).as(Files.readString(err, StandardCharsets.UTF_8)).isZero();
        try (S3Client s3 = server.client()) {
            assertThat(s3.listObjectsV2(b -> b.bucket("campaign-bucket").prefix("launcher/")).contents().stream()
                    .map(S3Object::key).filter(k -> k.endsWith(".webp"))).hasSize(2);
        }
    }

    @Test
    void noAwsRegion_exits2_inOneLine_beforeAnythingElse() throws Exception {
        Path prompts = dir.resolve("p.txt");
        Files.write(prompts, List.of("Sneaker on sand"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), FluxCli.class.getName(), "batch", prompts.toString(),
                "--s3", "s3://campaign-bucket/x", "--s3-endpoint", server.endpoint().toString(), "--s3-path-style",
                "--sandbox", "--out", dir.resolve("out").toString()));
        Path err = dir.resolve("err.log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err.toFile())
                .redirectOutput(dir.resolve("out.log").toFile());
        List.of("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE").forEach(pb.environment()::remove);
        pb.environment().put("AWS_CONFIG_FILE", dir.resolve("no-config").toString());
        pb.environment().put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
        pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(stderr).isEqualTo(FluxCli.USAGE);
        assertThat(stderr.strip().lines().filter(l -> !l.startsWith("SLF4J("))) // the test classpath's logging noise
                .singleElement().asString().isEqualTo("error: --s3 s3://campaign-bucket/x: no AWS region: set "
                        + "AWS_REGION (or -Daws.region, or a region in ~/.aws/config)");
        assertThat(stderr).doesNotContain("SANDBOX");
    }

    private static boolean declaresPreflight() {
        try {
            S3ImageStorage.class.getDeclaredMethod("preflight");
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
