package dev.fluxschnell.sdk.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The in-memory quota: windows, and memory that holds only the current window's subjects. */
class InMemoryQuotaTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T10:00:00Z"));
    private final Clock clock = new Clock() {
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

    @Test
    void aNewWindowStartsAfresh_andForgetsTheOldWindowsSubjects() throws Exception {
        InMemoryQuota quota = new InMemoryQuota(5, Duration.ofDays(1), clock);
        for (int i = 0; i < 1000; i++) {
            assertThat(quota.tryReserve("user-" + i, 3)).isTrue();
        }
        assertThat(quota.tryReserve("user-1", 3)).isFalse();
        assertThat(entries(quota)).isEqualTo(1000);

        now.set(now.get().plus(Duration.ofDays(1)));
        assertThat(quota.remaining("user-1")).isEqualTo(5);
        assertThat(entries(quota)).as("the old window's subjects are dropped").isZero();
        assertThat(quota.tryReserve("user-1", 5)).isTrue();
        assertThat(entries(quota)).isEqualTo(1);
    }

    @Test
    void readingASubject_storesNothing() throws Exception {
        InMemoryQuota quota = new InMemoryQuota(5, Duration.ofDays(1), clock);
        for (int i = 0; i < 100; i++) {
            assertThat(quota.remaining("stranger-" + i)).isEqualTo(5);
            assertThat(quota.spent("stranger-" + i)).isZero();
        }
        assertThat(entries(quota)).isZero();
    }

    private static int entries(InMemoryQuota quota) throws Exception {
        var field = InMemoryQuota.class.getDeclaredField("usage");
        field.setAccessible(true);
        return ((Map<?, ?>) field.get(quota)).size();
    }
}
