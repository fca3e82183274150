package dev.fluxschnell.examples.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fluxschnell.examples.web.TestClient.Part;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue #31 on the running app (sandbox, real HTTP, the real filter chains): only signed-in users spend, each sees
 * their own, CSRF guards browser sessions, no request names a user, errors are problem details that echo nothing into
 * the log, the health endpoint's details need an ADMIN, and a sandbox without users still lets its first user in.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebSecurityTest {
    static ConfigurableApplicationContext app;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--web.sandbox=true",
                "--flux-schnell.storage.directory=" + Files.createTempDirectory("web-images"),
                "--web.users.admin.roles=ADMIN"));
        TestClient.users("alice", "bob", "admin", "carol").forEach(args::add);
        app = WebApp.start(args.toArray(String[]::new));
        base = TestClient.baseUrl(app);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    /** Every state-changing endpoint, called with {@code client}: the answers. */
    static List<HttpResponse<String>> everyStateChangingEndpoint(TestClient client) throws Exception {
        byte[] png = WebAppTest.png();
        return List.of(
                client.post("/api/v1/generate/image", "{\"prompt\":\"anonymous\"}"),
                client.post("/api/v1/generate/image/batch", "{\"prompts\":[\"anonymous\"]}"),
                client.multipart("/api/v1/generate/image/batch/file",
                        Part.file("file", "p.txt", "text/plain", "anonymous".getBytes(StandardCharsets.UTF_8))),
                client.post("/api/v1/edit/image", "{\"image_id\":\"x-0\",\"prompt\":\"anonymous\"}"),
                client.multipart("/api/v1/edit/image/upload", Part.file("file", "a.png", "image/png", png),
                        Part.field("prompt", "anonymous")),
                client.post("/api/v1/postprocess/image", "{\"image_id\":\"x-0\",\"step\":\"upscale:2\"}"),
                client.multipart("/api/v1/templates/product-colors/batch", Part.field("x", "y")),
                client.multipart("/api/v1/templates/product-colors/preview", Part.field("x", "y")),
                client.post("/api/v1/favourites", "{\"prompt\":\"anonymous\"}"),
                client.delete("/api/v1/favourites/p-x"),
                client.post("/api/v1/history/x/run", ""),
                client.delete("/api/v1/history/x"),
                client.post("/api/v1/shares", "{\"image_id\":\"x-0\"}"),
                client.delete("/api/v1/shares/x"));
    }

    @Test
    @Order(1)
    void anonymousRequests_toEveryStateChangingEndpoint_areRefused_andMakeNothing() throws Exception {
        TestClient nobody = TestClient.anonymous(base);
        nobody.get("/login"); // a browser that has the CSRF cookie: refused for want of a sign-in, not of a token
        for (HttpResponse<String> r : everyStateChangingEndpoint(nobody)) {
            assertThat(r.statusCode()).as(r.request().uri() + " " + r.body()).isEqualTo(401);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(r.headers().firstValue("WWW-Authenticate")).as("no Basic challenge a browser would cache")
                    .isEmpty();
        }
        for (HttpResponse<String> r : everyStateChangingEndpoint(TestClient.anonymous(base))) {
            assertThat(r.statusCode()).as("without a cookie either: " + r.request().uri()).isIn(401, 403);
        }
        for (HttpResponse<String> r : everyStateChangingEndpoint(TestClient.basic(base, "alice", "wrong"))) {
            assertThat(r.statusCode()).as("a wrong password: " + r.request().uri()).isEqualTo(401);
        }
        assertThat(TestClient.creates(app)).as("nothing reached the emulator").isZero();

        for (String read : List.of("/api/v1/gallery", "/api/v1/quota", "/api/v1/info", "/api/v1/favourites",
                "/api/v1/history", "/api/v1/shares", "/api/v1/usage",
                "/api/v1/batches/" + java.util.UUID.randomUUID() + "/events")) {
            assertThat(TestClient.anonymous(base).get(read).statusCode()).as(read).isEqualTo(401);
        }
        for (String page : List.of("/", "/images/x-0")) {
            HttpResponse<String> r = TestClient.anonymous(base).get(page);
            assertThat(r.statusCode()).as(page).isEqualTo(302);
            assertThat(r.headers().firstValue("Location").orElse("")).endsWith("/login");
        }
    }

    @Test
    void noRequestNamesAUser_aUserFieldIsRefused_andSpendsNothing() throws Exception {
        TestClient alice = TestClient.basic(base, "alice");
        long before = TestClient.creates(app);
        List<HttpResponse<String>> answers = List.of(
                alice.post("/api/v1/generate/image", "{\"prompt\":\"as bob\",\"user\":\"bob\"}"),
                alice.post("/api/v1/generate/image/batch", "{\"prompts\":[\"as bob\"],\"user\":\"bob\"}"),
                alice.multipart("/api/v1/generate/image/batch/file", Part.file("file", "p.txt", "text/plain",
                        "as bob".getBytes(StandardCharsets.UTF_8)), Part.field("user", "bob")),
                alice.post("/api/v1/postprocess/image", "{\"image_id\":\"x-0\",\"step\":\"upscale:2\","
                        + "\"user\":\"bob\"}"),
                alice.multipart("/api/v1/templates/product-colors/batch", Part.field("user", "bob")),
                alice.get("/api/v1/quota?user=bob"),
                alice.get("/api/v1/gallery?user=bob"));
        for (HttpResponse<String> r : answers) {
            assertThat(r.statusCode()).as(r.request().uri() + " " + r.body()).isEqualTo(400);
            assertThat(r.body()).contains("'user' is not accepted");
        }
        assertThat(TestClient.creates(app)).isEqualTo(before);
    }

    @Test
    void eachUserSpendsAndSeesOnlyTheirOwn_quotaGalleryImagesAndBatches() throws Exception {
        TestClient alice = TestClient.basic(base, "alice");
        TestClient bob = TestClient.basic(base, "bob");
        long bobsQuota = TestClient.json(bob.get("/api/v1/quota")).path("remaining").asLong();
        HttpResponse<String> made = alice.post("/api/v1/generate/image", "{\"prompt\":\"Alice's private mug\"}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
        String imageId = TestClient.json(made).path("images").get(0).path("id").asText();
        HttpResponse<String> batch = alice.post("/api/v1/generate/image/batch", "{\"prompts\":[\"Alice's plan\"]}");
        assertThat(batch.statusCode()).as(batch.body()).isEqualTo(202);
        String events = TestClient.json(batch).path("events").asText();

        assertThat(alice.get("/images/" + imageId).statusCode()).isEqualTo(200);
        assertThat(alice.get(events).body()).contains("event:done");
        assertThat(TestClient.json(alice.get("/api/v1/quota")).path("remaining").asLong()).isEqualTo(48);
        assertThat(TestClient.json(bob.get("/api/v1/quota")).path("remaining").asLong()).as("bob's quota untouched")
                .isEqualTo(bobsQuota);
        assertThat(bob.get("/api/v1/gallery").body()).doesNotContain("Alice");
        assertThat(bob.get("/images/" + imageId).statusCode()).isEqualTo(404);
        assertThat(bob.get("/images/" + imageId + "?download=true").statusCode()).isEqualTo(404);
        assertThat(bob.get(events).statusCode()).as("another user's progress").isEqualTo(404);
        long before = TestClient.creates(app);
        assertThat(bob.post("/api/v1/edit/image", "{\"image_id\":\"" + imageId + "\",\"prompt\":\"mine now\"}")
                .statusCode()).isEqualTo(404);
        assertThat(bob.post("/api/v1/postprocess/image", "{\"image_id\":\"" + imageId + "\",\"step\":"
                + "\"upscale:2\"}").statusCode()).isEqualTo(404);
        assertThat(TestClient.creates(app)).as("bob cannot spend on alice's image").isEqualTo(before);
    }

    @Test
    void aBrowserSession_needsTheCsrfToken_forEveryStateChangingRequest() throws Exception {
        TestClient carol = TestClient.session(base, "carol");
        long before = TestClient.creates(app);
        TestClient crossSite = TestClient.session(base, "carol").withoutCsrf();
        for (HttpResponse<String> r : everyStateChangingEndpoint(crossSite)) {
            assertThat(r.statusCode()).as("no token: " + r.request().uri()).isEqualTo(403);
            assertThat(r.body()).contains("CSRF");
        }
        assertThat(TestClient.creates(app)).as("a forged request makes nothing").isEqualTo(before);

        HttpResponse<String> withToken = carol.post("/api/v1/generate/image", "{\"prompt\":\"Carol's lamp\"}");
        assertThat(withToken.statusCode()).as(withToken.body()).isEqualTo(200);
        assertThat(carol.get("/api/v1/gallery").body()).contains("Carol's lamp");

        HttpResponse<String> badBasic = carol.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/generate/image"))
                .header("Content-Type", "application/json").header("Authorization", "Basic "
                        + java.util.Base64.getEncoder().encodeToString("carol:wrong".getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"x\"}")));
        assertThat(badBasic.statusCode()).as("Basic credentials are checked every time; the session is not used")
                .isEqualTo(401);

        HttpResponse<String> logout = carol.send(HttpRequest.newBuilder(URI.create(base + "/logout"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(logout.statusCode()).isEqualTo(302);
        assertThat(logout.headers().firstValue("Location").orElse("")).endsWith("/login?logout");
        assertThat(carol.get("/api/v1/gallery").statusCode()).as("signed out").isEqualTo(401);
    }

    @Test
    void theHealthEndpoint_saysUpToAnyone_andItsDetailsOnlyToAnAdmin() throws Exception {
        HttpResponse<String> anyone = TestClient.anonymous(base).get("/actuator/health");
        assertThat(anyone.statusCode()).isEqualTo(200);
        assertThat(anyone.body()).contains("\"status\":\"UP\"").doesNotContain("components", "fluxSchnell");
        assertThat(TestClient.basic(base, "bob").get("/actuator/health").body()).doesNotContain("fluxSchnell");
        assertThat(TestClient.basic(base, "admin").get("/actuator/health").body()).contains("fluxSchnell",
                "tokenConfigured");
    }

    @Test
    void userErrors_areProblemDetails_400or404_withoutStackTraces() throws Exception {
        TestClient alice = TestClient.basic(base, "alice");
        HttpResponse<String> unknown = alice.multipart("/api/v1/templates/no-such-template/preview",
                Part.field("x", "y"));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(unknown.body()).contains("\"status\":404", "product-colors");

        HttpResponse<String> missing = alice.multipart("/api/v1/templates/product-colors/preview",
                Part.file("file", "mugs.csv", "text/csv", "product\nmug\nbowl\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(missing.statusCode()).as(missing.body()).isEqualTo(400);
        JsonNode problem = TestClient.json(missing);
        assertThat(problem.path("problems")).hasSize(2);
        assertThat(problem.path("problems").get(0).asText()).startsWith("mugs.csv:2:").contains("color");
        assertThat(problem.path("problems").get(1).asText()).startsWith("mugs.csv:3:");

        HttpResponse<String> notJson = alice.post("/api/v1/generate/image", "{\"prompt\": SECRET-TEXT");
        assertThat(notJson.statusCode()).isEqualTo(400);
        for (HttpResponse<String> r : List.of(unknown, missing, notJson)) {
            assertThat(r.body()).doesNotContain("\tat ", "Exception", "trace", "SECRET-TEXT");
        }
    }

    @Test
    void controlCharactersFromARequest_neverReachTheLog() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        root.addAppender(log);
        try {
            TestClient alice = TestClient.basic(base, "alice");
            String forged = "%0d%0a2026-01-01%20INFO%20FORGED";
            List<HttpResponse<String>> answers = List.of(
                    alice.get("/api/v1/batches/x" + forged + "/events"),
                    alice.multipart("/api/v1/templates/x" + forged + "/preview", Part.field("x", "y")),
                    alice.get("/images/x" + forged),
                    alice.get("/api/v1/estimate?images=1&model=x" + forged),
                    alice.post("/api/v1/generate/image", "{\"prompt\":\"x\",\"model\":\"x\\r\\nFORGED\"}"),
                    alice.post("/api/v1/edit/image", "{\"image_id\":\"x\\r\\nFORGED\",\"prompt\":\"x\"}"),
                    alice.multipart("/api/v1/generate/image/batch/file", Part.file("file", "p.jsonl",
                            "text/plain", "{\"prompt\":\"x\",\"bad\\r\\nFORGED\":\"y\"}"
                                    .getBytes(StandardCharsets.UTF_8))));
            answers.forEach(r -> assertThat(r.statusCode()).as(r.request().uri().toString()).isBetween(400, 499));
        } finally {
            root.detachAppender(log);
        }
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent e : log.list) {
            lines.add(e.getFormattedMessage());
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                lines.add(t.getMessage());
            }
        }
        assertThat(lines).noneMatch(l -> l != null && l.matches("(?s).*[\\r\\n].*FORGED.*"));
    }

    @Test
    void aSandboxWithoutUsers_letsItsUserInWithAGeneratedPassword_andBindsThisMachineOnly_andSaysSo()
            throws Exception {
        java.io.PrintStream out = System.out;
        java.io.ByteArrayOutputStream console = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(new java.io.OutputStream() { // logging is set up anew at start:
            @Override                                                       // read what it prints
            public void write(int b) {
                out.write(b);
                console.write(b);
            }
        }, true, StandardCharsets.UTF_8));
        try (ConfigurableApplicationContext first = WebApp.start("--server.port=0", "--web.sandbox=true",
                "--flux-schnell.storage.directory=" + Files.createTempDirectory("web-images"))) {
            System.setOut(out);
            String url = TestClient.baseUrl(first);
            String password = first.getBean(WebSecurity.Users.class).generatedPassword().orElseThrow();
            assertThat(password).hasSizeGreaterThanOrEqualTo(20);
            assertThat(TestClient.basic(url, WebSecurity.SANDBOX_USER, password).get("/api/v1/info").statusCode())
                    .isEqualTo(200);
            assertThat(TestClient.basic(url, WebSecurity.SANDBOX_USER, "demo").get("/api/v1/info").statusCode())
                    .isEqualTo(401);
            assertThat(first.getEnvironment().getProperty("server.address")).isEqualTo("127.0.0.1");
            List<String> warnings = console.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(" WARN ")
                    && l.contains(WebApp.class.getName())).toList();
            assertThat(warnings).as("one WARN line says it is the sandbox, where, and how to sign in").hasSize(1);
            assertThat(warnings.get(0)).contains("SANDBOX", "http://127.0.0.1:", "'demo'", password);
        } finally {
            System.setOut(out);
        }
        assertThat(app.getBean(WebSecurity.Users.class).generatedPassword()).as("users configured: none made")
                .isEmpty();
    }

    @Test
    void outsideTheSandbox_noUsersAndNoOidc_stopsTheStart() {
        assertThatThrownBy(() -> WebApp.start("--server.port=0", "--flux-schnell.api-token=r8_test",
                "--flux-schnell.base-url=http://127.0.0.1:9", "--flux-schnell.check-models=false"))
                .hasStackTraceContaining("No users: set web.users.NAME.password");
    }

    @Test
    void oidcLogin_isConfigurationOnly_theLoginPageOffersTheProvider() throws Exception {
        Map<String, String> oidc = Map.of(
                "client-id", "flux-web", "client-secret", "s3cret", "scope", "openid,profile",
                "authorization-grant-type", "authorization_code",
                "redirect-uri", "{baseUrl}/login/oauth2/code/{registrationId}");
        Map<String, String> provider = Map.of(
                "authorization-uri", "http://127.0.0.1:9/authorize", "token-uri", "http://127.0.0.1:9/token",
                "jwk-set-uri", "http://127.0.0.1:9/jwks", "user-info-uri", "http://127.0.0.1:9/userinfo",
                "user-name-attribute", "sub");
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--web.sandbox=true",
                "--flux-schnell.storage.directory=" + Files.createTempDirectory("web-images")));
        oidc.forEach((k, v) -> args.add("--spring.security.oauth2.client.registration.corp." + k + "=" + v));
        args.add("--spring.security.oauth2.client.registration.corp.provider=corp");
        provider.forEach((k, v) -> args.add("--spring.security.oauth2.client.provider.corp." + k + "=" + v));
        try (ConfigurableApplicationContext withOidc = WebApp.start(args.toArray(String[]::new))) {
            String url = TestClient.baseUrl(withOidc);
            assertThat(withOidc.getBean(WebSecurity.Users.class).generatedPassword()).as("OIDC: no generated user")
                    .isEmpty();
            assertThat(TestClient.anonymous(url).get("/login").body()).contains("/oauth2/authorization/corp");
            HttpResponse<String> start = TestClient.anonymous(url).get("/oauth2/authorization/corp");
            assertThat(start.statusCode()).isEqualTo(302);
            assertThat(start.headers().firstValue("Location").orElse(""))
                    .startsWith("http://127.0.0.1:9/authorize?").contains("client_id=flux-web");
        }
    }
}
