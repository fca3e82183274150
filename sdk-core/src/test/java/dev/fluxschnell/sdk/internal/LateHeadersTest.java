package dev.fluxschnell.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fluxschnell.sdk.FluxSchnellClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An answer whose headers come after the SDK's own deadline has passed — possible because the JDK starts its request
 * timer only when the I/O thread sends — is aborted as soon as its headers arrive: its body is not read, nothing is
 * spooled, and the call has already failed at its deadline. Deterministic: the server holds the headers until the
 * call has failed, and the SDK's deadline runs on a scheduler that shortens it, while the JDK's timer keeps its 5 s.
 */
@Timeout(30)
class LateHeadersTest {
    /** Runs every delay of a second or more after 50 ms: the SDK's deadline, never the JDK's own timer. */
    static final class ShortDeadlines extends ScheduledThreadPoolExecutor {
        ShortDeadlines() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            return super.schedule(command, unit.toMillis(delay) >= 1000 ? 50 : unit.toMillis(delay),
                    TimeUnit.MILLISECONDS);
        }
    }

    @Test
    void headersAfterTheDeadline_abortTheBody_unreadAndUnspooled() throws Exception {
        CompletableFuture<Void> callFailed = new CompletableFuture<>();
        CompletableFuture<String> bodyWrite = new CompletableFuture<>();
        byte[] image = new byte[8 << 20]; // a large inline image: the SDK would spool it, were the body read
        Arrays.fill(image, (byte) 'A');
        ExecutorService io = Attempts.ioPool("test-io");
        ShortDeadlines scheduler = new ShortDeadlines();
        Spool spool = new Spool();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread serverThread = new Thread(() -> {
                try (Socket s = server.accept()) {
                    readRequestHead(s.getInputStream());
                    callFailed.get(10, TimeUnit.SECONDS); // the headers come after the SDK's deadline, for sure
                    OutputStream out = s.getOutputStream();
                    byte[] head = ("{\"id\":\"late1\",\"status\":\"processing\",\"output\":[\"data:image/png;base64,")
                            .getBytes(StandardCharsets.US_ASCII);
                    byte[] tail = "\"]}".getBytes(StandardCharsets.US_ASCII);
                    out.write(("HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: "
                            + (head.length + image.length + tail.length) + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(head);
                    for (int i = 0; i < image.length; i += 64 << 10) {
                        out.write(image, i, 64 << 10);
                        Thread.sleep(5);
                    }
                    out.write(tail);
                    out.flush();
                    bodyWrite.complete("written to the end");
                } catch (IOException e) {
                    bodyWrite.complete("the client closed the connection");
                } catch (Exception e) {
                    bodyWrite.completeExceptionally(e);
                }
            }, "late-headers-server");
            serverThread.setDaemon(true);
            serverThread.start();

            ClientConfig config = new ClientConfig(FluxSchnellClient.builder().apiToken("r8_LateHeadersTest12345678")
                    .buildOptions(), ClientRuntime.ownHttpClient(false), scheduler, io);
            ReplicateApi api = new ReplicateApi(config, spool, t -> { });
            HttpRequest create = api.authorized(URI.create("http://127.0.0.1:" + server.getLocalPort()
                            + "/v1/models/black-forest-labs/flux-schnell/predictions"))
                    .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.ofString("{\"input\":{}}"))
                    .build();
            CompletableFuture<AnswerBody.Answer> call = api.exchange(create, null, true, true);
            ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> call.get(10, TimeUnit.SECONDS));
            assertThat(failure.getCause()).hasMessageContaining("no complete answer within PT5S")
                    .hasRootCauseInstanceOf(HttpTimeoutException.class);
            callFailed.complete(null);

            assertThat(bodyWrite.get(20, TimeUnit.SECONDS)).isEqualTo("the client closed the connection");
            assertThat(spool.size()).as("nothing of the late body spooled").isZero();
        } finally {
            io.shutdownNow();
            scheduler.shutdownNow();
            spool.close();
        }
    }

    /** Reads the request line, headers and body (its Content-Length). */
    private static void readRequestHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the request ended early");
            }
            head.append((char) b);
        }
        String lower = head.toString().toLowerCase(java.util.Locale.ROOT);
        int i = lower.indexOf("content-length:");
        if (i >= 0) {
            int length = Integer.parseInt(lower.substring(i + 15, lower.indexOf("\r\n", i)).trim());
            in.readNBytes(length);
        }
    }
}
