package dev.fluxschnell.examples.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent progress of each user's batches: every event is kept per batch and replayed to a page that subscribes
 * late, then sent live; a batch's stream completes after its {@code done} event. A batch's events go out in the order
 * they were recorded, to every stream, the replay included: they are recorded and sent under the batch's own lock.
 * Bounded: the newest {@code batchesPerUser} batches of each user are kept (an older one's streams end and its id is
 * forgotten), and a user has at most {@code streamsPerUser} streams open.
 */
final class BatchEvents {
    private record Event(String name, Object data) {}

    /** A batch's owner, its events so far and its open streams (guarded by the batch itself). */
    private static final class Batch {
        final String owner;
        final List<Event> history = new ArrayList<>();
        final List<SseEmitter> emitters = new ArrayList<>();

        Batch(String owner) {
            this.owner = owner;
        }
    }

    private final Map<String, Batch> batches = new HashMap<>();
    private final Map<SseEmitter, String> streams = new java.util.IdentityHashMap<>(); // open ones, to their owner
    private final Recent<String> newest;
    private final int streamsPerUser;

    BatchEvents(WebSettings.Limits limits) {
        this.newest = new Recent<>(limits.batchesPerUser(), limits.trackedUsers());
        this.streamsPerUser = limits.streamsPerUser();
    }

    /** Starts keeping {@code owner}'s batch; the owner's oldest batch beyond the bound is dropped. */
    void open(String owner, String batchId) {
        List<Batch> ended = new ArrayList<>();
        synchronized (this) {
            batches.put(batchId, new Batch(owner));
            for (String dropped : newest.add(owner, batchId)) {
                Batch b = batches.remove(dropped);
                if (b != null) {
                    ended.add(b);
                }
            }
        }
        for (Batch b : ended) {
            List<SseEmitter> streamsOfDropped;
            synchronized (b) {
                streamsOfDropped = List.copyOf(b.emitters);
            }
            streamsOfDropped.forEach(SseEmitter::complete);
        }
    }

    /** Stops keeping a batch (its following could not start): its streams end, and the next request starts again. */
    void forget(String batchId) {
        Batch b;
        synchronized (this) {
            b = batches.remove(batchId);
        }
        if (b != null) {
            List<SseEmitter> open;
            synchronized (b) {
                open = List.copyOf(b.emitters);
            }
            open.forEach(SseEmitter::complete);
        }
    }

    /** {@return whose the batch is, when it is kept here} */
    synchronized Optional<String> owner(String batchId) {
        Batch b = batches.get(batchId);
        return b == null ? Optional.empty() : Optional.of(b.owner);
    }

    /** Records and sends an event; {@code done} ends the stream. An event of a batch no longer kept is dropped. */
    void publish(String batchId, String name, Object data) {
        Batch b;
        synchronized (this) {
            b = batches.get(batchId);
        }
        if (b == null) {
            return;
        }
        synchronized (b) { // in order: no stream gets an event before the ones recorded earlier
            b.history.add(new Event(name, data));
            List.copyOf(b.emitters).forEach(e -> send(e, name, data));
        }
    }

    /**
     * A stream of the batch's events so far, then the live ones, for its owner.
     *
     * @throws Problems.NotFound when the batch is not kept here or is another user's
     * @throws Problems.TooMany when the owner has {@code streamsPerUser} streams open
     */
    SseEmitter subscribe(String owner, String batchId) {
        SseEmitter emitter = new SseEmitter(600_000L);
        Batch b;
        synchronized (this) {
            b = batches.get(batchId);
            if (b == null || !b.owner.equals(owner)) {
                throw new Problems.NotFound("No such batch.");
            }
            if (streams.values().stream().filter(owner::equals).count() >= streamsPerUser) {
                throw new Problems.TooMany("At most " + streamsPerUser + " progress streams at once per user.");
            }
            streams.put(emitter, owner);
        }
        Runnable gone = () -> remove(b, emitter);
        emitter.onCompletion(gone);
        emitter.onTimeout(gone);
        emitter.onError(e -> gone.run());
        synchronized (b) { // the events so far, then live ones: none in between, none twice
            b.history.forEach(e -> send(emitter, e.name(), e.data()));
            b.emitters.add(emitter);
        }
        return emitter;
    }

    private void remove(Batch b, SseEmitter emitter) {
        synchronized (this) {
            streams.remove(emitter);
        }
        synchronized (b) {
            b.emitters.remove(emitter);
        }
    }

    private static void send(SseEmitter emitter, String name, Object data) {
        try {
            emitter.send(SseEmitter.event().name(name).data(data));
            if ("done".equals(name)) {
                emitter.complete();
            }
        } catch (IOException | IllegalStateException gone) {
            emitter.completeWithError(gone); // the page went away
        }
    }
}
