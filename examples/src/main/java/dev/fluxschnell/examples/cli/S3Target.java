package dev.fluxschnell.examples.cli;

import dev.fluxschnell.sdk.storage.s3.S3ImageStorage;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** The S3 destination of {@code --s3 s3://bucket/prefix}: a client, a presigner (for gallery links) and the storage. */
final class S3Target implements AutoCloseable {
    private final S3Client client;
    private final S3Presigner presigner;
    private final S3ImageStorage storage;

    private S3Target(S3Client client, S3Presigner presigner, S3ImageStorage storage) {
        this.client = client;
        this.presigner = presigner;
        this.storage = storage;
    }

    static S3Target open(URI target, URI endpoint, boolean pathStyle) {
        if (!"s3".equals(target.getScheme()) || target.getHost() == null) {
            throw new Session.UsageException("--s3 must look like s3://bucket/prefix, was " + target);
        }
        String prefix = target.getPath() == null ? "" : target.getPath().replaceFirst("^/", "");
        var builder = S3Client.builder().forcePathStyle(pathStyle);
        var presignerBuilder = S3Presigner.builder()
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build());
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
            presignerBuilder.endpointOverride(endpoint);
        }
        S3Client client = builder.build();
        S3Presigner presigner = presignerBuilder.build();
        S3ImageStorage storage = S3ImageStorage.builder().client(client).bucket(target.getHost()).prefix(prefix)
                .presignedUrls(presigner, Duration.ofDays(7)).build();
        return new S3Target(client, presigner, storage);
    }

    S3ImageStorage storage() {
        return storage;
    }

    @Override
    public void close() {
        presigner.close();
        client.close();
    }
}
