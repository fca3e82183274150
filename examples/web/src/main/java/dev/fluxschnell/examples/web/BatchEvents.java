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

    /**
     * A kept batch, what its publisher holds: once dropped or forgotten it is closed, and what is published to it goes
     * nowhere (a batch of the same id kept again later is another one). Its history, streams and state are guarded by
     * itself; lock order: a batch, then the registry, never the other way.
     */
    static final class Batch {
        private final String id;
        private final String owner;
        private final List<Event> history = new ArrayList<>();
        private final List<SseEmitter> emitters = new ArrayList<>();
        private boolean closed;

        private Batch(String id, String owner) {
            this.id = id;
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

    /** {@return a kept batch of {@code owner}, to publish to} The owner's oldest batch beyond the bound is dropped. */
    Batch open(String owner, String batchId) {
        Batch opened = new Batch(batchId, owner);
        List<Batch> dropped = new ArrayList<>();
        synchronized (this) {
            Batch replaced = batches.put(batchId, opened);
            if (replaced != null) {
                dropped.add(replaced);
            }
            for (String old : newest.add(owner, batchId)) {
                Batch b = batches.remove(old);
                if (b != null) {
                    dropped.add(b);
                }
            }
        }
        dropped.forEach(this::close);
        return opened;
    }

    /** Stops keeping {@code batch} (its following could not go on): its streams end; the next request starts again. */
    void forget(Batch batch) {
        synchronized (this) {
            batches.remove(batch.id, batch);
        }
        close(batch);
    }

    /** {@return whose the batch is, when it is kept here} */
    synchronized Optional<String> owner(String batchId) {
        Batch b = batches.get(batchId);
        return b == null ? Optional.empty() : Optional.of(b.owner);
    }

    /** Records and sends an event of the batch kept under {@code batchId}, if any. */
    void publish(String batchId, String name, Object data) {
        Batch b;
        synchronized (this) {
            b = batches.get(batchId);
        }
        if (b != null) {
            publish(b, name, data);
        }
    }

    /** Records and sends an event, in order with the batch's others; {@code done} ends its streams. */
    void publish(Batch b, String name, Object data) {
        List<SseEmitter> ended = List.of();
        synchronized (b) {
            if (b.closed) {
                return;
            }
            b.history.add(new Event(name, data));
            b.emitters.forEach(e -> send(e, name, data));
            if ("done".equals(name)) {
                ended = List.copyOf(b.emitters);
                b.emitters.clear();
            }
        }
        unregister(ended);
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
        boolean live;
        synchronized (b) { // the events so far, then live ones: none in between, none twice
            b.history.forEach(e -> send(emitter, e.name(), e.data()));
            boolean finished = b.history.stream().anyMatch(e -> "done".equals(e.name())); // sent: it completed
            live = !finished && !b.closed;
            if (live) {
                b.emitters.add(emitter);
            } else if (!finished) {
                complete(emitter); // dropped meanwhile
            }
        }
        if (!live) { // Spring runs no callback for an emitter completed before it took it over
            unregister(List.of(emitter));
        }
        return emitter;
    }

    /** Closes a batch that is no longer kept: its streams end now. */
    private void close(Batch b) {
        List<SseEmitter> open;
        synchronized (b) {
            b.closed = true;
            open = List.copyOf(b.emitters);
            b.emitters.clear();
        }
        open.forEach(BatchEvents::complete);
        unregister(open);
    }

    private void remove(Batch b, SseEmitter emitter) {
        unregister(List.of(emitter));
        synchronized (b) {
            b.emitters.remove(emitter);
        }
    }

    private synchronized void unregister(List<SseEmitter> ended) {
        ended.forEach(streams::remove);
    }

    private static void send(SseEmitter emitter, String name, Object data) {
        try {
            emitter.send(SseEmitter.event().name(name).data(data));
            if ("done".equals(name)) {
                emitter.complete();
            }
        } catch (IOException | RuntimeException gone) { // the page went away; the others still get it
            try {
                emitter.completeWithError(gone);
            } catch (RuntimeException ignored) {
                // already completed
            }
        }
    }

    private static void complete(SseEmitter emitter) {
        try {
            emitter.complete();
        } catch (RuntimeException ignored) {
            // already completed
        }
    }
}
