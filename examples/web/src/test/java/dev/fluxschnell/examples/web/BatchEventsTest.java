package dev.fluxschnell.examples.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The progress of batches, per user and bounded: its owner's only, the newest kept, a few streams at once. */
class BatchEventsTest {
    static final WebSettings.Limits LIMITS = new WebSettings.Limits(DataSize.ofKilobytes(64), DataSize.ofMegabytes(1),
            25_000_000, 200, 2, 1000, 3, 200, 100, 50, 90);

    @Test
    void aBatch_isItsOwnersOnly_andTheOwnersOldestLeavesFirst() {
        BatchEvents events = new BatchEvents(LIMITS);
        events.open("alice", "b1");
        events.open("alice", "b2");
        events.open("bob", "b3");
        assertThatThrownBy(() -> events.subscribe("bob", "b1")).isInstanceOf(Problems.NotFound.class);
        events.open("alice", "b4");
        assertThat(events.owner("b1")).as("alice's oldest of three").isEmpty();
        assertThat(events.owner("b2")).hasValue("alice");
        assertThat(events.owner("b3")).as("bob's stays").hasValue("bob");
        events.publish("b1", "done", "dropped"); // a batch no longer kept: nothing happens
    }

    @Test
    void aUser_hasAtMostStreamsPerUserOpen() {
        BatchEvents events = new BatchEvents(LIMITS);
        events.open("alice", "b1");
        events.open("bob", "b2");
        for (int i = 0; i < 3; i++) {
            events.subscribe("alice", "b1");
        }
        assertThatThrownBy(() -> events.subscribe("alice", "b1")).isInstanceOf(Problems.TooMany.class);
        assertThat(events.subscribe("bob", "b2")).as("another user's streams are theirs").isNotNull();
    }

    @Test
    void recent_keepsTheNewestPerOwner_andForgetsTheOwnerUsedLongestAgo() {
        Recent<Integer> recent = new Recent<>(2, 2);
        assertThat(recent.add("a", 1)).isEmpty();
        recent.add("a", 2);
        assertThat(recent.add("a", 3)).containsExactly(1);
        assertThat(recent.newestFirst("a")).containsExactly(3, 2);
        recent.add("b", 1);
        assertThat(recent.add("c", 1)).as("a, used longest ago, is forgotten").containsExactly(3, 2);
        assertThat(recent.newestFirst("a")).isEmpty();
    }
}
