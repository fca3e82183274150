package dev.fluxschnell.sdk.storage.s3;

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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Stores generated images in Amazon S3 or any S3-compatible store (MinIO, R2, Ceph), on the user's own
 * {@link S3Client}: {@code S3ImageStorage.builder().client(s3).bucket("b").prefix("campaigns/2026/").build()}.
 *
 * <p>Keys are {@code <prefix><yyyy-MM-dd>/<prediction-id>-<index>.<ext>}: deterministic, and built only from a
 * sanitized prediction id, so no prompt can steer them. Each object gets its content type, content length when known,
 * and ASCII-safe user metadata (prediction id, seed, style, aspect ratio, percent-encoded prompt, truncated to fit S3's
 * 2 KB limit), plus an optional JSON sidecar {@code <key>.json} with the full metadata.
 *
 * <p>Images of known length up to {@code multipartThreshold} are one {@code PutObject} (atomic: the object appears
 * complete or not at all). Larger or unknown-length images go through a multipart upload, streamed one part at a time
 * (never the whole image in memory) and aborted on any failure, so no half-written object is ever visible. Retries of
 * single calls are the AWS SDK's own retry strategy, configured on the client you pass; the Flux SDK additionally
 * retries a failed download-and-store as a whole.
 *
 * <p>Why the synchronous {@code S3Client}: {@code store} runs on an SDK I/O thread with a blocking download stream, so
 * a blocking client streams it directly; the async client would need a bridging executor, and its automatic multipart
 * needs the native CRT.
 */
public final class S3ImageStorage implements ImageStorage {
    /** S3's minimum multipart part size. */
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;
    private static final int MAX_METADATA_BYTES = 2000;

    private final S3Client client;
    private final String bucket;
    private final String prefix;
    private final boolean sidecar;
    private final int partSize;
    private final long multipartThreshold;
    private final S3Presigner presigner;
    private final Duration presignExpiry;
    private final dev.fluxschnell.sdk.storage.PublicUrls publicUrls;

    private S3ImageStorage(Builder b) {
        this.client = b.client;
        this.bucket = b.bucket;
        this.prefix = b.prefix;
        this.sidecar = b.sidecar;
        this.partSize = b.partSize;
        this.multipartThreshold = b.multipartThreshold;
        this.presigner = b.presigner;
        this.presignExpiry = b.presignExpiry;
        this.publicUrls = b.publicUrls;
    }

    /** {@return a new builder} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@return the object key an image with this metadata is stored under}
     *
     * @param metadata the image's metadata
     */
    public String keyFor(ImageMetadata metadata) {
        return prefix + (publicUrls == null ? metadata.objectName() : publicUrls.objectName(metadata));
    }

    @Override
    public CompletableFuture<StoredImage> store(ImageContent content, ImageMetadata metadata) {
        try {
            String key = keyFor(metadata);
            Map<String, String> userMetadata = userMetadata(metadata);
            if (metadata.name().isPresent()) {
                refuseToReplaceAnother(key, userMetadata);
            }
            if (sidecar) {
                client.putObject(PutObjectRequest.builder().bucket(bucket).key(key + ".json")
                                .contentType("application/json").build(),
                        RequestBody.fromString(metadata.toJson(Map.of("key", key)), StandardCharsets.UTF_8));
            }
            long known = content.contentLength().orElse(-1);
            long size = known >= 0 && known <= multipartThreshold
                    ? putSingle(key, content, known, userMetadata)
                    : putMultipart(key, content, userMetadata);
            URI location = URI.create("s3://" + bucket + "/" + key);
            StoredImage stored = presigner == null ? StoredImage.of(location, size, content.contentType())
                    : StoredImage.of(location, size, content.contentType(), URI.create(presigner.presignGetObject(
                            r -> r.signatureDuration(presignExpiry).getObjectRequest(GetObjectRequest.builder()
                                    .bucket(bucket).key(key).build())).url().toString()));
            return CompletableFuture.completedFuture(publicUrls == null ? stored
                    : stored.withPublicUrl(publicUrls.urlFor(key)));
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
    private void refuseToReplaceAnother(String key, Map<String, String> userMetadata) {
        Map<String, String> existing;
        try {
            existing = client.headObject(r -> r.bucket(bucket).key(key)).metadata();
        } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
            return;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return;
            }
            throw e;
        }
        if (!userMetadata.get("prediction-id").equals(existing.get("prediction-id"))
                || !userMetadata.get("index").equals(existing.get("index"))) {
            throw new dev.fluxschnell.sdk.errors.StorageException("s3://" + bucket + "/" + key + " exists and is not "
                    + "this image (prediction " + userMetadata.get("prediction-id") + ", image "
                    + userMetadata.get("index") + "): a stored image is never replaced; choose another name or prefix",
                    userMetadata.get("prediction-id"), null);
        }
    }

