package dev.fluxschnell.sdk.storage.s3;

import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** A real S3 API server for tests: S3Proxy in-process on 127.0.0.1 (random port), blobs under a directory. */
public final class LocalS3 implements AutoCloseable {
    /** The access key id the server accepts. */
    public static final String IDENTITY = "local-identity";
    /** The secret key the server accepts. */
    public static final String CREDENTIAL = "local-credential";

    private final S3Proxy proxy;
    private final URI endpoint;

    private LocalS3(S3Proxy proxy) {
        this.proxy = proxy;
        this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    /** Starts a server storing blobs under {@code dir}. */
    public static LocalS3 start(Path dir) throws Exception {
        Properties p = new Properties();
        p.setProperty("s3proxy.endpoint", "http://127.0.0.1:0");
        p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        p.setProperty("s3proxy.identity", IDENTITY);
        p.setProperty("s3proxy.credential", CREDENTIAL);
        p.setProperty("jclouds.filesystem.basedir", dir.toString());
        S3Proxy proxy = S3Proxy.Builder.fromProperties(p).blobStore(BlobStores.create("filesystem-nio2", p)).build();
        proxy.start();
        for (int i = 0; i < 500 && !"STARTED".equals(proxy.getState()); i++) {
            Thread.sleep(10);
        }
        return new LocalS3(proxy);
    }

    /** The server's endpoint, e.g. {@code http://127.0.0.1:41234}. */
    public URI endpoint() {
        return endpoint;
    }

    /** Static credentials the server accepts. */
    public StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(IDENTITY, CREDENTIAL));
    }

    /** A new path-style AWS SDK client for this server (the caller closes it). */
    public S3Client client() {
        return S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(credentials())
                .forcePathStyle(true).build();
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
