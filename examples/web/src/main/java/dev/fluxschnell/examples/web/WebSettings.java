package dev.fluxschnell.examples.web;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The web app's own settings ({@code web.*}): sandbox, the users who may sign in, the request rate per user, the
 * bounds that keep one request (or one user) from exhausting the app, where each user's library is kept and how share
 * links are signed.
 *
 * @param sandbox whether the bundled emulator answers instead of Replicate (set by {@link WebApp} without a token;
 *     it sets {@code flux-schnell.sandbox})
 * @param users who may sign in, by name: {@code web.users.alice.password={bcrypt}...}, {@code web.users.alice.roles}
 * @param rateLimit state-changing API requests per user
 * @param limits sizes and counts
 * @param store where the users' galleries, history, favourites, share links and usage are kept
 * @param share how share links are signed, and how long they work
 */
@ConfigurationProperties("web")
record WebSettings(@DefaultValue("false") boolean sandbox, Map<String, User> users,
                   @DefaultValue RateLimit rateLimit, @DefaultValue Limits limits, @DefaultValue Store store,
                   @DefaultValue Share share) {
    /** Users default to none. */
    WebSettings {
        users = users == null ? Map.of() : Map.copyOf(users);
    }

    /**
     * A user from configuration.
     *
     * @param password the password with its encoding's id: {@code {bcrypt}$2y$10$...} ({@code {noop}} only for demos)
     * @param roles the roles ({@code ADMIN} may see the health endpoint's details); default {@code USER}
     */
    record User(String password, @DefaultValue("USER") List<String> roles) {}

    /**
     * A token bucket per signed-in user over state-changing API requests (POST and the like); per replica.
     *
     * @param perMinute requests refilled per minute
     * @param burst the most requests at once
     */
    record RateLimit(@DefaultValue("30") int perMinute, @DefaultValue("20") int burst) {}

    /**
     * Bounds checked before anything is read, parsed, expanded, decoded or sent, and of what is kept per user.
     *
     * @param jsonBody the largest JSON (or other non-multipart) request body
     * @param promptFile the largest prompt file or catalogue upload
     * @param imagePixels the most pixels of an image sent to a model (read from its header), and of an upscale's output
     * @param galleryPerUser gallery images kept per user, newest first (older ones leave the page, not the storage)
     * @param batchesPerUser batches whose progress is kept per user, newest first
     * @param trackedUsers users whose batches (and, in the embedded store, whose library) are kept in memory (the one
     *     idle longest is let go first)
     * @param streamsPerUser progress streams (server-sent events) open at once per user
     * @param historyPerUser requests kept in a user's history, newest first
     * @param favouritesPerUser favourites a user may have (then one must go before another comes)
     * @param sharesPerUser share links a user may have (expired ones are dropped first; then one must be revoked)
     * @param usageDays days a user's usage by day is kept
     */
    record Limits(@DefaultValue("64KB") DataSize jsonBody, @DefaultValue("1MB") DataSize promptFile,
                  @DefaultValue("25000000") long imagePixels, @DefaultValue("200") int galleryPerUser,
                  @DefaultValue("20") int batchesPerUser, @DefaultValue("1000") int trackedUsers,
                  @DefaultValue("10") int streamsPerUser, @DefaultValue("200") int historyPerUser,
                  @DefaultValue("100") int favouritesPerUser, @DefaultValue("50") int sharesPerUser,
                  @DefaultValue("90") int usageDays) {}

    /**
     * Where each user's library is kept: in Redis when {@code web.redis-url} is set, else in files.
     *
     * @param directory the embedded store's directory (default: {@code .web-store} in the local image storage's)
     * @param prefix the Redis key prefix
     */
    record Store(Path directory, @DefaultValue("flux-web") String prefix) {}

    /**
     * Share links: signed with an HMAC key, expiring.
     *
     * @param key base64 of at least 16 secret bytes, the same on every replica ({@code openssl rand -base64 32}); unset:
     *     drawn at start, so links stop working when the app stops
     * @param ttl how long a link works
     */
    record Share(String key, @DefaultValue("7d") Duration ttl) {}
}
