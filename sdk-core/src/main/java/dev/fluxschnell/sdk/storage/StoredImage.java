package dev.fluxschnell.sdk.storage;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a stored image now lives: its storage location (file:, s3:, gs: …, private), and the URLs a storage may offer
 * — a {@link #downloadUrl()} that serves it to whoever holds the link for a while (a presigned or token URL), and a
 * {@link #publicUrl()} that serves it to anyone for good (a CDN, see {@link PublicUrls}).
 */
public final class StoredImage {
    private final URI location;
    private final long sizeBytes;
    private final String contentType;
    private final URI downloadUrl;
    private final URI publicUrl;

    private StoredImage(URI location, long sizeBytes, String contentType, URI downloadUrl) {
        this(location, sizeBytes, contentType, downloadUrl, null);
    }

    private StoredImage(URI location, long sizeBytes, String contentType, URI downloadUrl, URI publicUrl) {
        this.location = Objects.requireNonNull(location, "location must not be null");
        this.sizeBytes = sizeBytes;
        this.contentType = Objects.requireNonNull(contentType, "contentType must not be null");
        this.downloadUrl = downloadUrl;
        this.publicUrl = publicUrl;
    }

    /**
     * {@return a stored image without a separate download URL}
     *
     * @param location the storage location, e.g. {@code s3://bucket/key}
     * @param sizeBytes the number of bytes stored
     * @param contentType the stored content type
     */
    public static StoredImage of(URI location, long sizeBytes, String contentType) {
        return new StoredImage(location, sizeBytes, contentType, null);
    }

    /**
     * {@return a stored image with an HTTP(S) URL that serves it (a presigned or token URL)}
     *
     * @param location the storage location, e.g. {@code s3://bucket/key}
     * @param sizeBytes the number of bytes stored
     * @param contentType the stored content type
     * @param downloadUrl an HTTP(S) URL that serves the image
     */
    public static StoredImage of(URI location, long sizeBytes, String contentType, URI downloadUrl) {
        return new StoredImage(location, sizeBytes, contentType, Objects.requireNonNull(downloadUrl, "downloadUrl must not be null"));
    }

    /** {@return the storage location, e.g. {@code file:///out/2026-11-24/abc-0.webp} or {@code s3://bucket/key}} */
    public URI location() {
        return location;
    }

    /** {@return the number of bytes stored} */
    public long sizeBytes() {
        return sizeBytes;
    }

    /** {@return the stored content type} */
    public String contentType() {
        return contentType;
    }

    /** {@return an HTTP(S) URL that serves the image, if the storage provides one} */
    public Optional<URI> downloadUrl() {
        return Optional.ofNullable(downloadUrl);
    }

    /** {@return the URL that serves the image to anyone (a CDN's), if the storage was given a public base URL} */
    public Optional<URI> publicUrl() {
        return Optional.ofNullable(publicUrl);
    }

    /**
     * {@return this stored image with a public URL}
     *
     * @param publicUrl the URL that serves it to anyone
     */
    public StoredImage withPublicUrl(URI publicUrl) {
        return new StoredImage(location, sizeBytes, contentType, downloadUrl,
                Objects.requireNonNull(publicUrl, "publicUrl must not be null"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredImage s && location.equals(s.location) && sizeBytes == s.sizeBytes
                && contentType.equals(s.contentType) && Objects.equals(downloadUrl, s.downloadUrl)
                && Objects.equals(publicUrl, s.publicUrl);
    }

    @Override
    public int hashCode() {
        return Objects.hash(location, sizeBytes, contentType, downloadUrl, publicUrl);
    }

    @Override
    public String toString() {
        return "StoredImage{" + location + ", " + sizeBytes + " bytes, " + contentType + "}";
    }
}
