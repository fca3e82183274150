package dev.fluxschnell.sdk.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.result.GeneratedImage;
import dev.fluxschnell.sdk.request.AspectRatio;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.OutputFormat;
import dev.fluxschnell.sdk.request.Style;
import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.batch.BatchResult;
import dev.fluxschnell.sdk.storage.ImageContent;
import dev.fluxschnell.sdk.storage.ImageMetadata;
import dev.fluxschnell.sdk.storage.StoredImage;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Against a real S3 API server (S3Proxy, in-process on 127.0.0.1), read back with the AWS SDK; what needs no server is in
 * {@link S3ImageStorageTest}.
 */
class S3ImageStorageIT {
    static final String BUCKET = "flux-images";
    static LocalS3 server;
    static S3Client s3;
    static URI endpoint;
    static StaticCredentialsProvider creds;

    @TempDir
    static Path blobs;

    @BeforeAll
    static void startS3() throws Exception {
        server = LocalS3.start(blobs);
        endpoint = server.endpoint();
        creds = server.credentials();
        s3 = server.client();
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
        server.close();
    }

    @BeforeEach
    void emptyBucket() {
        s3.listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents()
                .forEach(o -> s3.deleteObject(d -> d.bucket(BUCKET).key(o.key())));
    }

    static ImageMetadata meta(String id, String prompt) {
        ImageRequest r = ImageRequest.builder().prompt(prompt).style(Style.REALISTIC).seed(99).build();
        return new ImageMetadata(id, 0, r, Instant.parse("2026-11-24T09:00:00Z"), new BigDecimal("0.003"));
    }

