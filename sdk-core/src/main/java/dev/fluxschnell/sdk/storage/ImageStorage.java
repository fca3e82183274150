package dev.fluxschnell.sdk.storage;

import java.io.InputStream;
import java.util.concurrent.CompletableFuture;

/**
 * Where generated images go (SPI). The SDK downloads every image as soon as its prediction succeeds (Replicate deletes
 * outputs after an hour) and streams it to {@link #store}.
 *
 * <p>Implementations must be thread-safe, must read the content as a stream (never require it all in memory), and must
 * never leave a partially written image visible: write to a temporary place and publish atomically, or clean up on
 * failure. {@code store} is called on an SDK I/O thread, so it may block; it may also return a future completed later.
 * A store may be retried with the same metadata after a failure, so it must be idempotent for the same object name.
 */
public interface ImageStorage {
    /**
     * Stores one image and says where it went.
     *
     * @param content the image bytes, to read once
     * @param metadata what is known about the image; gives its name
     * @return a future of where the image went
     */
    CompletableFuture<StoredImage> store(ImageContent content, ImageMetadata metadata);

    /**
     * Opens an image this storage stored, to read its bytes back (e.g. to hand them on as base64). The caller closes
     * the stream. Storages that cannot read back throw {@link UnsupportedOperationException} (the default).
     *
     * @param image an image this storage stored
     * @return the image's bytes; the caller closes the stream
     * @throws IllegalArgumentException if {@code image} is not a location of this storage
     * @throws dev.fluxschnell.sdk.errors.StorageException if the image cannot be read (e.g. it was deleted)
     */
    default InputStream open(StoredImage image) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot read images back");
    }

    /**
     * Checks, before anything is paid for, that images can be stored here — the directory or bucket exists and may be
     * written — and throws {@link dev.fluxschnell.sdk.errors.StorageException} saying what is wrong. The client runs
     * it on an I/O thread before a batch's first create, once until it succeeds. The default checks nothing.
     */
    default void preflight() {
    }
}
