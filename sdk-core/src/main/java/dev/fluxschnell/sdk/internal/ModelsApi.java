package dev.fluxschnell.sdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fluxschnell.sdk.errors.FluxSchnellIOException;
import dev.fluxschnell.sdk.errors.ModelSchemaException;
import dev.fluxschnell.sdk.request.Model;
import dev.fluxschnell.sdk.request.ModelDescription;
import dev.fluxschnell.sdk.request.ModelSchema;
import dev.fluxschnell.sdk.request.SchemaReport;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models API: a model ({@code GET /v1/models/{owner}/{name}}: its latest version and {@code openapi_schema}), a
 * version's schema ({@code .../versions/{id}}), and the check of a live schema against the recorded one — once per
 * client and model, before the first create that needs it. Not API.
 */
public final class ModelsApi {
    private static final Logger log = LoggerFactory.getLogger(ModelsApi.class);

    /** The longest a check may delay a model's first create: then it is given up (logged) and calls go on. */
    static final java.time.Duration CHECK_DEADLINE = java.time.Duration.ofSeconds(10);

    private final ReplicateApi api;
    private final Map<Model, CompletableFuture<JsonNode>> models = new ConcurrentHashMap<>();
    private final Map<Model, CompletableFuture<Void>> verified = new ConcurrentHashMap<>();

    /** The models API over {@code api}. */
    public ModelsApi(ReplicateApi api) {
        this.api = api;
    }

    /**
     * {@return a model as {@code GET /v1/models/{owner}/{name}} answers it, read once per client (a failed read is
     * tried again next time)}
     *
     * @param model the model
     */
    public CompletableFuture<JsonNode> model(Model model) {
        CompletableFuture<JsonNode> f = models.computeIfAbsent(model, m -> api.getJson(api.uri("/v1/models/"
                + ReplicateApi.encode(m.owner()) + "/" + ReplicateApi.encode(m.name())), "get model " + m));
        f.whenComplete((v, e) -> {
            if (e != null) {
                models.remove(model, f);
            }
        });
        return f;
    }

    /**
     * {@return the id of a model's latest version ({@code latest_version.id})}
     *
     * @param model the model
     */
    public CompletableFuture<String> latestVersion(Model model) {
        return model(model).thenApply(n -> {
            String v = n.path("latest_version").path("id").asText(null);
            if (v == null || v.isBlank()) {
                throw new FluxSchnellIOException(model + " has no published version to run", null, null, false);
            }
            return v;
        });
    }

    /**
     * {@return the live schema of a model: its latest version's, or version {@code version}'s}
     *
     * @param model the model
     * @param version a version id (a pinned community model), or null for the latest
     */
    public CompletableFuture<ModelSchema> schema(Model model, String version) {
        if (version == null) {
            return model(model).thenApply(n -> parse(model, n.path("latest_version")));
        }
        return api.getJson(api.uri("/v1/models/" + ReplicateApi.encode(model.owner()) + "/"
                + ReplicateApi.encode(model.name()) + "/versions/" + ReplicateApi.encode(version)),
                "get version " + version).thenApply(n -> parse(model, n));
    }

    private static ModelSchema parse(Model model, JsonNode version) {
        JsonNode schema = version.path("openapi_schema");
        if (!schema.isObject()) {
            throw new FluxSchnellIOException(model + " has no published schema to compare", null, null, false);
        }
        return ModelSchema.parse(model, version.path("id").asText(null), Json.write(schema));
    }

    /**
     * {@return the report of a model's live schema against the recorded one}
     *
     * @param model a model the SDK calls
     * @param pinned its pinned version (a community model), or null for the latest
     */
    public CompletableFuture<SchemaReport> check(Model model, String pinned) {
        ModelSchema recorded = ModelDescription.of(model).orElseThrow(() -> new IllegalArgumentException(
                "the SDK does not call " + model)).schema();
        return schema(model, pinned).thenApply(live -> SchemaReport.compare(recorded, live));
    }

    /**
     * {@return a future that completes when {@code model} may be called: checked once per client — it fails with
     * {@link ModelSchemaException} when the live schema drifted in a way that breaks the SDK's requests; a check that
     * cannot be made within {@link #CHECK_DEADLINE} (the models API unreachable, slow or unreadable) is logged and
     * does not stop the calls}
     *
     * @param model the model
     * @param pinned its pinned version (a community model), or null
     */
    public CompletableFuture<Void> verified(Model model, String pinned) {
        return verified.computeIfAbsent(model, m -> check(m, pinned).orTimeout(CHECK_DEADLINE.toNanos(),
                java.util.concurrent.TimeUnit.NANOSECONDS).handle((report, e) -> {
            if (e != null) {
                log.warn("could not check the schema of {} against this SDK's (calls go on): {}", m,
                        ReplicateApi.unwrap(e).toString());
                return null;
            }
            if (!report.compatible()) {
                throw new ModelSchemaException(report);
            }
            if (!report.differences().isEmpty()) {
                log.info("{}", report);
            }
            return null;
        }));
    }
}
