package dev.fluxschnell.examples.web;

import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.storage.ImageStorage;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import io.lettuce.core.RedisClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The seed's web app on the flux-schnell Spring Boot starter. With {@code REPLICATE_API_TOKEN} (or
 * {@code flux-schnell.api-token}) it talks to Replicate; without, it runs in the sandbox ({@code web.sandbox=true},
 * which sets the starter's {@code flux-schnell.sandbox}): the bundled emulator answers, and the page says so.
 * {@code java -jar examples/web/target/flux-web.jar} starts it on port 8080 ({@code PORT} or {@code --server.port} to
 * change it). Who may use it, and what bounds it, is {@link WebSecurity} and {@link WebSettings}; what it keeps of
 * each user, {@link Library}.
 */
@SpringBootApplication
public class WebApp {
    /**
     * A Lettuce client for {@code web.redis-url} (e.g. {@code redis://127.0.0.1:6379}): with it the starter shares the
     * create limit and the quota between replicas, the users' libraries are kept in Redis, and with
     * {@code flux-schnell.queue.enabled=true} batches are queued in Redis and worked by every replica.
     *
     * @param url the Redis URL
     * @return the client, shut down with the context
     */
    @Bean(destroyMethod = "shutdown")
    @ConditionalOnProperty("web.redis-url")
    RedisClient redisClient(@Value("${web.redis-url}") String url) {
        return RedisClient.create(url);
    }

    /**
     * The sandbox's emulator, answering after 400 ms as a fast model would, so the page's progress is visible; the
     * starter wires the client to it and it is closed with the context. Tests may register their own instead.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnBooleanProperty("flux-schnell.sandbox")
    @ConditionalOnMissingBean
    FakeReplicateServer replicateEmulator() {
        return FakeReplicateServer.builder().latency(Duration.ofMillis(400)).start();
    }

    /** Where the users' libraries are kept: Redis with {@code web.redis-url}, else files ({@code web.store.*}). */
    @Bean(destroyMethod = "close")
    UserStore userStore(WebSettings settings, ObjectProvider<RedisClient> redis) {
        RedisClient client = redis.getIfAvailable();
        return client != null ? new RedisUserStore(client, settings.store().prefix())
                : new FileUserStore(storeDirectory(settings), settings.limits().trackedUsers());
    }

    /** Each user's gallery, history, favourites, share links and usage. */
    @Bean
    Library library(UserStore store, WebSettings settings, ObjectProvider<ImageStorage> storage,
                    ObjectProvider<Clock> clock) {
        ShareLinks links = new ShareLinks(settings.share().key(), settings.share().ttl());
        if (links.generatedKey()) {
            LoggerFactory.getLogger(WebApp.class).info("web.share.key is not set: a key was drawn, so share links "
                    + "stop working when the app stops (set it to keep them: openssl rand -base64 32)");
        }
        Path root = storage.getIfAvailable() instanceof LocalFileStorage local ? local.root() : null;
        return new Library(store, settings.limits(), links, clock.getIfAvailable(Clock::systemUTC), root,
                store instanceof FileUserStore ? storeDirectory(settings) : null);
    }

    private static Path storeDirectory(WebSettings settings) {
        return settings.store().directory() != null ? settings.store().directory() : Path.of("web-images", ".web-store");
    }

    /** Starts the app (port 8080 unless {@code --server.port} says otherwise). */
    public static void main(String[] args) {
        start(args);
    }

    /** Starts the app and returns its context (tests use port 0). */
    public static ConfigurableApplicationContext start(String... args) {
        return start(app -> { }, args);
    }

    /**
     * Starts the app after {@code customize} has seen it (tests register beans, such as a fixed clock) and returns
     * its context. Without a token: the sandbox, on 127.0.0.1 unless {@code --server.address} says otherwise; the
     * starter says so in a WARN line, and so does the app, with where it listens and the generated password of the
     * sandbox's user (when no users are configured).
     */
    static ConfigurableApplicationContext start(java.util.function.Consumer<SpringApplication> customize,
                                                String... args) {
        SpringApplication app = new SpringApplication(WebApp.class);
        app.addListeners(event -> {
            if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
                sandboxWithoutToken(prepared.getEnvironment());
            }
        });
        customize.accept(app);
        ConfigurableApplicationContext ctx = app.run(args);
        if (ctx.getEnvironment().getProperty("web.sandbox", Boolean.class, false)) {
            String address = ctx.getEnvironment().getProperty("server.address", "0.0.0.0");
            int port = ((org.springframework.boot.web.server.context.WebServerApplicationContext) ctx).getWebServer()
                    .getPort();
            String signIn = ctx.getBean(WebSecurity.Users.class).generatedPassword()
                    .map(p -> "; sign in as '" + WebSecurity.SANDBOX_USER + "' with password " + p
                            + " (generated at start: set web.users.* to choose users)")
                    .orElse("");
            LoggerFactory.getLogger(WebApp.class).warn("SANDBOX: placeholder images, nothing billed; listening on "
                    + "http://{}:{}{}", address, port, signIn);
        }
        return ctx;
    }

    /**
     * Without a token ({@code flux-schnell.api-token}, {@code REPLICATE_API_TOKEN}, {@code replicate.apiToken}) and
     * without {@code web.sandbox} set: {@code web.sandbox=true}; in the sandbox: {@code server.address=127.0.0.1}. As
     * the last property source, so every setting of the user's wins.
     */
    private static void sandboxWithoutToken(ConfigurableEnvironment env) {
        boolean token = java.util.stream.Stream.of("flux-schnell.api-token", FluxSchnellClient.TOKEN_ENV,
                FluxSchnellClient.TOKEN_PROPERTY).map(env::getProperty).anyMatch(t -> t != null && !t.isBlank());
        String sandbox = env.getProperty("web.sandbox");
        if (sandbox == null ? !token : Boolean.parseBoolean(sandbox.strip())) {
            env.getPropertySources().addLast(new MapPropertySource("webSandbox", Map.of("web.sandbox", "true",
                    "server.address", "127.0.0.1"))); // this machine only, unless server.address says otherwise
        }
    }
}
