package dev.fluxschnell.examples.web;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the app keeps of each user across restarts: ordered, bounded lists (gallery, history, favourites, share links)
 * of JSON values by id, and usage counters. {@link RedisUserStore} when {@code web.redis-url} is set (every replica
 * shares it), else {@link FileUserStore} (files, one instance). Users are quota subjects; every method is the given
 * user's only. Thread-safe.
 */
interface UserStore extends AutoCloseable {
    /** The lists a user has. */
    enum Kind {
        /** Gallery images, by image id. */
        GALLERY,
        /** Requests made, by entry id. */
        HISTORY,
        /** Starred results and prompts, by favourite id. */
        FAVOURITES,
        /** Share links, by share id (also found by id alone: {@link #shareOwner}). */
        SHARES
    }

    /**
     * What {@link #put} did.
     *
     * @param added whether the id was new (an id already there keeps its value and place)
     * @param evicted the ids that left the list, oldest first, to stay within its cap
     */
    record Put(boolean added, List<String> evicted) {}

    /** Adds {@code value} as the user's newest of {@code kind} unless {@code id} is there; beyond {@code cap} the oldest leave. */
    Put put(String user, Kind kind, String id, String value, int cap);

    /** {@return the value of {@code id} in the user's list, if there} */
    Optional<String> get(String user, Kind kind, String id);

    /** {@return the user's values of {@code kind}, newest first} */
    List<String> list(String user, Kind kind);

    /** Removes {@code id} from the user's list; {@return whether it was there} */
    boolean remove(String user, Kind kind, String id);

    /** {@return whose share link {@code shareId} is, while it is in its owner's list} */
    Optional<String> shareOwner(String shareId);

    /** Adds each increment to the user's counter of that name; {@return the counters' new values} */
    Map<String, Long> count(String user, Map<String, Long> increments);

    /** {@return the user's counters} */
    Map<String, Long> counters(String user);

    /** Forgets the user's counters of these names. */
    void removeCounters(String user, Collection<String> names);

    /** Releases the store's connection or files; nothing written is lost. */
    @Override
    void close();
}
