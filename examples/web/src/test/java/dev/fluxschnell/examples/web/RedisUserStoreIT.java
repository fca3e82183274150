package dev.fluxschnell.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fluxschnell.examples.web.UserStore.Kind;
import dev.fluxschnell.sdk.redis.LocalRedis;
import io.lettuce.core.RedisClient;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Redis store against a real redis-server (started by the test, as {@link WebQueueIT} does; skipped without one
 * unless on CI): the contract, a restart of the store included, and the key layout.
 */
class RedisUserStoreIT extends UserStoreContract {
    static LocalRedis redis;
    static RedisClient client;
    final String prefix = "test-" + java.util.UUID.randomUUID();

    @BeforeAll
    static void startRedis() throws Exception {
        redis = LocalRedis.start();
        client = redis.client();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (client != null) {
            client.shutdown();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Override
    UserStore open() {
        return new RedisUserStore(client, prefix);
    }

    @Test
    void keys_areThePrefixAndTheEscapedUserInBraces() throws Exception {
        try (UserStore store = open(); var connection = client.connect()) {
            store.put("bob:history {x}", Kind.HISTORY, "h", "{}", 5);
            store.put("bob:history {x}", Kind.SHARES, "GGGGGGGGGGGGGGGGGGGGGG", "{}", 5);
            store.count("bob:history {x}", Map.of("total||images", 1L));
            assertThat(connection.sync().keys(prefix + ":*")).containsExactlyInAnyOrder(
                    prefix + ":user:{bob%3Ahistory%20%7Bx%7D}:history",
                    prefix + ":user:{bob%3Ahistory%20%7Bx%7D}:history:values",
                    prefix + ":user:{bob%3Ahistory%20%7Bx%7D}:shares",
                    prefix + ":user:{bob%3Ahistory%20%7Bx%7D}:shares:values",
                    prefix + ":user:{bob%3Ahistory%20%7Bx%7D}:usage",
                    prefix + ":share:GGGGGGGGGGGGGGGGGGGGGG");
        }
    }
}
