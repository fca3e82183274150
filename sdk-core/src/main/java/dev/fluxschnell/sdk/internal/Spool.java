package dev.fluxschnell.sdk.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Temporary files holding images that arrived inline in an API answer ({@code data:} URLs too large to keep in the
 * heap), referred to by unguessable {@code spool:<id>} URIs that replace the {@code data:} URL in the answer. A server
 * cannot name a local file: only ids this spool issued resolve. Every file is deleted when released, and at the
 * latest when the client closes. Not API.
 */
public final class Spool implements AutoCloseable {
    /** The URI scheme of spool references. */
    public static final String SCHEME = "spool";
    private final Map<String, Entry> files = new ConcurrentHashMap<>();

    /** A spooled image: its file and decoded size. */
    public record Entry(Path file, long size) {}

    /** Whether {@code uri} is a spool reference (issued by some spool). */
    public static boolean isReference(URI uri) {
        return SCHEME.equalsIgnoreCase(uri.getScheme());
    }

    /** The file behind a reference this spool issued and has not released. */
    public Optional<Entry> entry(URI uri) {
        return isReference(uri) ? Optional.ofNullable(files.get(uri.getSchemeSpecificPart())) : Optional.empty();
    }

    /** Opens the image behind a reference. */
    public InputStream open(Entry entry) throws IOException {
        return Files.newInputStream(entry.file());
    }

    /** Deletes the file behind {@code uri}, if it is a reference of this spool; other URIs are ignored. */
    public void release(URI uri) {
        if (isReference(uri)) {
            Entry e = files.remove(uri.getSchemeSpecificPart());
            if (e != null) {
                deleteQuietly(e.file());
            }
        }
    }

    /** Releases every reference among {@code uris}. */
    public void releaseAll(Collection<URI> uris) {
        uris.forEach(this::release);
    }

    /** How many files are spooled now (for tests). */
    public int size() {
        return files.size();
    }

    /** Starts a file for one image, decoding base64 as it is written; at most {@code maxBytes} decoded bytes. */
    public Writer newWriter(long maxBytes) throws IOException {
        return new Writer(Files.createTempFile("flux-inline-", ".part"), maxBytes);
    }

    /** Deletes every file still spooled. */
    @Override
    public void close() {
        files.keySet().forEach(id -> release(URI.create(SCHEME + ":" + id)));
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a temporary file; the OS cleans its temp directory eventually
        }
    }

    /** Writes one spooled image: base64 characters in, decoded bytes to the file. */
    public final class Writer {
        private static final int CHUNK = 64 * 1024; // base64 characters decoded at a time (a multiple of 4)
        private final Path file;
        private final OutputStream out;
        private final long maxBytes;
        private final byte[] chars = new byte[CHUNK];
        private int pending;
        private long written;

        private Writer(Path file, long maxBytes) throws IOException {
            this.file = file;
            this.maxBytes = maxBytes;
            OutputStream o;
            try {
                o = Files.newOutputStream(file);
            } catch (IOException e) {
                deleteQuietly(file);
                throw e;
            }
            this.out = o;
        }

        /** Adds base64 characters (no whitespace or escapes). */
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int n = Math.min(len, CHUNK - pending);
                System.arraycopy(b, off, chars, pending, n);
                pending += n;
                off += n;
                len -= n;
                if (pending == CHUNK) {
                    flush(CHUNK);
                }
            }
        }

        private void flush(int n) throws IOException {
            byte[] decoded;
            try {
                decoded = Base64.getDecoder().decode(n == chars.length ? chars : java.util.Arrays.copyOf(chars, n));
            } catch (IllegalArgumentException e) {
                throw new IOException("inline image is not valid base64: " + e.getMessage());
            }
            written += decoded.length;
            if (written > maxBytes) {
                throw new IOException("inline image exceeds the limit of " + maxBytes + " bytes");
            }
            out.write(decoded);
            pending = 0;
        }

        /** Decodes the rest, closes the file and registers it: returns its {@code spool:} reference. */
        public URI finish() throws IOException {
            try {
                if (pending > 0) {
                    flush(pending);
                }
                out.close();
            } catch (IOException e) {
                abort();
                throw e;
            }
            String id = UUID.randomUUID().toString().replace("-", "");
            files.put(id, new Entry(file, written));
            return URI.create(SCHEME + ":" + id);
        }

        /** Deletes the unfinished file. */
        public void abort() {
            try {
                out.close();
            } catch (IOException ignored) {
                // deleting it anyway
            }
            deleteQuietly(file);
        }
    }
}
