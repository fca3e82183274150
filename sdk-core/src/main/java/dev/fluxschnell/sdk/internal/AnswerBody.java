package dev.fluxschnell.sdk.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads an API answer's body as it arrives, with caps: the JSON may be at most {@code maxJsonBytes}; with a spool,
 * every {@code data:...;base64,} string longer than {@link #INLINE_LIMIT} characters is decoded straight to a spool
 * file and replaced in the JSON by its {@code spool:} reference, so an image that arrives inline in a sync answer is
 * never held whole in the heap. A body over a cap fails the exchange with an {@link IOException}. Not API.
 */
final class AnswerBody implements HttpResponse.BodySubscriber<AnswerBody.Answer> {
    /** Base64 characters of a {@code data:} URL kept in the JSON; longer ones are spooled. */
    static final int INLINE_LIMIT = 256 * 1024;
    private static final int HEADER_MAX = 100; // "data:image/webp;base64," and friends are far shorter
    private static final int OUT = 0;
    private static final int STRING = 1;
    private static final int STRING_ESCAPE = 2;
    private static final int PAYLOAD = 3;
    private static final int PAYLOAD_ESCAPE = 4;

    /**
     * A read body.
     *
     * @param json the JSON, spooled payloads replaced by references
     * @param spooled the references issued for this body
     */
    record Answer(byte[] json, List<URI> spooled) {}

    private final CompletableFuture<Answer> result = new CompletableFuture<>();
    private final Spool spool;
    private final long maxJsonBytes;
    private final long maxImageBytes;
    private final List<URI> spooled = new ArrayList<>();
    private final StringBuilder header = new StringBuilder();
    private volatile Flow.Subscription subscription;
    private byte[] json = new byte[8192];
    private int jsonLen;
    private int state = OUT;
    private int stringStart;
    private boolean headerOpen;
    private byte[] payload;
    private int payloadLen;
    private Spool.Writer writer;
    private boolean finished; // guarded by this: the body ended, failed or was aborted

    /** A reader of bodies up to {@code maxJsonBytes}; {@code spool} null keeps {@code data:} URLs in the JSON. */
    AnswerBody(Spool spool, long maxJsonBytes, long maxImageBytes) {
        this.spool = spool;
        this.maxJsonBytes = maxJsonBytes;
        this.maxImageBytes = maxImageBytes;
    }

    @Override
    public CompletionStage<Answer> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        synchronized (this) {
            if (finished) { // aborted before the body began (its deadline passed while the headers came)
                s.cancel();
                return;
            }
        }
        s.request(Long.MAX_VALUE);
    }

    @Override
    public synchronized void onNext(List<ByteBuffer> buffers) {
        if (finished) {
            return;
        }
        try {
            for (ByteBuffer b : buffers) {
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                scan(chunk, chunk.length);
            }
        } catch (IOException | RuntimeException e) {
            subscription.cancel();
            fail(e);
        }
    }

    @Override
    public synchronized void onError(Throwable t) {
        fail(t);
    }

    @Override
    public void onComplete() {
        Answer answer;
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
            if (writer != null) { // the body ended inside an inline image: the JSON is truncated and will not parse
                writer.abort();
                writer = null;
            }
            answer = new Answer(Arrays.copyOf(json, jsonLen), List.copyOf(spooled));
        }
        result.complete(answer); // outside the lock: what depends on the answer runs on this thread
    }

    /** Gives up on the body (its deadline passed): cancels the exchange and fails with {@code t}. */
    void abort(Throwable t) {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        synchronized (this) {
            fail(t);
        }
    }

    private void fail(Throwable t) {
        if (finished) {
            return;
        }
        finished = true;
        if (writer != null) {
            writer.abort();
            writer = null;
        }
        if (spool != null) {
            spool.releaseAll(spooled);
        }
        result.completeExceptionally(t);
    }

    private void scan(byte[] b, int len) throws IOException {
        int i = 0;
        while (i < len) {
            switch (state) {
                case OUT -> {
                    int q = indexOf(b, i, len, (byte) '"');
                    int end = q < 0 ? len : q + 1;
                    append(b, i, end - i);
                    i = end;
                    if (q >= 0) {
                        state = STRING;
                        stringStart = jsonLen;
                        headerOpen = spool != null;
                        header.setLength(0);
                    }
                }
                case STRING -> {
                    byte c = b[i++];
                    append(c);
                    if (c == '"') {
                        state = OUT;
                    } else if (c == '\\') {
                        state = STRING_ESCAPE;
                    } else if (headerOpen) {
                        header((char) (c & 0xff));
                    }
                }
                case STRING_ESCAPE -> {
                    byte c = b[i++];
                    append(c);
                    state = STRING;
                    if (headerOpen) {
                        if (c == '/') {
                            header('/');
                        } else {
                            headerOpen = false;
                        }
                    }
                }
                case PAYLOAD -> i = payload(b, i, len);
                case PAYLOAD_ESCAPE -> {
                    byte c = b[i++];
                    state = PAYLOAD;
                    if (c == '/') {
                        addPayload(new byte[] {'/'}, 0, 1);
                    } else if (c != 'n' && c != 'r' && c != 't') {
                        throw new IOException("unexpected escape \\" + (char) c + " inside an inline image");
                    }
                }
                default -> throw new IllegalStateException("state " + state);
            }
        }
    }

    /** Tracks the first characters of a string; switches to payload mode after a {@code data:...;base64,} header. */
    private void header(char c) {
        header.append(c);
        String h = header.toString().toLowerCase(Locale.ROOT);
        if (!(h.length() <= 5 ? "data:".startsWith(h) : h.startsWith("data:")) || h.length() > HEADER_MAX) {
            headerOpen = false;
        } else if (c == ',') {
            headerOpen = false;
            if (h.endsWith(";base64,")) {
                state = PAYLOAD;
                payload = new byte[8192];
                payloadLen = 0;
            }
        }
    }

    private int payload(byte[] b, int from, int len) throws IOException {
        int i = from;
        while (i < len && b[i] != '"' && b[i] != '\\') {
            i++;
        }
        addPayload(b, from, i - from);
        if (i == len) {
            return i;
        }
        if (b[i] == '\\') {
            state = PAYLOAD_ESCAPE;
            return i + 1;
        }
        endPayload();
        return i + 1;
    }

    private void addPayload(byte[] b, int off, int n) throws IOException {
        if (n == 0) {
            return;
        }
        if (writer != null) {
            writer.write(b, off, n);
            return;
        }
        if (payloadLen + n > INLINE_LIMIT) {
            if (spooled.size() >= 16) {
                throw new IOException("answer carries more than 16 inline images");
            }
            writer = spool.newWriter(maxImageBytes);
            writer.write(payload, 0, payloadLen);
            writer.write(b, off, n);
            payload = null;
            return;
        }
        if (payloadLen + n > payload.length) {
            payload = Arrays.copyOf(payload, Math.max(payloadLen + n, payload.length * 2));
        }
        System.arraycopy(b, off, payload, payloadLen, n);
        payloadLen += n;
    }

    private void endPayload() throws IOException {
        state = OUT;
        if (writer == null) {
            append(payload, 0, payloadLen);
            append((byte) '"');
            payload = null;
            return;
        }
        Spool.Writer w = writer;
        writer = null;
        URI ref = w.finish();
        spooled.add(ref);
        jsonLen = stringStart; // the data: URL is replaced by its reference
        byte[] text = ref.toString().getBytes(StandardCharsets.US_ASCII);
        append(text, 0, text.length);
        append((byte) '"');
    }

    private void append(byte c) throws IOException {
        ensure(1);
        json[jsonLen++] = c;
    }

    private void append(byte[] b, int off, int n) throws IOException {
        ensure(n);
        System.arraycopy(b, off, json, jsonLen, n);
        jsonLen += n;
    }

    private void ensure(int n) throws IOException {
        if ((long) jsonLen + n > maxJsonBytes) {
            throw new IOException("answer exceeds the limit of " + maxJsonBytes + " bytes");
        }
        if (jsonLen + n > json.length) {
            json = Arrays.copyOf(json, (int) Math.min(maxJsonBytes, Math.max(jsonLen + n, json.length * 2L)));
        }
    }

    private static int indexOf(byte[] b, int from, int len, byte c) {
        for (int i = from; i < len; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
