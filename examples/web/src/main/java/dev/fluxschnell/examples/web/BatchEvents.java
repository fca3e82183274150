package dev.fluxschnell.examples.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent progress of running batches: every event is kept per batch and replayed to a page that subscribes
 * late, then sent live; a batch's stream completes after its {@code done} event.
 */
final class BatchEvents {
    private record Event(String name, Object data) {}

    private final Map<String, List<Event>> history = new ConcurrentHashMap<>();
    private final Map<String, List<SseEmitter>> emitters = new ConcurrentHashMap<>();

    void open(String batchId) {
        history.put(batchId, new ArrayList<>());
        emitters.put(batchId, new ArrayList<>());
    }

    boolean exists(String batchId) {
        return history.containsKey(batchId);
    }

    /** Records and sends an event; {@code done} ends the stream. */
    void publish(String batchId, String name, Object data) {
        List<SseEmitter> live;
        synchronized (this) {
            history.get(batchId).add(new Event(name, data));
            live = List.copyOf(emitters.get(batchId));
        }
        live.forEach(e -> send(e, name, data));
    }

    /** A stream of the batch's events so far, then the live ones. */
    SseEmitter subscribe(String batchId) {
        SseEmitter emitter = new SseEmitter(600_000L);
        List<Event> past;
        synchronized (this) {
            past = List.copyOf(history.get(batchId));
            emitters.get(batchId).add(emitter);
        }
        emitter.onCompletion(() -> remove(batchId, emitter));
        emitter.onTimeout(() -> remove(batchId, emitter));
        past.forEach(e -> send(emitter, e.name(), e.data()));
        return emitter;
    }

    private synchronized void remove(String batchId, SseEmitter emitter) {
        emitters.getOrDefault(batchId, new ArrayList<>()).remove(emitter);
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
