package dev.fluxschnell.sdk.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A download's body as an {@link InputStream} with a deadline and a size cap: no read blocks past the deadline (a
 * body that drips or stalls fails with an {@link IOException} naming it), more than {@code maxBytes} or a body shorter
 * than its announced length fails, and closing the stream cancels the exchange and runs {@code onClose}. One buffer is
 * requested at a time, so a slow reader holds little memory. The JDK's {@code ofInputStream()} has no such bounds: its
 * read blocks for as long as the server keeps the connection open. Not API.
 */
final class DownloadBody extends InputStream implements HttpResponse.BodySubscriber<InputStream> {
    private static final List<ByteBuffer> END = List.of();
    private final LinkedBlockingQueue<List<ByteBuffer>> queue = new LinkedBlockingQueue<>();
    private final long deadlineNanos;
    private final String what;
    private final long maxBytes;
    private final long expected;
    private final Runnable onClose;
    private long count;
    private volatile Flow.Subscription subscription;
    private volatile Throwable error;
    private volatile boolean closed;
    private List<ByteBuffer> current = List.of();
    private int index;
    private boolean ended;

    /**
     * A body that must be read completely before {@code deadlineNanos} ({@link System#nanoTime()} time), of at most
     * {@code maxBytes}, and of exactly {@code expected} bytes when that is not -1.
     */
    DownloadBody(long deadlineNanos, String what, long maxBytes, long expected, Runnable onClose) {
        this.deadlineNanos = deadlineNanos;
        this.what = what;
        this.maxBytes = maxBytes;
        this.expected = expected;
        this.onClose = onClose;
    }

    @Override
    public CompletionStage<InputStream> getBody() {
        return CompletableFuture.completedFuture(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (closed) {
            s.cancel();
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        queue.offer(item);
    }

    @Override
    public void onError(Throwable t) {
        error = t;
        queue.offer(END);
    }

    @Override
    public void onComplete() {
        queue.offer(END);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        ByteBuffer buf = nextBuffer();
        if (buf == null) {
            if (expected >= 0 && count != expected) {
                throw new IOException("truncated download: got " + count + " of " + expected + " bytes");
            }
            return -1;
        }
        int n = Math.min(len, buf.remaining());
        buf.get(b, off, n);
        count += n;
        if (count > maxBytes) {
            throw new IOException("image exceeds the limit of " + maxBytes + " bytes");
        }
        return n;
    }

    private ByteBuffer nextBuffer() throws IOException {
        while (true) {
            if (closed) {
                throw new IOException("download stream closed");
            }
            while (index < current.size()) {
                ByteBuffer buf = current.get(index);
                if (buf.hasRemaining()) {
                    return buf;
                }
                index++;
            }
            if (ended) {
                return null;
            }
            Flow.Subscription s = subscription;
            if (!current.isEmpty() && s != null) {
                s.request(1);
            }
            current = List.of();
            index = 0;
            long left = deadlineNanos - System.nanoTime();
            List<ByteBuffer> next;
            try {
                next = left <= 0 ? queue.poll() : queue.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IOException("interrupted while downloading " + what, e);
            }
            if (next == null) {
                close();
                throw new IOException("download of " + what + " did not complete in time (its deadline passed while "
                        + "the server sent the body)");
            }
            if (next == END) {
                ended = true;
                if (error != null) {
                    throw new IOException("download of " + what + " failed: " + error, error);
                }
                return null;
            }
            current = next;
        }
    }

    @Override
    public void close() {
        closed = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        onClose.run();
    }
}