    private long putSingle(String key, ImageContent content, long length, Map<String, String> userMetadata) {
        client.putObject(PutObjectRequest.builder().bucket(bucket).key(key).contentType(content.contentType())
                        .contentLength(length).metadata(userMetadata).build(),
                RequestBody.fromInputStream(content.stream(), length));
        return length;
    }

    private long putMultipart(String key, ImageContent content, Map<String, String> userMetadata) throws IOException {
        InputStream in = content.stream();
        byte[] buffer = new byte[partSize];
        int first = in.readNBytes(buffer, 0, partSize);
        if (first < partSize) {
            // the whole image fits in one part: a plain PUT is atomic and cheaper than a multipart upload
            client.putObject(PutObjectRequest.builder().bucket(bucket).key(key).contentType(content.contentType())
                    .contentLength((long) first).metadata(userMetadata).build(), RequestBody.fromBytes(
                    java.util.Arrays.copyOf(buffer, first)));
            return first;
        }
        String uploadId = client.createMultipartUpload(CreateMultipartUploadRequest.builder().bucket(bucket).key(key)
                .contentType(content.contentType()).metadata(userMetadata).build()).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            long total = 0;
            int n = first;
            while (n > 0) {
                int partNumber = parts.size() + 1;
                String etag = client.uploadPart(UploadPartRequest.builder().bucket(bucket).key(key).uploadId(uploadId)
                        .partNumber(partNumber).contentLength((long) n).build(),
                        RequestBody.fromBytes(java.util.Arrays.copyOf(buffer, n))).eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
                total += n;
                n = in.readNBytes(buffer, 0, partSize);
            }
            client.completeMultipartUpload(CompleteMultipartUploadRequest.builder().bucket(bucket).key(key)
                    .uploadId(uploadId).multipartUpload(u -> u.parts(parts)).build());
            return total;
        } catch (IOException | RuntimeException e) {
            try {
                client.abortMultipartUpload(AbortMultipartUploadRequest.builder().bucket(bucket).key(key)
                        .uploadId(uploadId).build());
            } catch (RuntimeException abortFailed) {
                e.addSuppressed(abortFailed);
            }
            throw e;
        }
    }

    /** S3 user metadata: US-ASCII only, about 2 KB in all; the prompt is percent-encoded and truncated to fit. */
    static Map<String, String> userMetadata(ImageMetadata m) {
        Map<String, String> a = m.attributes();
        Map<String, String> md = new LinkedHashMap<>();
        md.put("prediction-id", ascii(m.predictionId()));
        md.put("index", a.get("index"));
        md.put("model", a.get("model"));
        md.put("seed", a.get("seed"));
        for (String key : new String[] {"style", "aspect_ratio", "megapixels"}) {
            if (a.containsKey(key)) {
                md.put(key.replace('_', '-'), a.get(key));
            }
        }
        md.put("cost-usd", a.get("cost_usd"));
        md.put("created-at", a.get("created_at"));
        int used = md.entrySet().stream().mapToInt(e -> e.getKey().length() + e.getValue().length()).sum();
        String prompt = URLEncoder.encode(a.getOrDefault("prompt", ""), StandardCharsets.UTF_8);
        int room = MAX_METADATA_BYTES - used - "prompt".length() - "prompt-truncated".length() - 4;
        if (prompt.length() > room) {
            int cut = Math.max(0, room);
            int escape = prompt.lastIndexOf('%', cut - 1);
            if (escape >= 0 && escape > cut - 3) {
                cut = escape; // never cut inside a %XX escape
            }
            md.put("prompt", prompt.substring(0, cut));
            md.put("prompt-truncated", "true");
        } else {
            md.put("prompt", prompt);
        }
        return md;
    }

    private static String ascii(String s) {
        return s.replaceAll("[^\\x20-\\x7E]", "?");
    }

    /**
     * Writes and deletes a small marker object under the prefix ({@code <prefix>.flux-preflight-<uuid>}): the bucket
     * exists, the credentials and region work, and this client may write and delete there — checked before anything
     * is paid for.
     */
    @Override
    public void preflight() {
        String key = prefix + ".flux-preflight-" + java.util.UUID.randomUUID();
        try {
            client.putObject(PutObjectRequest.builder().bucket(bucket).key(key).contentType("text/plain").build(),
                    RequestBody.fromString("flux-schnell-java storage check"));
            client.deleteObject(r -> r.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw new dev.fluxschnell.sdk.errors.StorageException("images cannot be stored in s3://" + bucket + "/"
                    + prefix + ": " + e.getMessage(), null, e);
        }
    }

    /** Streams an object this storage wrote ({@code s3://<bucket>/<key>}) back from S3. */
    @Override
    public InputStream open(StoredImage image) {
        URI location = image.location();
        String head = "s3://" + bucket + "/";
        if (!location.toString().startsWith(head)) {
            throw new IllegalArgumentException("not an image of " + this + ": " + location);
        }
        String key = location.toString().substring(head.length());
        try {
            return client.getObject(r -> r.bucket(bucket).key(key), ResponseTransformer.toInputStream());
        } catch (SdkException e) {
            throw new dev.fluxschnell.sdk.errors.StorageException("reading " + location + " failed: "
                    + e.getMessage(), null, e);
        }
    }

    @Override
    public String toString() {
        return "S3ImageStorage{s3://" + bucket + "/" + prefix + "}";
    }

    /** Builds an {@link S3ImageStorage}. */
    public static final class Builder {
        private S3Client client;
        private String bucket;
        private String prefix = "";
        private boolean sidecar = true;
        private int partSize = 8 * 1024 * 1024;
        private long multipartThreshold = 16L * 1024 * 1024;
        private S3Presigner presigner;
        private Duration presignExpiry;
        private dev.fluxschnell.sdk.storage.PublicUrls publicUrls;

        private Builder() {}

        /**
         * The S3 client (required; configure region, credentials, endpoint override and path style on it).
         *
         * @param client the S3 client
         * @return this builder
         */
        public Builder client(S3Client client) {
            this.client = Objects.requireNonNull(client, "client must not be null");
            return this;
        }

        /**
         * The bucket (required).
         *
         * @param bucket a valid S3 bucket name
         * @return this builder
         */
        public Builder bucket(String bucket) {
            if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
                throw new IllegalArgumentException("bucket must be a valid S3 bucket name, was '" + bucket + "'");
            }
            this.bucket = bucket;
            return this;
        }

        /**
         * A key prefix such as {@code campaigns/2026/} (a trailing '/' is added if missing). Rejected: a leading '/',
         * '..' or '.' segments, empty segments, backslashes and control characters.
         *
         * @param prefix the key prefix, or "" for none
         * @return this builder
         */
        public Builder prefix(String prefix) {
            this.prefix = KeyPrefix.normalize(prefix);
            return this;
        }

        /**
         * Whether to write a JSON sidecar {@code <key>.json} next to each image (default true).
         *
         * @param sidecar whether to write a JSON sidecar next to each image
         * @return this builder
         */
        public Builder sidecar(boolean sidecar) {
            this.sidecar = sidecar;
            return this;
        }

        /**
         * Multipart part size in bytes (default 8 MiB, at least 5 MiB); also the per-upload buffer.
         *
         * @param partSize the multipart part size in bytes, at least {@value S3ImageStorage#MIN_PART_SIZE}
         * @return this builder
         */
        public Builder partSize(int partSize) {
            if (partSize < MIN_PART_SIZE) {
                throw new IllegalArgumentException("partSize must be at least 5 MiB, was " + partSize);
            }
            this.partSize = partSize;
            return this;
        }

        /**
         * Images of known length above this use a multipart upload (default 16 MiB).
         *
         * @param bytes the largest known length uploaded in one {@code PutObject}, positive
         * @return this builder
         */
        public Builder multipartThreshold(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("multipartThreshold must be positive, was " + bytes);
            }
            this.multipartThreshold = bytes;
            return this;
        }

        /**
         * Serves the bucket's objects to anyone under {@code publicUrls}' base — a CDN such as CloudFront whose origin
         * is this bucket (its URL path is the object key, prefix included): images get unguessable names and a
         * {@link StoredImage#publicUrl()}. Public means anyone with the link can fetch the image.
         *
         * @param publicUrls the CDN's base URL and the naming key
         * @return this builder
         */
        public Builder publicUrls(dev.fluxschnell.sdk.storage.PublicUrls publicUrls) {
            this.publicUrls = Objects.requireNonNull(publicUrls, "publicUrls must not be null");
            return this;
        }

        /**
         * Also return a presigned HTTPS GET URL valid for {@code expiry} (1 s to 7 days).
         *
         * @param presigner signs the URLs
         * @param expiry how long a URL stays valid, 1 s to 7 days
         * @return this builder
         */
        public Builder presignedUrls(S3Presigner presigner, Duration expiry) {
            Objects.requireNonNull(presigner, "presigner must not be null");
            if (expiry == null || expiry.isNegative() || expiry.getSeconds() < 1 || expiry.compareTo(Duration.ofDays(7)) > 0) {
                throw new IllegalArgumentException("presigned URL expiry must be between 1 s and 7 days, was " + expiry);
            }
            this.presigner = presigner;
            this.presignExpiry = expiry;
            return this;
        }

        /**
         * Builds the storage.
         *
         * @return the new storage
         * @throws IllegalStateException when the client or bucket is missing
         */
        public S3ImageStorage build() {
            if (client == null || bucket == null) {
                throw new IllegalStateException("client and bucket are required");
            }
            return new S3ImageStorage(this);
        }
    }
}
