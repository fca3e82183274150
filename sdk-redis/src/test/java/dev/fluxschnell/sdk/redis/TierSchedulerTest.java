package dev.fluxschnell.sdk.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Smooth weighted round robin over tiers, without Redis: tiers are sets of "has items" flags. */
class TierSchedulerTest {
    /** Picks {@code n} items, from the first tier in each round's order that has any (as a worker reads streams). */
    static List<String> pick(TierScheduler s, int n, Set<String> busy) {
        List<String> picked = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (String tier : s.round()) {
                if (busy.contains(tier)) {
                    s.served(tier);
                    picked.add(tier);
                    break;
                }
                s.empty(tier);
            }
        }
        return picked;
    }

    static Map<String, Integer> tiers(Object... nameAndWeight) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < nameAndWeight.length; i += 2) {
            m.put((String) nameAndWeight[i], (Integer) nameAndWeight[i + 1]);
        }
        return m;
    }

    @Test
    void bothBusy_eachTierGetsItsWeight_interleaved() {
        TierScheduler s = new TierScheduler(tiers("free", 1, "pro", 10));

        List<String> picked = pick(s, 110, Set.of("free", "pro"));

        assertThat(Collections.frequency(picked, "pro")).isEqualTo(100);
        assertThat(Collections.frequency(picked, "free")).isEqualTo(10);
        for (int i = 0; i + 9 <= picked.size(); i++) {
            assertThat(Collections.frequency(picked.subList(i, i + 9), "free")).as("window at %d", i)
                    .isLessThanOrEqualTo(1);
        }
        for (int i = 55; i + 11 <= picked.size(); i++) { // once the credit that starts at zero has settled
            assertThat(Collections.frequency(picked.subList(i, i + 11), "free")).as("window at %d", i).isOne();
        }
    }

    @Test
    void equalWeights_alternate_tiesGoToTheEarlierTier() {
        TierScheduler s = new TierScheduler(tiers("a", 1, "b", 1, "c", 1));

        assertThat(pick(s, 6, Set.of("a", "b", "c"))).containsExactly("a", "b", "c", "a", "b", "c");
    }

    @Test
    void aTierAlone_getsEverything() {
        TierScheduler s = new TierScheduler(tiers("free", 1, "pro", 10));

        assertThat(pick(s, 20, Set.of("free"))).containsOnly("free").hasSize(20);
        assertThat(s.credit().get("pro")).as("an empty tier saves up no credit").isLessThanOrEqualTo(0);
    }

    @Test
    void anIdleTierComingBack_getsItsShare_notALongRunOfItsOwn() {
        TierScheduler s = new TierScheduler(tiers("a", 1, "b", 1));
        pick(s, 50, Set.of("a")); // b idle all along

        List<String> after = pick(s, 10, Set.of("a", "b"));

        assertThat(Collections.frequency(after, "b")).isEqualTo(5);
        assertThat(String.join("", after)).doesNotContain("bbb");
    }

    @Test
    void creditStaysWithinPlusMinusTheTotal() {
        TierScheduler s = new TierScheduler(tiers("free", 1, "pro", 10));
        pick(s, 1000, Set.of("pro")); // free is empty every time it is tried: it never builds credit up
        pick(s, 1000, Set.of("free")); // pro is empty now

        assertThat(s.credit().values()).allSatisfy(c -> assertThat(c).isBetween(-11L, 11L));
    }

    @Test
    void noTiers_isRefused() {
        assertThatThrownBy(() -> new TierScheduler(Map.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
