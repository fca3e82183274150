package dev.fluxschnell.examples.cli;

import dev.fluxschnell.sdk.storage.s3.S3ImageStorage;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The S3 destination of {@code --s3 s3://bucket/prefix}: a client, a presigner (for gallery links) and the storage,
 * whose preflight the SDK runs before the first create (a missing bucket or denied write: exit 2, nothing sent).
 */
final class S3Target implements PaidRun.Destination {
    private final S3Client client;
    private final S3Presigner presigner;
    private final S3ImageStorage storage;

    private S3Target(S3Client client, S3Presigner presigner, S3ImageStorage storage) {
        this.client = client;
        this.presigner = presigner;
        this.storage = storage;
    }

    /**
     * {@return the destination {@code target} names, through {@code endpoint} (null: AWS) with path-style addressing
     * or not} Credentials and region come from the AWS default chains.
     *
     * @throws Session.UsageException for a malformed target, or an AWS configuration that cannot be used (no region)
     */
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
        S3Client client = null;
        try {
            client = builder.build();
            S3Presigner presigner = presignerBuilder.build();
            S3ImageStorage storage = S3ImageStorage.builder().client(client).bucket(target.getHost()).prefix(prefix)
                    .presignedUrls(presigner, Duration.ofDays(7)).build();
            return new S3Target(client, presigner, storage);
        } catch (SdkException | IllegalArgumentException | IllegalStateException e) { // e.g. "Unable to load region"
            if (client != null) {
                client.close();
            }
            String problem = String.valueOf(e.getMessage()).contains("Unable to load region") ? "no AWS region: set "
                    + "AWS_REGION (or -Daws.region, or a region in ~/.aws/config)" : PaidRun.oneLine(e.getMessage());
            throw new Session.UsageException("--s3 " + target + ": " + problem);
        }
    }

    @Override
    public S3ImageStorage storage() {
        return storage;
    }

    @Override
    public void close() {
        presigner.close();
        client.close();
    }
}
