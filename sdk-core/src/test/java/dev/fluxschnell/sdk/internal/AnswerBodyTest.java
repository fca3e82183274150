package dev.fluxschnell.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AnswerBodyTest {
    final Spool spool = new Spool();

    @AfterEach
    void cleanUp() {
        spool.close();
    }

    /** Feeds {@code body} in chunks of {@code chunk} bytes, as the HTTP client would. */
    AnswerBody.Answer feed(AnswerBody b, byte[] body, int chunk) throws Exception {
        b.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
            }
        });
        for (int off = 0; off < body.length; off += chunk) {
            List<ByteBuffer> buffers = new ArrayList<>();
            buffers.add(ByteBuffer.wrap(body, off, Math.min(chunk, body.length - off)).slice());
            b.onNext(buffers);
        }
        b.onComplete();
        return b.getBody().toCompletableFuture().get();
    }

    static byte[] image(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    static byte[] answer(String... outputs) {
        StringBuilder sb = new StringBuilder("{\"id\":\"p1\",\"status\":\"processing\",\"output\":[");
        for (int i = 0; i < outputs.length; i++) {
            sb.append(i > 0 ? "," : "").append('"').append(outputs[i]).append('"');
        }
        return sb.append("],\"logs\":\"Using seed: 7\\n\"}").toString().getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "chunks of {0} bytes")
    @ValueSource(ints = {1, 7, 8192, 1 << 20})
    void aLargeInlineImage_isDecodedToASpoolFile_whateverTheChunking(int chunk) throws Exception {
        byte[] big = image(700_000);
        byte[] small = image(3_000);
        String bigUrl = "data:image/png;base64," + Base64.getEncoder().encodeToString(big);
        String smallUrl = "data:image/png;base64," + Base64.getEncoder().encodeToString(small);

        AnswerBody.Answer a = feed(new AnswerBody(spool, 4 << 20, 50 << 20), answer(bigUrl, smallUrl), chunk);

        Prediction p = Json.prediction(Json.tree(a.json()));
        assertThat(a.json().length).as("the big image is not in the JSON").isLessThan(10_000);
        assertThat(a.spooled()).hasSize(1);
        URI ref = p.output().get(0);
        assertThat(Spool.isReference(ref)).isTrue();
        try (InputStream in = spool.open(spool.entry(ref).orElseThrow())) {
            assertThat(in.readAllBytes()).isEqualTo(big);
        }
        assertThat(p.output().get(1).toString()).as("small images stay inline").isEqualTo(smallUrl);
        assertThat(p.seed()).isEqualTo(7L);
        spool.release(ref);
        assertThat(spool.size()).isZero();
    }

    @Test
    void escapedSlashes_andMimeLineBreaks_inTheBase64_areUnderstood() throws Exception {
        byte[] big = image(400_000);
        String b64 = Base64.getMimeEncoder().encodeToString(big).replace("/", "\\/").replace("\r\n", "\\n");
        AnswerBody.Answer a = feed(new AnswerBody(spool, 4 << 20, 50 << 20),
                answer("data:image\\/webp;base64," + b64), 4096);
        URI ref = Json.prediction(Json.tree(a.json())).output().get(0);
        try (InputStream in = spool.open(spool.entry(ref).orElseThrow())) {
            assertThat(in.readAllBytes()).isEqualTo(big);
        }
    }

    @Test
    void anAnswerOverTheCap_failsWhileStreaming_andLeavesNoFile() {
        byte[] huge = ("{\"logs\":\"" + "x".repeat(2_000_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> feed(new AnswerBody(spool, 1 << 20, 50 << 20), huge, 8192))
                .isInstanceOf(ExecutionException.class).hasMessageContaining("exceeds the limit of 1048576 bytes");
        String tooBig = "data:image/png;base64," + Base64.getEncoder().encodeToString(image(600_000));
        assertThatThrownBy(() -> feed(new AnswerBody(spool, 4 << 20, 500_000), answer(tooBig), 8192))
                .hasMessageContaining("inline image exceeds the limit of 500000 bytes");
        assertThat(spool.size()).isZero();
    }

    @Test
    void aServerCannotNameALocalFile() {
        assertThat(spool.entry(URI.create("spool:0123456789abcdef"))).as("only ids this spool issued").isEmpty();
        assertThat(spool.entry(URI.create("file:///etc/passwd"))).isEmpty();
    }
}
