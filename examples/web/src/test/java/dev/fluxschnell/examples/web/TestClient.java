package dev.fluxschnell.examples.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Stream;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The web app as the tests reach it: a script (HTTP Basic credentials on every request), a browser-like session
 * (form login, cookies, the CSRF header read from the XSRF-TOKEN cookie, as app.js does), or nobody.
 */
final class TestClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@return the base URL of a started web app, on 127.0.0.1} */
    static String baseUrl(ConfigurableApplicationContext app) {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    /** {@return how many creates the app's sandbox emulator has received} */
    static long creates(ConfigurableApplicationContext app) {
        return app.getBean(FakeReplicateServer.class).stats().createRequests();
    }

    /** {@return a response's body as JSON} */
    static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    /** One part of a multipart body: a field, or a file when {@code filename} is set. */
    record Part(String name, String filename, String contentType, byte[] content) {
        /** {@return a text field} */
        static Part field(String name, String value) {
            return new Part(name, null, null, value.getBytes(StandardCharsets.UTF_8));
        }

        /** {@return a file} */
        static Part file(String name, String filename, String contentType, byte[] content) {
            return new Part(name, filename, contentType, content);
        }
    }

    final String base;
    private final String authorization;
    private final CookieManager cookies;
    private final HttpClient http;
    private boolean sendCsrf = true;

    private TestClient(String base, String authorization, CookieManager cookies) {
        this.base = base;
        this.authorization = authorization;
        this.cookies = cookies;
        HttpClient.Builder b = HttpClient.newBuilder();
        if (cookies != null) {
            b.cookieHandler(cookies);
        }
        this.http = b.build();
    }

    /** The test users' password: {@code NAME-pw}. */
    static String password(String user) {
        return user + "-pw";
    }

    /** {@return the arguments that configure {@code users}, each with password {@code NAME-pw}} */
    static Stream<String> users(String... users) {
        return Stream.of(users).map(u -> "--web.users." + u + ".password={noop}" + password(u));
    }

    /** {@return a script that sends HTTP Basic credentials} */
    static TestClient basic(String base, String user, String password) {
        return new TestClient(base, "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8)), null);
    }

    /** {@return a script that sends the test user's HTTP Basic credentials} */
    static TestClient basic(String base, String user) {
        return basic(base, user, password(user));
    }

    /** {@return a client with no credentials, keeping cookies like a browser} */
    static TestClient anonymous(String base) {
        return new TestClient(base, null, new CookieManager(null, CookiePolicy.ACCEPT_ALL));
    }

    /** {@return a browser-like session signed in through the login form} */
    static TestClient session(String base, String user) throws Exception {
        TestClient c = anonymous(base);
        c.get("/login");
        String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password(user), StandardCharsets.UTF_8);
        HttpResponse<String> login = c.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-XSRF-TOKEN", c.csrfToken())
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        if (login.statusCode() != 302 || !login.headers().firstValue("Location").orElse("").endsWith("/")) {
            throw new AssertionError("login as " + user + " failed: " + login.statusCode() + " "
                    + login.headers().map());
        }
        c.get("/api/v1/info"); // the CSRF token changes at login: this answer sets the new one
        return c;
    }

    /** {@return this client without the CSRF header on its posts (a cross-site form's view of the session)} */
    TestClient withoutCsrf() {
        sendCsrf = false;
        return this;
    }

    /** {@return the XSRF-TOKEN cookie's value, or "" } */
    String csrfToken() {
        return cookies == null ? "" : cookies.getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals("XSRF-TOKEN")).map(HttpCookie::getValue).findFirst().orElse("");
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    HttpResponse<String> multipart(String path, Part... parts) throws IOException, InterruptedException {
        String boundary = "----flux" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Part p : parts) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + p.name() + "\""
                    + (p.filename() == null ? "" : "; filename=\"" + p.filename() + "\"\r\nContent-Type: "
                    + p.contentType()) + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.write(p.content());
            body.write("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpRequest built = request.build();
        if (sendCsrf && cookies != null && !built.method().equals("GET") && !csrfToken().isEmpty()
                && built.headers().firstValue("X-XSRF-TOKEN").isEmpty()) {
            request.header("X-XSRF-TOKEN", csrfToken());
            built = request.build();
        }
        return http.send(built, HttpResponse.BodyHandlers.ofString());
    }
}
