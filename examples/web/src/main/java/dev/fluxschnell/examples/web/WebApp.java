package dev.fluxschnell.examples.web;

import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

/**
 * The seed's web app on the flux-schnell Spring Boot starter. With {@code REPLICATE_API_TOKEN} (or
 * {@code flux-schnell.api-token}) it talks to Replicate; without, it starts the bundled emulator and says so on the
 * page (the emulator is then a bean, for tests to see what reached it).
 * {@code java -jar examples/web/target/flux-web.jar} starts it on port 8080 ({@code PORT} or {@code --server.port} to
 * change it).
 */
@SpringBootApplication
public class WebApp {
    /**
     * A Lettuce client for {@code web.redis-url} (e.g. {@code redis://127.0.0.1:6379}): with it the starter shares the
     * create limit and the quota between replicas, and with {@code flux-schnell.queue.enabled=true} batches are queued
     * in Redis and worked by every replica.
     *
     * @param url the Redis URL
     * @return the client, shut down with the context
     */
    @Bean(destroyMethod = "shutdown")
    @ConditionalOnProperty("web.redis-url")
    io.lettuce.core.RedisClient redisClient(@Value("${web.redis-url}") String url) {
        return io.lettuce.core.RedisClient.create(url);
    }

    /** Starts the app (port 8080 unless {@code --server.port} says otherwise). */
    public static void main(String[] args) {
        start(args);
    }

    /** Starts the app and returns its context (tests use port 0). */
    public static ConfigurableApplicationContext start(String... args) {
        SpringApplication app = new SpringApplication(WebApp.class);
        FakeReplicateServer emulator = null;
        if (!hasToken(args)) {
            emulator = FakeReplicateServer.builder().latency(java.time.Duration.ofMillis(400)).start();
            Map<String, Object> sandbox = new HashMap<>();
            sandbox.put("flux-schnell.api-token", emulator.token());
            sandbox.put("flux-schnell.base-url", emulator.baseUrl().toString());
            sandbox.put("flux-schnell.download-hosts", "127.0.0.1");
            sandbox.put("web.sandbox", "true");
            app.setDefaultProperties(sandbox);
            FakeReplicateServer bundled = emulator;
            app.addInitializers(ctx -> ctx.getBeanFactory().registerSingleton("replicateEmulator", bundled));
        }
        ConfigurableApplicationContext ctx = app.run(args);
        if (emulator != null) {
            FakeReplicateServer started = emulator;
            ctx.addApplicationListener(e -> {
                if (e instanceof ContextClosedEvent) {
                    started.close();
                }
            });
        }
        return ctx;
    }

    private static boolean hasToken(String[] args) {
        if (List.of(args).contains("--web.sandbox=true")) {
            return false; // the emulator even when a token is set (tests, demos)
        }
        for (String a : args) {
            if (a.startsWith("--flux-schnell.api-token=") && a.length() > "--flux-schnell.api-token=".length()) {
                return true;
            }
        }
        String env = System.getenv(FluxSchnellClient.TOKEN_ENV);
        return env != null && !env.isBlank() || System.getProperty("flux-schnell.api-token") != null
                || System.getProperty(FluxSchnellClient.TOKEN_PROPERTY) != null;
    }
}
