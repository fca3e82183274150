package dev.fluxschnell.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.NoCredentials;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.StorageOptions;
import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.result.GenerationResult;
import dev.fluxschnell.sdk.storage.ImageMetadata;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import dev.fluxschnell.sdk.storage.PublicUrls;
import dev.fluxschnell.sdk.storage.StoredImage;
import dev.fluxschnell.sdk.storage.firebase.FirebaseImageStorage;
import dev.fluxschnell.sdk.storage.s3.S3ImageStorage;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * flux-schnell.storage.public-base-url and public-url-key reach whichever storage the starter builds: images generated
 * in the sandbox get unguessable names under the configured key and a public URL under the base.
 */
class FluxSchnellPublicUrlsTest {
    static final String BASE = "https://cdn.example.com/images/";
    static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    static final Pattern TOKEN = Pattern.compile("-0-([0-9a-f]{16})\\.(webp|png|jpg)$");

    @TempDir
    Path dir;

    ApplicationContextRunner sandbox() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FluxSchnellAutoConfiguration.class))
                .withPropertyValues("flux-schnell.sandbox=true", "flux-schnell.storage.directory=" + dir,
                        "flux-schnell.storage.public-base-url=" + BASE,
                        "flux-schnell.storage.public-url-key=" + Base64.getEncoder().encodeToString(KEY));
    }

    /** The 16 hex digits the configured key gives this prediction's first image. */
    static String expectedToken(String predictionId) {
        String name = PublicUrls.of(URI.create(BASE), KEY).objectName(ImageMetadata.of(predictionId, 0,
                ImageRequest.of("any"), Instant.now(), BigDecimal.ZERO, OptionalLong.empty()));
        Matcher m = TOKEN.matcher(name);
        assertThat(m.find()).as(name).isTrue();
        return m.group(1);
    }

    static StoredImage generate(FluxSchnellClient client, String[] predictionId) {
        GenerationResult r = client.generate(ImageRequest.of("a kite over the sea"));
        predictionId[0] = r.predictionId();
        return r.images().get(0).stored().orElseThrow();
    }

    @Test
    void localStorage_getsPublicUrls_underTheBase_namedWithTheConfiguredKey() {
        sandbox().run(ctx -> {
            FluxSchnellClient client = ctx.getBean(FluxSchnellClient.class);
            assertThat(client.storage()).isInstanceOf(LocalFileStorage.class);
            String[] id = new String[1];
            StoredImage stored = generate(client, id);

            String relative = dir.relativize(Path.of(stored.location())).toString().replace('\\', '/');
            assertThat(stored.publicUrl()).hasValue(URI.create(BASE + relative));
            assertThat(relative).matches("\\d{4}-\\d{2}-\\d{2}/.+").contains("-0-" + expectedToken(id[0]) + ".");
        });
    }

    @Test
    void s3Storage_getsPublicUrls_forTheKeyItWrote() {
        List<String> keys = new CopyOnWriteArrayList<>();
        sandbox().withPropertyValues("flux-schnell.storage.type=s3", "flux-schnell.storage.bucket=campaigns",
                "flux-schnell.storage.prefix=spring/2026").withBean(S3Client.class, () -> recordingS3(keys)).run(ctx -> {
                    FluxSchnellClient client = ctx.getBean(FluxSchnellClient.class);
                    assertThat(client.storage()).isInstanceOf(S3ImageStorage.class);
                    String[] id = new String[1];
                    StoredImage stored = generate(client, id);

                    String key = stored.location().getPath().substring(1);
                    assertThat(keys).contains(key);
                    assertThat(key).startsWith("spring/2026/").contains("-0-" + expectedToken(id[0]) + ".");
                    assertThat(stored.publicUrl()).hasValue(URI.create(BASE + key));
                });
    }

    @Test
    void firebaseStorage_getsPublicUrls_besideItsDownloadUrl() {
        List<String> names = new CopyOnWriteArrayList<>();
        sandbox().withPropertyValues("flux-schnell.storage.type=firebase",
                "flux-schnell.storage.bucket=demo.appspot.com", "flux-schnell.storage.prefix=generated")
                .withBean(com.google.cloud.storage.Storage.class, () -> recordingGcs(names)).run(ctx -> {
                    FluxSchnellClient client = ctx.getBean(FluxSchnellClient.class);
                    assertThat(client.storage()).isInstanceOf(FirebaseImageStorage.class);
                    String[] id = new String[1];
                    StoredImage stored = generate(client, id);

                    String name = stored.location().getPath().substring(1);
                    assertThat(names).contains(name);
                    assertThat(name).startsWith("generated/").contains("-0-" + expectedToken(id[0]) + ".");
                    assertThat(stored.publicUrl()).hasValue(URI.create(BASE + name));
                    assertThat(stored.downloadUrl()).isPresent();
                });
    }

    @Test
    void withoutAKey_eachStartNamesWithItsOwnRandomKey() {
        ImageMetadata metadata = ImageMetadata.of("p1", 0, ImageRequest.of("x"), Instant.now(), BigDecimal.ZERO,
                OptionalLong.empty());
        String[] names = new String[2];
        ApplicationContextRunner noKey = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FluxSchnellAutoConfiguration.class))
                .withPropertyValues("flux-schnell.api-token=r8_test_token_123456789",
                        "flux-schnell.storage.directory=" + dir, "flux-schnell.storage.public-base-url=" + BASE);
        noKey.run(ctx -> names[0] = ctx.getBean(PublicUrls.class).objectName(metadata));
        noKey.run(ctx -> names[1] = ctx.getBean(PublicUrls.class).objectName(metadata));
        assertThat(names[0]).isNotEqualTo(names[1]);
        sandbox().run(ctx -> assertThat(ctx.getBean(PublicUrls.class).objectName(metadata))
                .isEqualTo(PublicUrls.of(URI.create(BASE), KEY).objectName(metadata)));
    }

    @Test
    void withoutABaseUrl_noPublicUrls_andAKeyAloneFailsTheStart() {
        ApplicationContextRunner plain = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FluxSchnellAutoConfiguration.class))
                .withPropertyValues("flux-schnell.api-token=r8_test_token_123456789",
                        "flux-schnell.storage.directory=" + dir);
        plain.run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(PublicUrls.class));
        plain.withPropertyValues("flux-schnell.storage.public-url-key=" + Base64.getEncoder().encodeToString(KEY))
                .run(ctx -> assertThat(ctx).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("flux-schnell.storage.public-url-key is set without "
                                + "flux-schnell.storage.public-base-url"));
    }

    @Test
    void aShortOrMalformedKey_orABadBase_failsTheStart_namingTheProperty() {
        sandbox().withPropertyValues("flux-schnell.storage.public-url-key="
                        + Base64.getEncoder().encodeToString(new byte[8]))
                .run(ctx -> assertThat(ctx).hasFailed().getFailure().hasStackTraceContaining(
                        "flux-schnell.storage.public-url-key (base64 of at least 16 bytes): the key must be at least "
                                + "16 bytes, was 8"));
        sandbox().withPropertyValues("flux-schnell.storage.public-url-key=not base64!")
                .run(ctx -> assertThat(ctx).hasFailed().getFailure()
                        .hasStackTraceContaining("flux-schnell.storage.public-url-key (base64 of at least 16 bytes)"));
        sandbox().withPropertyValues("flux-schnell.storage.public-base-url=ftp://cdn.example.com/",
                        "flux-schnell.storage.public-url-key=")
                .run(ctx -> assertThat(ctx).hasFailed().getFailure().hasStackTraceContaining(
                        "flux-schnell.storage.public-base-url: a public base URL is an absolute http(s) URL"));
    }

    @Test
    void theApplicationsOwnPublicUrls_win() {
        PublicUrls own = PublicUrls.of(URI.create("https://own.example.com/"), KEY);
        sandbox().withBean(PublicUrls.class, () -> own).run(ctx -> {
            assertThat(ctx.getBean(PublicUrls.class)).isSameAs(own);
            StoredImage stored = generate(ctx.getBean(FluxSchnellClient.class), new String[1]);
            assertThat(stored.publicUrl()).hasValueSatisfying(u -> assertThat(u).hasHost("own.example.com"));
        });
    }

    /** An S3Client that accepts puts and deletes and records the keys written (no S3 needed). */
    static S3Client recordingS3(List<String> keys) {
        return (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "putObject" -> {
                        keys.add(((PutObjectRequest) args[0]).key());
                        try (var in = ((RequestBody) args[1]).contentStreamProvider().newStream()) {
                            in.transferTo(java.io.OutputStream.nullOutputStream());
                        }
                        yield PutObjectResponse.builder().eTag("\"etag\"").build();
                    }
                    case "deleteObject" -> DeleteObjectResponse.builder().build();
                    case "serviceName" -> "s3";
                    case "close" -> null;
                    case "toString" -> "recordingS3";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** A Storage whose writer accepts uploads and records the object names (no Google Cloud needed). */
    static com.google.cloud.storage.Storage recordingGcs(List<String> names) {
        com.google.cloud.storage.Storage real = StorageOptions.newBuilder().setProjectId("demo")
                .setHost("http://127.0.0.1:9").setCredentials(NoCredentials.getInstance()).build().getService();
        return (com.google.cloud.storage.Storage) Proxy.newProxyInstance(
                com.google.cloud.storage.Storage.class.getClassLoader(),
                new Class<?>[] {com.google.cloud.storage.Storage.class}, (proxy, method, args) -> {
                    if (method.getName().equals("writer") && args[0] instanceof BlobInfo info) {
                        names.add(info.getName());
                        return sink();
                    }
                    if (method.getName().equals("delete") && method.getReturnType() == boolean.class) {
                        return true;
                    }
                    return method.invoke(real, args);
                });
    }

    private static WriteChannel sink() {
        return (WriteChannel) Proxy.newProxyInstance(WriteChannel.class.getClassLoader(),
                new Class<?>[] {WriteChannel.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "write" -> {
                        ByteBuffer b = (ByteBuffer) args[0];
                        int n = b.remaining();
                        b.position(b.limit());
                        yield n;
                    }
                    case "isOpen" -> true;
                    case "close", "setChunkSize" -> null;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "sink";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
