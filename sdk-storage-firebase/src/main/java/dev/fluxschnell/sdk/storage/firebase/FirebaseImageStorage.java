package dev.fluxschnell.sdk.storage.firebase;

import com.google.cloud.WriteChannel;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import dev.fluxschnell.sdk.storage.ImageContent;
import dev.fluxschnell.sdk.storage.ImageMetadata;
import dev.fluxschnell.sdk.storage.ImageStorage;
import dev.fluxschnell.sdk.storage.KeyPrefix;
import dev.fluxschnell.sdk.storage.StoredImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Stores generated images in Firebase Storage (a Google Cloud Storage bucket), on the user's own {@link Storage}:
 * {@code FirebaseImageStorage.builder().storage(storage).bucket("my-app.appspot.com").prefix("generated/").build()}.
 * With the Firebase Admin SDK, pass {@code StorageClient.getInstance(app).bucket().getStorage()}.
 *
 * <p>Each image is uploaded with a resumable {@code writer()} upload, streamed in chunks (never the whole image in
 * memory), with its content type, custom metadata (prediction id, seed, style, aspect ratio, prompt, cost) and a fresh
 * Firebase download token ({@code firebaseStorageDownloadTokens}). The result's download URL is the Firebase one:
 * {@code <host>/v0/b/<bucket>/o/<url-encoded name>?alt=media&token=<token>}, where the host is
 * {@code https://firebasestorage.googleapis.com}, or the emulator's when the {@code Storage} points at one. An upload
 * that fails is never finalized, so no partial object becomes visible.
 */
public final class FirebaseImageStorage implements ImageStorage {
    /** The production host of Firebase download URLs. */
    public static final URI FIREBASE_HOST = URI.create("https://firebasestorage.googleapis.com");
    private static final int CHUNK = 256 * 1024;

    private final Storage storage;
    private final String bucket;
    private final String prefix;
    private final URI downloadHost;
    private final dev.fluxschnell.sdk.storage.PublicUrls publicUrls;

    private FirebaseImageStorage(Builder b) {
        this.storage = b.storage;
        this.bucket = b.bucket;
        this.prefix = b.prefix;
        this.downloadHost = b.downloadHost != null ? b.downloadHost : defaultHost(b.storage);
        this.publicUrls = b.publicUrls;
    }

    /** {@return a new builder} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@return the object name an image with this metadata is stored under}
     *
     * @param metadata the image's metadata
     */
    public String objectNameFor(ImageMetadata metadata) {
        return prefix + (publicUrls == null ? metadata.objectName() : publicUrls.objectName(metadata));
    }

    @Override
    public CompletableFuture<StoredImage> store(ImageContent content, ImageMetadata metadata) {
        try {
            String name = objectNameFor(metadata);
            if (metadata.name().isPresent()) {
                refuseToReplaceAnother(name, metadata);
            }
            String token = UUID.randomUUID().toString();
            Map<String, String> custom = new LinkedHashMap<>(metadata.attributes());
            custom.put("firebaseStorageDownloadTokens", token);
            BlobInfo info = BlobInfo.newBuilder(BlobId.of(bucket, name)).setContentType(content.contentType())
                    .setMetadata(custom).build();
            long size = upload(info, content.stream());
            URI url = downloadUrl(name, token);
            StoredImage stored = StoredImage.of(URI.create("gs://" + bucket + "/" + name), size,
                    content.contentType(), url);
            return CompletableFuture.completedFuture(publicUrls == null ? stored
                    : stored.withPublicUrl(publicUrls.urlFor(name)));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new UncheckedIOException(e));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * A name the user chose may already hold another image (an earlier run's): that object is never replaced. The
     * same image stored again (a retry, a resumed batch: the same prediction and index) may be.
     */
    private void refuseToReplaceAnother(String name, ImageMetadata metadata) {
        com.google.cloud.storage.Blob existing = storage.get(BlobId.of(bucket, name));
        if (existing == null) {
            return;
        }
        Map<String, String> md = existing.getMetadata() == null ? Map.of() : existing.getMetadata();
        if (!metadata.predictionId().equals(md.get("prediction_id"))
                || !Integer.toString(metadata.index()).equals(md.get("index"))) {
            throw new dev.fluxschnell.sdk.errors.StorageException("gs://" + bucket + "/" + name + " exists and is not "
                    + "this image (prediction " + metadata.predictionId() + ", image " + metadata.index() + "): a "
                    + "stored image is never replaced; choose another name or prefix", metadata.predictionId(), null);
        }
    }

    /**
     * Writes and deletes a small marker object under the prefix ({@code <prefix>.flux-preflight-<uuid>}): the bucket
     * exists and this client may write and delete there — checked before anything is paid for.
     */
    @Override
    public void preflight() {
        BlobId marker = BlobId.of(bucket, prefix + ".flux-preflight-" + UUID.randomUUID());
        try {
            upload(BlobInfo.newBuilder(marker).setContentType("text/plain").build(), new java.io.ByteArrayInputStream(
                    "flux-schnell-java storage check".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            storage.delete(marker);
        } catch (IOException | StorageException e) {
            throw new dev.fluxschnell.sdk.errors.StorageException("images cannot be stored in gs://" + bucket + "/"
                    + prefix + ": " + e.getMessage(), null, e);
        }
    }

    /** Streams an object this storage wrote ({@code gs://<bucket>/<name>}) back from the bucket. */
    @Override
    public InputStream open(StoredImage image) {
        String location = image.location().toString();
        String head = "gs://" + bucket + "/";
        if (!location.startsWith(head)) {
            throw new IllegalArgumentException("not an image of " + this + ": " + location);
        }
        try {
            return Channels.newInputStream(storage.reader(BlobId.of(bucket, location.substring(head.length()))));
        } catch (StorageException e) {
            throw new dev.fluxschnell.sdk.errors.StorageException("reading " + location + " failed: "
                    + e.getMessage(), null, e);
        }
    }

    /** The Firebase download URL of object {@code name} with download token {@code token}. */
    URI downloadUrl(String name, String token) {
        return URI.create(downloadHost.toString().replaceAll("/+$", "") + "/v0/b/" + bucket + "/o/"
                + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20") + "?alt=media&token=" + token);
    }

    private long upload(BlobInfo info, InputStream in) throws IOException {
        WriteChannel channel = storage.writer(info);
        long total = 0;
        byte[] buffer = new byte[CHUNK];
        int n;
        // Deliberately no try-with-resources: closing the channel finalizes the object, which must not happen with
        // partial content. An abandoned resumable session is never visible and expires on its own.
        while ((n = in.read(buffer)) > 0) {
            ByteBuffer b = ByteBuffer.wrap(buffer, 0, n);
            while (b.hasRemaining()) {
                channel.write(b);
            }
            total += n;
        }
        channel.close();
        return total;
    }

    private static URI defaultHost(Storage storage) {
        String host = storage.getOptions().getHost();
        if (host == null || host.contains("googleapis.com")) {
            return FIREBASE_HOST;
        }
        return URI.create(host);
    }

    @Override
    public String toString() {
        return "FirebaseImageStorage{gs://" + bucket + "/" + prefix + "}";
    }

    /** Builds a {@link FirebaseImageStorage}. */
    public static final class Builder {
        private Storage storage;
        private String bucket;
        private String prefix = "";
        private URI downloadHost;
        private dev.fluxschnell.sdk.storage.PublicUrls publicUrls;

        private Builder() {}

        /**
         * Serves the bucket's objects to anyone under {@code publicUrls}' base — a CDN whose origin is this bucket (its
         * URL path is the object name, prefix included): images get unguessable names and a
         * {@link StoredImage#publicUrl()} beside the token download URL. Public means anyone with the link.
         *
         * @param publicUrls the CDN's base URL and the naming key
         * @return this builder
         */
        public Builder publicUrls(dev.fluxschnell.sdk.storage.PublicUrls publicUrls) {
            this.publicUrls = Objects.requireNonNull(publicUrls, "publicUrls must not be null");
            return this;
        }

        /**
         * The Cloud Storage client (required).
         *
         * @param storage the Cloud Storage client
         * @return this builder
         */
        public Builder storage(Storage storage) {
            this.storage = Objects.requireNonNull(storage, "storage must not be null");
            return this;
        }

        /**
         * The bucket, e.g. {@code my-app.appspot.com} (required).
         *
         * @param bucket the bucket name
         * @return this builder
         */
        public Builder bucket(String bucket) {
            if (bucket == null || bucket.isBlank() || bucket.contains("/")) {
                throw new IllegalArgumentException("bucket must be a bucket name, was '" + bucket + "'");
            }
            this.bucket = bucket;
            return this;
        }

        /**
         * An object name prefix such as {@code generated/}; same rules as the S3 adapter's prefix.
         *
         * @param prefix the object name prefix, or "" for none
         * @return this builder
         */
        public Builder prefix(String prefix) {
            this.prefix = KeyPrefix.normalize(prefix);
            return this;
        }

        /**
         * The host of returned download URLs (default: Firebase's, or the emulator's host the client points at).
         *
         * @param host the host of returned download URLs
         * @return this builder
         */
        public Builder downloadHost(URI host) {
            this.downloadHost = Objects.requireNonNull(host, "host must not be null");
            return this;
        }

        /**
         * Builds the storage.
         *
         * @return the new storage
         * @throws IllegalStateException when the storage client or bucket is missing
         */
        public FirebaseImageStorage build() {
            if (storage == null || bucket == null) {
                throw new IllegalStateException("storage and bucket are required");
            }
            return new FirebaseImageStorage(this);
        }
    }
}
