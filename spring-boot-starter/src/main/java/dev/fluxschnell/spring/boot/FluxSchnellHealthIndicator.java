package dev.fluxschnell.spring.boot;

import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.request.SchemaReport;
import dev.fluxschnell.sdk.storage.ImageStorage;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of the flux-schnell client without calling the API (a probe every few seconds would spend the account's
 * request budget and could not tell more than real traffic does): the token is configured, the API answered the
 * client's recent generations (DOWN after {@code failures-before-down} in a row failed on network errors, 5xx,
 * 401 or 403), and the storage is writable (a local directory is checked; a bucket is judged by its last write).
 */
public final class FluxSchnellHealthIndicator implements HealthIndicator {
    private final FluxSchnellClient client;
    private final ClientActivity activity;
    private final int failuresBeforeDown;
    private final ModelSchemaStatus schemas;

    /**
     * A health indicator for {@code client}, whose traffic {@code activity} observes.
     *
     * @param client the client whose health is reported
     * @param activity observes the client's traffic
     * @param failuresBeforeDown generations in a row failed because of the API after which the health is DOWN
     * @param schemas the models' schema check made at start (its reports are shown when it ran)
     */
    public FluxSchnellHealthIndicator(FluxSchnellClient client, ClientActivity activity, int failuresBeforeDown,
                                      ModelSchemaStatus schemas) {
        this.client = client;
        this.activity = activity;
        this.failuresBeforeDown = failuresBeforeDown;
        this.schemas = schemas;
    }

    @Override
    public Health health() {
        Health.Builder h = Health.up();
        boolean tokenConfigured = !client.options().apiToken().isBlank();
        h.withDetail("tokenConfigured", tokenConfigured);
        h.withDetail("baseUrl", client.options().baseUrl().toString());
        int failures = activity.apiFailuresInARow();
        h.withDetail("apiFailuresInARow", failures);
        activity.lastSuccess().ifPresent(t -> h.withDetail("lastSuccess", t.toString()));
        activity.lastApiError().ifPresent(e -> h.withDetail("lastApiError", e));
        ImageStorage storage = client.storage();
        h.withDetail("storage", storage.toString());
        boolean storageWritable = storageWritable(storage);
        h.withDetail("storageWritable", storageWritable);
        activity.lastStorageError().ifPresent(e -> h.withDetail("lastStorageError", e));
        schemas.reports().ifPresent(r -> h.withDetail("modelSchemas", r.stream().filter(x -> !x.compatible())
                .map(SchemaReport::toString).toList().isEmpty() ? "every model as this SDK expects"
                : r.stream().filter(x -> !x.compatible()).map(SchemaReport::toString).toList()));
        schemas.failure().ifPresent(e -> h.withDetail("modelSchemaCheckFailed", e));
        if (!tokenConfigured || failures >= failuresBeforeDown || !storageWritable) {
            h.down();
        }
        return h.build();
    }

    private boolean storageWritable(ImageStorage storage) {
        if (storage instanceof LocalFileStorage local) {
            Path dir = local.root();
            Path existing = dir.toAbsolutePath();
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent(); // created on first write: its nearest existing parent must be writable
            }
            return existing != null && Files.isDirectory(existing) && Files.isWritable(existing);
        }
        return activity.lastStorageError().isEmpty();
    }
}
