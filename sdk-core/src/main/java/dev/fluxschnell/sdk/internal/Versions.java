package dev.fluxschnell.sdk.internal;

import dev.fluxschnell.sdk.request.Model;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The version each community model runs at: pinned by the user, else the model's latest version, read once from
 * {@code GET /v1/models/{owner}/{name}} and kept for the client's life (a failed look-up is tried again next time).
 * Not API.
 */
public final class Versions {
    private final ModelsApi models;
    private final Map<Model, String> pinned;
    private final Map<Model, CompletableFuture<String>> resolved = new ConcurrentHashMap<>();

    /**
     * Versions for a client.
     *
     * @param models the models API
     * @param pinned the versions the user pinned, by model
     */
    public Versions(ModelsApi models, Map<Model, String> pinned) {
        this.models = models;
        this.pinned = Map.copyOf(pinned);
    }

    /**
     * {@return the version a community model runs at}
     *
     * @param model the model
     */
    public CompletableFuture<String> of(Model model) {
        String pin = pinned.get(model);
        if (pin != null) {
            return CompletableFuture.completedFuture(pin);
        }
        CompletableFuture<String> f = resolved.computeIfAbsent(model, models::latestVersion);
        f.whenComplete((v, e) -> {
            if (e != null) {
                resolved.remove(model, f);
            }
        });
        return f;
    }

    /**
     * {@return the version the user pinned {@code model} to, or null}
     *
     * @param model the model
     */
    public String pinned(Model model) {
        return pinned.get(model);
    }

    /**
     * {@return the version a model was resolved or pinned to, if known yet (for messages)}
     *
     * @param model the model
     */
    public String known(Model model) {
        String pin = pinned.get(model);
        if (pin != null) {
            return pin;
        }
        CompletableFuture<String> f = resolved.get(model);
        return f != null && f.isDone() && !f.isCompletedExceptionally() ? f.join() : null;
    }
}
