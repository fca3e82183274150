package dev.fluxschnell.sdk.redis;

import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * A real Redis server for a test class, with a client. Without {@code redis-server} every test reports itself skipped
 * with the reason (a class aborted in {@code @BeforeAll} would count 0 tests); on CI a missing server fails.
 */
abstract class RedisFixture {
    static LocalRedis redis;
    static RedisClient client;
    static String skipped;

    @BeforeAll
    static void startRedis() throws Exception {
        skipped = null;
        try {
            redis = LocalRedis.start();
        } catch (org.opentest4j.TestAbortedException e) {
            skipped = e.getMessage();
            return;
        }
        client = redis.client();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (client != null) {
            client.shutdown();
            client = null;
        }
        if (redis != null) {
            redis.close();
            redis = null;
        }
    }

    @BeforeEach
    void skipWithTheReason() {
        Assumptions.assumeTrue(skipped == null, () -> skipped);
    }
}
