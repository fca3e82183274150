package dev.fluxschnell.sdk;

import dev.fluxschnell.sdk.request.Model;
import dev.fluxschnell.sdk.request.ModelDescription;
import dev.fluxschnell.sdk.request.ModelSchema;
import dev.fluxschnell.sdk.request.SchemaReport;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The models a client calls, checked against their live schemas ({@link FluxSchnellClient#models()}). Official models
 * cannot be pinned to a version, and their schemas change under their callers; {@link #check()} compares each live
 * {@code openapi_schema} with the one this SDK recorded — fields it sends that the model no longer takes, ranges or
 * choices that narrowed, new required fields, another output shape — so a drift shows before a 10,000-image batch
 * meets it at item 4,000. (A batch checks its own models anyway, once per client: see
 * {@link FluxSchnellClient.Builder#checkModels(boolean)}.)
 *
 * <pre>{@code
 * List<SchemaReport> reports = client.models().check();
 * reports.stream().filter(r -> !r.compatible()).forEach(System.out::println);
 * }</pre>
 */
public final class Models {
    private final Function<Model, CompletableFuture<SchemaReport>> check;
    private final Function<Model, CompletableFuture<ModelSchema>> live;

    /** The client's models: {@code check} and {@code live} read a model's live schema (latest, or pinned). */
    Models(Function<Model, CompletableFuture<SchemaReport>> check,
           Function<Model, CompletableFuture<ModelSchema>> live) {
        this.check = check;
        this.live = live;
    }

    /**
     * {@return the report of one model: its live schema (the latest version, or the version a community model is
     * pinned to) against the recorded one} Blocks.
     *
     * @param model a model the SDK calls
     * @throws IllegalArgumentException for a model the SDK does not call
     * @throws dev.fluxschnell.sdk.errors.FluxSchnellException when the models API cannot be read
     */
    public SchemaReport check(Model model) {
        return join(checkAsync(model));
    }

    /**
     * {@return the reports of every model the SDK calls, in {@link ModelDescription#all()} order} Blocks; the models
     * are read concurrently.
     *
     * @throws dev.fluxschnell.sdk.errors.FluxSchnellException when the models API cannot be read
     */
    public List<SchemaReport> check() {
        return check(ModelDescription.all().stream().map(ModelDescription::model).toList());
    }

    /**
     * {@return the reports of {@code models}, in order} Blocks; the models are read concurrently.
     *
     * @param models models the SDK calls
     * @throws dev.fluxschnell.sdk.errors.FluxSchnellException when the models API cannot be read
     */
    public List<SchemaReport> check(Collection<Model> models) {
        List<CompletableFuture<SchemaReport>> all = new ArrayList<>();
        models.forEach(m -> all.add(checkAsync(m)));
        List<SchemaReport> out = new ArrayList<>();
        all.forEach(f -> out.add(join(f)));
        return out;
    }

    /**
     * {@return the report of one model, without blocking: the read runs on the client's threads}
     *
     * @param model a model the SDK calls
     * @throws IllegalArgumentException for a model the SDK does not call
     */
    public CompletableFuture<SchemaReport> checkAsync(Model model) {
        Objects.requireNonNull(model, "model must not be null");
        ModelDescription.of(model).orElseThrow(() -> new IllegalArgumentException("the SDK does not call " + model));
        return check.apply(model);
    }

    /**
     * {@return a model's live schema (the latest version's, or a pinned community version's)} Blocks.
     *
     * @param model the model
     */
    public ModelSchema liveSchema(Model model) {
        Objects.requireNonNull(model, "model must not be null");
        return join(live.apply(model));
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
    }
}
