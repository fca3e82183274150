package dev.fluxschnell.sdk.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.fluxschnell.sdk.RequestOptions;
import dev.fluxschnell.sdk.errors.FluxSchnellClientException;
import io.lettuce.core.RedisClient;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedisQuotaIT extends RedisFixture {
    @Test
    void threeInstancesTimesEightThreads_grantExactlyTheLimit_andReleasesComeBack() throws Exception {
        List<RedisQuota> instances = new ArrayList<>();
        for (int i = 0; i < 3; i++) { // three instances: three separate connections
            instances.add(RedisQuota.builder().redisClient(client).key("t1").limit(100).build());
        }
        ExecutorService threads = Executors.newFixedThreadPool(24);
        List<Future<Integer>> granted = new ArrayList<>();
        for (int t = 0; t < 24; t++) {
            RedisQuota q = instances.get(t % 3);
            granted.add(threads.submit(() -> {
                int n = 0;
                for (int k = 0; k < 20; k++) {
                    n += q.tryReserve("team", 1) ? 1 : 0;
                }
                return n;
            }));
        }
        int total = 0;
        for (Future<Integer> f : granted) {
            total += f.get();
        }
        threads.shutdown();
        assertThat(total).as("480 attempts, limit 100").isEqualTo(100);
        assertThat(instances.get(0).remaining("team")).isZero();
        instances.get(1).release("team", 10);
        instances.get(2).commit("team", 90);
        assertThat(instances.get(0).remaining("team")).as("released images come back, committed stay spent")
                .isEqualTo(10);
        instances.forEach(RedisQuota::close);
    }

    /** A clock the test moves by hand; never compared with Redis's own. */
    private static Clock movable(AtomicReference<Instant> now) {
        return new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
    }

    @Test
    void windowsRollOver_andTiersGiveEachSubjectItsLimit() {
        // A fixed date in the past on purpose: the quota must behave whatever Redis's own clock says.
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-24T23:59:00Z"));
        try (RedisQuota q = RedisQuota.builder().redisClient(client).key("t2").clock(movable(now))
                .limits(s -> s.startsWith("pro:") ? 5 : 2, 2).build()) {
            assertThat(q.tryReserve("free:ann", 2)).isTrue();
            assertThat(q.tryReserve("free:ann", 1)).isFalse();
            assertThat(q.tryReserve("pro:bob", 5)).isTrue();
            now.set(Instant.parse("2026-11-25T00:00:01Z"));
            assertThat(q.remaining("free:ann")).as("a new UTC day").isEqualTo(2);
            assertThat(q.tryReserve("free:ann", 2)).isTrue();
        }
    }

    @ParameterizedTest(name = "instance clock {0} from Redis''s")
    @ValueSource(strings = {"-P3650D", "-PT1S", "PT0S", "PT50M", "P3650D"})
    void windowKeysLiveForTheRestOfTheWindowPlusAnHour_whateverTheInstanceClockSays(String skew) {
        // The window is a UTC hour and the instance's clock is 10 minutes into it, shifted from the real time by skew.
        Instant skewed = Instant.now().plus(java.time.Duration.parse(skew));
        Instant tenPast = skewed.truncatedTo(java.time.temporal.ChronoUnit.HOURS).plusSeconds(600);
        AtomicReference<Instant> now = new AtomicReference<>(tenPast);
        String key = "t4" + skew.replaceAll("[^A-Za-z0-9]", "");
        try (RedisQuota q = RedisQuota.builder().redisClient(client).key(key).clock(movable(now))
                .window(RedisQuota.Window.HOUR).limit(1).build();
             var conn = client.connect()) {
            assertThat(q.tryReserve("ann", 1)).isTrue();
            assertThat(q.tryReserve("ann", 1)).as("the window key survived its own write").isFalse();
            long ttl = conn.sync().pttl(q.keyFor("ann"));
            assertThat(ttl).as("50 min left in the window + 1 h, counted by Redis from now")
                    .isBetween(109 * 60_000L, 110 * 60_000L);
        }
    }

    @Test
    void redisDown_failsFast_orFallsBackToLocal_asConfigured() throws Exception {
        LocalRedis doomed = LocalRedis.start();
        RedisClient c = doomed.client();
        try (RedisQuota failFast = RedisQuota.builder().redisClient(c).key("t3").limit(5).build();
             RedisQuota fallBack = RedisQuota.builder().redisClient(c).key("t3").limit(5)
                     .whenUnavailable(RedisUnavailable.FALL_BACK_TO_LOCAL).build()) {
            assertThat(failFast.tryReserve("x", 1)).isTrue();
            doomed.stop();
            assertThatThrownBy(() -> failFast.tryReserve("x", 1)).isInstanceOf(FluxSchnellClientException.class)
                    .hasMessageContaining("cannot reach Redis");
            assertThat(fallBack.tryReserve("x", 1)).as("counted by this instance alone").isTrue();
        } finally {
            c.shutdown();
            doomed.close(); // also when the test failed before stopping it: no redis-server outlives the test
        }
    }

    @Test
    void subjectsFollowTheCoresRule_andGoIntoKeysEscaped_soNoneReachesAnothersKey() {
        try (RedisQuota q = RedisQuota.builder().redisClient(client).key("t5").limit(3).build();
             var conn = client.connect()) {
            String tricky = "pro:ann{eu}*";
            assertThat(q.tryReserve(tricky, 2)).isTrue();
            assertThat(q.remaining("pro")).as("no other subject's window").isEqualTo(3);
            assertThat(q.remaining(tricky)).isEqualTo(1);
            assertThat(q.keyFor(tricky)).startsWith("t5:pro%3Aann%7Beu%7D%2A:").doesNotContain("{", "}", "*");
            assertThat(conn.sync().keys("t5:*")).containsExactly(q.keyFor(tricky));

            for (String refused : List.of("ann\nbob", "x".repeat(10 * 1024), " ")) {
                String expected = catchThrowable(() -> RequestOptions.checkSubject(refused)).getMessage();
                assertThatThrownBy(() -> q.tryReserve(refused, 1)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessage(expected);
                assertThatThrownBy(() -> q.remaining(refused)).hasMessage(expected);
                assertThatThrownBy(() -> q.commit(refused, 1)).hasMessage(expected);
                assertThatThrownBy(() -> q.release(refused, 1)).hasMessage(expected);
            }
            assertThat(conn.sync().keys("t5:*")).as("nothing written for a refused subject").hasSize(1);
        }
    }
}
