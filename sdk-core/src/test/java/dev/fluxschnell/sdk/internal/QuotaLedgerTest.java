package dev.fluxschnell.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fluxschnell.sdk.errors.QuotaExceededException;
import dev.fluxschnell.sdk.quota.InMemoryQuota;
import org.junit.jupiter.api.Test;

class QuotaLedgerTest {
    @Test
    void reservesThenCommitsWhatWasMade_andReleasesTheRest() {
        InMemoryQuota quota = InMemoryQuota.perDay(10);
        QuotaLedger ledger = new QuotaLedger(quota);
        ledger.reserve("team", 4);
        assertThat(quota.remaining("team")).isEqualTo(6);
        ledger.settle("team", 4, 3);
        assertThat(quota.remaining("team")).as("3 made, 1 released").isEqualTo(7);
        assertThatThrownBy(() -> ledger.reserve("team", 8)).isInstanceOfSatisfying(QuotaExceededException.class,
                e -> assertThat(e.remaining()).isEqualTo(7));
        assertThat(ledger.tryReserve("team", 7)).isTrue();
    }

    @Test
    void withoutAQuota_everythingIsGranted() {
        QuotaLedger none = new QuotaLedger(null);
        assertThat(none.enabled()).isFalse();
        none.reserve("anyone", 1_000_000);
        none.settle("anyone", 5, 0);
        assertThat(none.tryReserve("anyone", 1)).isTrue();
    }
}
