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

    /**
     * Streams of a finished batch end at once and free their slot: Spring runs no callback for an emitter completed
     * before it took it over, so the app unregisters them itself; so do streams ended by {@code done} and by a drop.
     */
    @Test
    void endedStreams_freeTheirSlots() {
        BatchEvents events = new BatchEvents(LIMITS);
        BatchEvents.Batch b1 = events.open("alice", "b1");
        events.publish(b1, "progress", "1 of 1");
        events.publish(b1, "done", "finished");
        for (int i = 0; i < 10; i++) {
            events.subscribe("alice", "b1"); // each gets the history and its end
        }
        BatchEvents.Batch b2 = events.open("alice", "b2");
        for (int i = 0; i < 3; i++) {
            events.subscribe("alice", "b2");
        }
        events.publish(b2, "done", "finished"); // ends the three live streams
        for (int i = 0; i < 3; i++) {
            events.subscribe("alice", "b2");
        }
        events.open("alice", "b3"); // drops b1
        events.forget(events.open("alice", "b4")); // drops b2, then b4 is forgotten
        assertThat(events.owner("b4")).isEmpty();
        for (int i = 0; i < 3; i++) {
            events.subscribe("alice", "b3");
        }
        assertThatThrownBy(() -> events.subscribe("alice", "b3")).isInstanceOf(Problems.TooMany.class);
    }

    /** What is published to a batch that was dropped or forgotten goes nowhere, even when its id is kept again. */
    @Test
    void aForgottenBatch_publishesNowhere() {
        BatchEvents events = new BatchEvents(LIMITS);
        BatchEvents.Batch old = events.open("alice", "b1");
        events.forget(old);
        BatchEvents.Batch again = events.open("alice", "b1");
        events.publish(old, "done", "late"); // the old follow's last event
        events.publish(again, "progress", "0 of 1");
        events.subscribe("alice", "b1");
        events.subscribe("alice", "b1");
        events.subscribe("alice", "b1");
        assertThatThrownBy(() -> events.subscribe("alice", "b1")).as("none of them ended by the old 'done'")
                .isInstanceOf(Problems.TooMany.class);
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
