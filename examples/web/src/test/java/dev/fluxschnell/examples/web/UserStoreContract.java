package dev.fluxschnell.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fluxschnell.examples.web.UserStore.Kind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link UserStore} does, run against each real store: {@link FileUserStoreTest} (files in a temporary
 * directory) and {@link RedisUserStoreIT} (a redis-server started by the test). {@link #open()} opens the store anew
 * on the same data, as a restart does.
 */
abstract class UserStoreContract {
    /** {@return the store on this test's data, opened anew each call (the previous one closed or not)} */
    abstract UserStore open() throws Exception;

    @Test
    void aList_keepsItsNewestWithinTheCap_andAnIdAlreadyThereKeepsItsValueAndPlace() throws Exception {
        try (UserStore store = open()) {
            assertThat(store.put("alice", Kind.HISTORY, "a", "{\"n\":1}", 3)).isEqualTo(new UserStore.Put(true,
                    List.of()));
            store.put("alice", Kind.HISTORY, "b", "{\"n\":2}", 3);
            store.put("alice", Kind.HISTORY, "c", "{\"n\":3}", 3);
            assertThat(store.put("alice", Kind.HISTORY, "a", "{\"n\":9}", 3)).isEqualTo(new UserStore.Put(false,
                    List.of()));
            assertThat(store.put("alice", Kind.HISTORY, "d", "{\"n\":4}", 3).evicted()).containsExactly("a");
            assertThat(store.list("alice", Kind.HISTORY)).containsExactly("{\"n\":4}", "{\"n\":3}", "{\"n\":2}");
            assertThat(store.get("alice", Kind.HISTORY, "a")).isEmpty();
            assertThat(store.get("alice", Kind.HISTORY, "c")).hasValue("{\"n\":3}");
            assertThat(store.remove("alice", Kind.HISTORY, "c")).isTrue();
            assertThat(store.remove("alice", Kind.HISTORY, "c")).isFalse();
            assertThat(store.list("alice", Kind.HISTORY)).containsExactly("{\"n\":4}", "{\"n\":2}");
            assertThat(store.list("alice", Kind.GALLERY)).as("another kind").isEmpty();
        }
    }

    @Test
    void eachUser_isApart_whateverTheirNames() throws Exception {
        List<String> users = List.of("bob", "Bob", "bob:history", "b{o}b", "bob ", "sha256:" + "a".repeat(64),
                "ünïcødé", "../bob", ".");
        try (UserStore store = open()) {
            for (String u : users) {
                store.put(u, Kind.FAVOURITES, "f", "{\"user\":\"" + u.replace("\"", "") + "\"}", 10);
                store.count(u, Map.of("total||images", (long) u.length()));
            }
            for (String u : users) {
                assertThat(store.list(u, Kind.FAVOURITES)).as(u).containsExactly("{\"user\":\"" + u + "\"}");
                assertThat(store.counters(u)).as(u).containsExactly(Map.entry("total||images", (long) u.length()));
            }
            assertThat(store.list("bo", Kind.FAVOURITES)).isEmpty();
        }
    }

    @Test
    void aShare_isFoundByItsIdAlone_whileItsOwnerHasIt() throws Exception {
        try (UserStore store = open()) {
            store.put("carol", Kind.SHARES, "AAAAAAAAAAAAAAAAAAAAAA", "{}", 2);
            store.put("carol", Kind.SHARES, "BBBBBBBBBBBBBBBBBBBBBB", "{}", 2);
            assertThat(store.shareOwner("AAAAAAAAAAAAAAAAAAAAAA")).hasValue("carol");
            assertThat(store.put("carol", Kind.SHARES, "CCCCCCCCCCCCCCCCCCCCCC", "{}", 2).evicted())
                    .containsExactly("AAAAAAAAAAAAAAAAAAAAAA");
            assertThat(store.shareOwner("AAAAAAAAAAAAAAAAAAAAAA")).as("evicted").isEmpty();
            store.remove("carol", Kind.SHARES, "BBBBBBBBBBBBBBBBBBBBBB");
            assertThat(store.shareOwner("BBBBBBBBBBBBBBBBBBBBBB")).as("revoked").isEmpty();
            assertThat(store.shareOwner("CCCCCCCCCCCCCCCCCCCCCC")).hasValue("carol");
            assertThat(store.shareOwner("../../users")).isEmpty();
            assertThat(store.shareOwner("DDDDDDDDDDDDDDDDDDDDDD")).isEmpty();
        }
    }

    @Test
    void counters_addUp_andForgetWhatIsRemoved() throws Exception {
        try (UserStore store = open()) {
            Map<String, Long> first = new LinkedHashMap<>();
            first.put("day|2026-12-01|images", 2L);
            first.put("day|2026-12-01|spend", 6000L);
            assertThat(store.count("dave", first)).isEqualTo(first);
            assertThat(store.count("dave", Map.of("day|2026-12-01|images", 3L))).containsEntry("day|2026-12-01|images",
                    5L);
            store.removeCounters("dave", List.of("day|2026-12-01|spend"));
            assertThat(store.counters("dave")).containsExactly(Map.entry("day|2026-12-01|images", 5L));
        }
    }

    @Test
    void everything_survivesARestart() throws Exception {
        UserStore before = open();
        before.put("erin", Kind.GALLERY, "img-0", "{\"card\":{\"id\":\"img-0\"}}", 5);
        before.put("erin", Kind.HISTORY, "h1", "{\"prompt\":\"a \\\"quoted\\\" prompt\"}", 5);
        before.put("erin", Kind.FAVOURITES, "p-1", "{\"prompt\":\"fav\"}", 5);
        before.put("erin", Kind.SHARES, "EEEEEEEEEEEEEEEEEEEEEE", "{\"expires\":\"2026-12-08T00:00:00Z\"}", 5);
        before.count("erin", Map.of("total||images", 7L));
        before.close();

        try (UserStore after = open()) {
            assertThat(after.list("erin", Kind.GALLERY)).containsExactly("{\"card\":{\"id\":\"img-0\"}}");
            assertThat(after.list("erin", Kind.HISTORY)).containsExactly("{\"prompt\":\"a \\\"quoted\\\" prompt\"}");
            assertThat(after.list("erin", Kind.FAVOURITES)).containsExactly("{\"prompt\":\"fav\"}");
            assertThat(after.shareOwner("EEEEEEEEEEEEEEEEEEEEEE")).hasValue("erin");
            assertThat(after.counters("erin")).containsEntry("total||images", 7L);
            after.put("erin", Kind.HISTORY, "h2", "{}", 5);
            assertThat(after.list("erin", Kind.HISTORY)).as("the newest after the restart comes first").hasSize(2)
                    .first().isEqualTo("{}");
        }
    }

    @Test
    void concurrentAdds_neverOverfillAList() throws Exception {
        try (UserStore store = open()) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<UserStore.Put>> puts = new java.util.ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    String id = "i" + i;
                    puts.add(pool.submit(() -> store.put("frank", Kind.GALLERY, id, "{}", 10)));
                }
                int evicted = 0;
                for (Future<UserStore.Put> p : puts) {
                    evicted += p.get().evicted().size();
                }
                assertThat(evicted).isEqualTo(30);
            } finally {
                pool.shutdownNow();
            }
            assertThat(store.list("frank", Kind.GALLERY)).hasSize(10);
        }
    }
}
