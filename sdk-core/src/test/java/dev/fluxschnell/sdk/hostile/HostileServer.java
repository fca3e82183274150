package dev.fluxschnell.sdk.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw-socket HTTP/1.1 server on 127.0.0.1 that misbehaves byte by byte: the test's handler writes whatever it
 * likes to the socket (drips, truncates, resets, lies about sizes, absurd headers). One request per connection.
 */
final class HostileServer implements AutoCloseable {
    /** One parsed request. */
    record Request(String method, String path, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Answers one request by writing to the raw socket. */
    interface Handler {
        void handle(Request request, Socket socket, OutputStream out) throws Exception;
    }

    private final ServerSocket server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "hostile-server");
        t.setDaemon(true);
        return t;
    });
    private final Handler handler;
    final CopyOnWriteArrayList<Request> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();

    HostileServer(Handler handler) throws IOException {
        this.handler = handler;
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        pool.execute(this::acceptLoop);
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    long count(String method, String pathPrefix) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().startsWith(pathPrefix)).count();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                pool.execute(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            String line = readLine(in);
            if (line == null || line.isEmpty()) {
                return;
            }
            String[] parts = line.split(" ");
            Map<String, String> headers = new LinkedHashMap<>();
            for (String h = readLine(in); h != null && !h.isEmpty(); h = readLine(in)) {
                int colon = h.indexOf(':');
                headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            byte[] body = in.readNBytes(length);
            Request r = new Request(parts[0], parts[1], headers, body);
            requests.add(r);
            handler.handle(r, s, s.getOutputStream());
        } catch (Exception ignored) {
            // the client went away, or the test's handler closed the socket on purpose
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    /** Writes a complete, well-formed answer. */
    static void answer(OutputStream out, int status, String contentType, byte[] body) throws IOException {
        out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    static void answer(OutputStream out, int status, String json) throws IOException {
        answer(out, status, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends headers announcing {@code length} bytes, then the body one byte per {@code pauseMillis}, forever-ish. */
    static void drip(OutputStream out, String contentType, byte[] body, long pauseMillis) throws Exception {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length
                + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        for (byte b : body) {
            out.write(b);
            out.flush();
            Thread.sleep(pauseMillis);
        }
    }

    @Override
    public void close() throws Exception {
        server.close();
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
    }
}
