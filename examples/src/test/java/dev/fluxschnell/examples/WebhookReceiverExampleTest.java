package dev.fluxschnell.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.fluxschnell.sdk.webhook.PredictionUpdate;
import dev.fluxschnell.sdk.webhook.WebhookVerifier;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The webhook receiver of {@link WebhookReceiverExample}, fed over a raw socket: a body over the cap is refused (413)
 * whether its Content-Length says so, it is chunked, or its Content-Length lies; a delivery is verified before it is
 * parsed.
 */
class WebhookReceiverExampleTest {
    static final byte[] KEY = "a test key of thirty-two bytes!!".getBytes(StandardCharsets.US_ASCII);
    static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(KEY);

    HttpServer server;
    final List<PredictionUpdate> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", WebhookReceiverExample.handler(WebhookVerifier.of(SECRET), received::add));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aContentLengthOverTheCap_isRefusedUnread() throws Exception {
        String status = send("Content-Length: 1073741824\r\n", new byte[4096]);

        assertThat(status).startsWith("HTTP/1.1 413");
        assertThat(received).isEmpty();
    }

    @Test
    void aChunkedBodyOverTheCap_isRefusedOnceTheCapIsPassed() throws Exception {
        byte[] chunk = new byte[64 * 1024];
        OutputStreamBody chunked = out -> {
            for (int i = 0; i < 40; i++) { // 2.5 MiB, never announced
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        };

        String status = send("Transfer-Encoding: chunked\r\n", chunked);

        assertThat(status).startsWith("HTTP/1.1 413");
        assertThat(received).isEmpty();
    }

    @Test
    void aContentLengthThatLies_isReadNoFurther_andTheTruncatedBodyFailsVerification() throws Exception {
        String status = send("Content-Length: 16\r\n" + signatureHeaders(new byte[16]), new byte[2 * 1024 * 1024]);

        assertThat(status).startsWith("HTTP/1.1 401");
        assertThat(received).isEmpty();
    }

    @Test
    void anUnsignedDelivery_isRefused_andASignedOne_isHandedOn() throws Exception {
        byte[] body = "{\"id\":\"p1\",\"status\":\"succeeded\",\"output\":[]}".getBytes(StandardCharsets.UTF_8);
        byte[] tampered = "{\"id\":\"p2\",\"status\":\"succeeded\",\"output\":[]}".getBytes(StandardCharsets.UTF_8);

        String unsigned = send("Content-Length: " + body.length + "\r\n", body);
        String forged = send("Content-Length: " + tampered.length + "\r\n" + signatureHeaders(body), tampered);
        String signed = send("Content-Length: " + body.length + "\r\n" + signatureHeaders(body), body);

        assertThat(unsigned).startsWith("HTTP/1.1 401");
        assertThat(forged).startsWith("HTTP/1.1 401");
        assertThat(signed).startsWith("HTTP/1.1 204");
        assertThat(received).singleElement().satisfies(u -> assertThat(u.id()).isEqualTo("p1"));
    }

    /** Writes a request body. */
    interface OutputStreamBody {
        void writeTo(OutputStream out) throws IOException;
    }

    String send(String headers, byte[] body) throws Exception {
        return send(headers, out -> out.write(body));
    }

    /**
     * Sends a POST with {@code headers} and the body (written on its own thread: the server may stop reading it and
     * close the connection), and returns the response's status line.
     */
    String send(String headers, OutputStreamBody body) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.getAddress().getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /hook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + headers
                    + "\r\n").getBytes(StandardCharsets.US_ASCII));
            Thread writer = new Thread(() -> {
                try {
                    body.writeTo(out);
                    out.flush();
                } catch (IOException closedByTheServer) {
                    // expected once the server has refused the body
                }
            });
            writer.start();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            String status = in.readLine();
            socket.shutdownInput(); // the writer, if still writing, fails and ends
            socket.shutdownOutput();
            writer.join(30_000);
            return String.valueOf(status);
        }
    }

    /** The headers Replicate signs a delivery of {@code body} with. */
    static String signatureHeaders(byte[] body) throws Exception {
        String id = "msg_1";
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
        String signature = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        return "webhook-id: " + id + "\r\nwebhook-timestamp: " + timestamp + "\r\nwebhook-signature: " + signature
                + "\r\n";
    }
}