    static byte[] bytes(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 7 + (i >> 11));
        }
        return b;
    }

    byte[] get(String key) {
        return s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
    }

    @Test
    void batchRun_storesEveryImageInS3_withContentTypeMetadataAndSidecar() throws Exception {
        S3ImageStorage storage = S3ImageStorage.builder().client(s3).bucket(BUCKET).prefix("campaigns/2026").build();
        try (FakeReplicateServer server = FakeReplicateServer.builder().urlOutputs().start(); // to compare bytes
             FluxSchnellClient client = FluxSchnellClient.builder().apiToken(server.token()).baseUrl(server.baseUrl())
                     .downloadHosts(List.of("127.0.0.1")).storage(storage).build()) {
            BatchResult r = client.generateBatch(BatchRequest.builder()
                    .prompts(List.of("Café au lait on marble — 10% off", "Blue sneaker"), b -> b.style(Style.REALISTIC)
                            .aspectRatio(AspectRatio.LANDSCAPE_16_9).outputFormat(OutputFormat.PNG)).build());

            assertThat(r.allSucceeded()).isTrue();
            HttpClient http = HttpClient.newHttpClient();
            for (GeneratedImage img : r.images()) {
                URI location = img.location();
                assertThat(location.getScheme()).isEqualTo("s3");
                assertThat(location.getHost()).isEqualTo(BUCKET);
                String key = location.getPath().substring(1);
                assertThat(key).matches("campaigns/2026/\\d{4}-\\d{2}-\\d{2}/[a-z0-9]+-0\\.png");

                ResponseBytes<GetObjectResponse> obj = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key));
                byte[] original = http.send(HttpRequest.newBuilder(img.remoteUrl()).build(),
                        HttpResponse.BodyHandlers.ofByteArray()).body();
                assertThat(obj.asByteArray()).isEqualTo(original);
                assertThat(obj.response().contentType()).isEqualTo("image/png");
                Map<String, String> md = obj.response().metadata();
                assertThat(md.get("style")).isEqualTo("realistic");
                assertThat(md.get("aspect-ratio")).isEqualTo("16:9");
                assertThat(md.get("seed")).as("the seed the model used").isEqualTo(Long.toString(img.seed().orElseThrow()));
                assertThat(md.get("prediction-id")).isEqualTo(key.replaceAll(".*/([a-z0-9]+)-0\\.png", "$1"));
                assertThat(md.values()).allSatisfy(v -> assertThat(v).matches("[\\x20-\\x7E]*"));
                String prompt = URLDecoder.decode(md.get("prompt"), StandardCharsets.UTF_8);
                assertThat(r.items().stream().map(i -> i.request().summary())).contains(prompt);
                assertThat(new String(get(key + ".json"), StandardCharsets.UTF_8)).contains("\"sent_prompt\"",
                        "photorealistic");
            }
        }
    }

    @Test
    void aMissingBucket_failsThePreflight_soTheBatchSendsNoCreate() throws Exception {
        S3ImageStorage missing = S3ImageStorage.builder().client(s3).bucket("no-such-bucket").build();
        try (FakeReplicateServer server = FakeReplicateServer.start();
             FluxSchnellClient client = server.clientBuilder().storage(missing).build()) {
            assertThatThrownBy(() -> client.generateBatch(BatchRequest.builder().prompts(List.of("a", "b")).build()))
                    .isInstanceOf(dev.fluxschnell.sdk.errors.StorageException.class)
                    .hasMessageContaining("s3://no-such-bucket/");
            assertThat(server.stats().createRequests()).isZero();
        }
        S3ImageStorage.builder().client(s3).bucket(BUCKET).prefix("p/").build().preflight();
        assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET)).contents()).as("the marker is deleted")
                .noneMatch(o -> o.key().contains(".flux-preflight-"));
    }

    @Test
    void withPublicUrls_keysAreUnguessable_andThePublicUrlIsTheCdnsUrlOfTheKey() {
        S3ImageStorage storage = S3ImageStorage.builder().client(s3).bucket(BUCKET).prefix("pub/")
                .publicUrls(dev.fluxschnell.sdk.storage.PublicUrls.of(URI.create("https://cdn.example.com/"),
                        new byte[32])).build();
        byte[] image = bytes(300);
        StoredImage s = storage.store(ImageContent.of(new java.io.ByteArrayInputStream(image), OutputFormat.WEBP,
                image.length), meta("p1", "x")).join();
        String key = s.location().getPath().substring(1);
        assertThat(key).matches("pub/\\d{4}-\\d{2}-\\d{2}/p1-0-[0-9a-f]{16}\\.webp");
        assertThat(get(key)).isEqualTo(image);
        assertThat(s.publicUrl()).contains(URI.create("https://cdn.example.com/" + key));
    }

    @Test
    void aNamedOutput_neverReplacesAnotherImage_butTheSameImageMayBeStoredAgain() {
        S3ImageStorage storage = S3ImageStorage.builder().client(s3).bucket(BUCKET).sidecar(false).build();
        byte[] image = bytes(200);
        java.util.function.Function<String, StoredImage> store = id -> storage.store(ImageContent.of(
                new java.io.ByteArrayInputStream(image), OutputFormat.WEBP, image.length), meta(id, "x")
                .withName("catalogue/sku-1")).join();
        store.apply("p1");
        store.apply("p1"); // a retry of the same image
        assertThatThrownBy(() -> store.apply("p2")).hasCauseInstanceOf(dev.fluxschnell.sdk.errors.StorageException.class)
                .hasMessageContaining("is never replaced");
        assertThat(get("catalogue/sku-1.webp")).isEqualTo(image);
    }

    @Test
    void multiMegabyteImage_goesThroughMultipart_withKnownAndUnknownLength_andReadsBack() throws IOException {
        S3ImageStorage storage = S3ImageStorage.builder().client(s3).bucket(BUCKET).sidecar(false)
                .partSize(S3ImageStorage.MIN_PART_SIZE).multipartThreshold(S3ImageStorage.MIN_PART_SIZE).build();
        byte[] big = bytes(12 * 1024 * 1024 + 123);

        StoredImage known = storage.store(ImageContent.of(new ByteArrayInputStream(big), OutputFormat.PNG, big.length),
                meta("known", "big one")).join();
        StoredImage unknown = storage.store(ImageContent.of(new ByteArrayInputStream(big), OutputFormat.PNG),
                meta("unknown", "big two")).join();

        assertThat(known.sizeBytes()).isEqualTo(big.length);
        assertThat(unknown.sizeBytes()).isEqualTo(big.length);
        assertThat(get(storage.keyFor(meta("known", "x")))).isEqualTo(big);
        assertThat(get(storage.keyFor(meta("unknown", "x")))).isEqualTo(big);
        try (InputStream in = storage.open(known)) { // read back, streamed
            assertThat(in.readAllBytes()).isEqualTo(big);
        }
        assertThatThrownBy(() -> storage.open(StoredImage.of(URI.create("s3://other-bucket/k.png"), 1, "image/png")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an image of");
        assertThatThrownBy(() -> storage.open(StoredImage.of(URI.create("s3://" + BUCKET + "/gone.png"), 1,
                "image/png"))).isInstanceOf(dev.fluxschnell.sdk.errors.StorageException.class)
                .hasMessageContaining("gone.png");
        assertThat(s3.headObject(b -> b.bucket(BUCKET).key(storage.keyFor(meta("unknown", "x")))).contentType())
                .isEqualTo("image/png");
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, 12L * 1024 * 1024})
    void failureMidUpload_leavesNoObjectAndNoPendingUpload(long announcedLength) {
        S3ImageStorage storage = S3ImageStorage.builder().client(s3).bucket(BUCKET).sidecar(false)
                .partSize(S3ImageStorage.MIN_PART_SIZE).multipartThreshold(S3ImageStorage.MIN_PART_SIZE).build();
        InputStream failing = new InputStream() {
            long n;

            @Override
            public int read() throws IOException {
                if (++n > 7 * 1024 * 1024) {
                    throw new IOException("connection reset mid-download");
                }
                return 1;
            }
        };

        ImageContent content = announcedLength < 0 ? ImageContent.of(failing, OutputFormat.WEBP)
                : ImageContent.of(failing, OutputFormat.WEBP, announcedLength);
        assertThatThrownBy(() -> storage.store(content,
                meta("broken", "p")).join()).isInstanceOf(CompletionException.class);

        assertThatThrownBy(() -> s3.headObject(b -> b.bucket(BUCKET).key(storage.keyFor(meta("broken", "p")))))
                .isInstanceOf(software.amazon.awssdk.services.s3.model.S3Exception.class);
        assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET)).contents()).isEmpty();
        assertThat(s3.listMultipartUploads(b -> b.bucket(BUCKET)).uploads()).isEmpty();
    }

    @Test
    void presignedUrl_servesTheBytesToAPlainHttpGet() throws Exception {
        try (S3Presigner presigner = S3Presigner.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(creds).serviceConfiguration(S3Configuration.builder()
                        .pathStyleAccessEnabled(true).build()).build()) {
            S3ImageStorage storage = S3ImageStorage.builder().client(s3).bucket(BUCKET)
                    .presignedUrls(presigner, Duration.ofMinutes(10)).build();
            byte[] image = bytes(70_000);

            StoredImage stored = storage.store(ImageContent.of(new ByteArrayInputStream(image), OutputFormat.JPG,
                    image.length), meta("signed", "p")).join();

            URI url = stored.downloadUrl().orElseThrow();
            assertThat(url.getQuery()).contains("X-Amz-Signature", "X-Amz-Expires=600");
            HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(image);
        }
    }

    @Test
    void keysAreSafe_whateverThePredictionIdSays() {
        S3ImageStorage storage = S3ImageStorage.builder().client(s3).bucket(BUCKET).prefix("a/b/").build();
        assertThat(storage.keyFor(meta("../../etc/passwd\u0000", "p"))).matches("a/b/2026-11-24/etcpasswd-[0-9a-f]{16}-0\\.webp");
        assertThat(storage.keyFor(meta("/", "p"))).matches("a/b/2026-11-24/unknown-[0-9a-f]{16}-0\\.webp");
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket(BUCKET).key("etc/passwd")))
                .isInstanceOf(NoSuchKeyException.class);
    }
}
