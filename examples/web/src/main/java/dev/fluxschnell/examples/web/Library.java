package dev.fluxschnell.examples.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fluxschnell.examples.web.GenerationController.Card;
import dev.fluxschnell.examples.web.UserStore.Kind;
import dev.fluxschnell.sdk.prompts.CatalogueRow;
import dev.fluxschnell.sdk.prompts.PromptFile;
import dev.fluxschnell.sdk.prompts.PromptFileException;
import dev.fluxschnell.sdk.redis.QueuedItem;
import dev.fluxschnell.sdk.request.InputField;
import dev.fluxschnell.sdk.request.InputImage;
import dev.fluxschnell.sdk.request.Model;
import dev.fluxschnell.sdk.request.ModelDescription;
import dev.fluxschnell.sdk.request.ModelRequest;
import dev.fluxschnell.sdk.request.ModelSchema;
import dev.fluxschnell.sdk.result.GeneratedImage;
import dev.fluxschnell.sdk.result.GenerationResult;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Each user's gallery, prompt history, favourites, share links and usage (issue #32), kept in the {@link UserStore}
 * so a restart keeps them. Every method is the given user's (a quota subject) and sees nothing of anyone else's; every
 * list is bounded ({@code web.limits.*}): the gallery and history drop their oldest, favourites and share links are
 * refused past their cap. Usage is counted here, from what the app ran, not from metrics.
 */
final class Library {
    /** The longest history search. */
    static final int MAX_SEARCH = 100;
    /** The ids the page may name (gallery images, history entries, favourites, shares). */
    private static final String ID = "[A-Za-z0-9_-]{1,100}";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A gallery image as stored: the card the page shows, where its file is, and the prompt-file row that asks for its
     * like again (empty when its request started from an image).
     */
    record GalleryImage(Card card, String location, Map<String, String> row) {}

    /**
     * One request a user made.
     *
     * @param id its id
     * @param at when it ended (ISO-8601)
     * @param prompt what it asked (a pipeline's steps after its prompt)
     * @param model the model's short name
     * @param settings what it set besides the prompt, as a card shows it
     * @param request the request again as wire names and SDK keys ({@code ModelRequest.fromInputs}), with the seed
     *     the model used; empty when it started from an image (not kept), so it cannot run again
     * @param seed the seed the model used, else the one asked for, else {@code random}
     * @param exact whether running it again makes the same pixels ({@code GenerationResult.reproducibleRequest()})
     * @param costUsd what it cost
     * @param millis how long it took, when known
     * @param outcome {@code succeeded}, {@code failed} or {@code canceled}
     * @param error why it failed
     * @param imageIds the gallery images it made
     */
    record HistoryEntry(String id, String at, String prompt, String model, Map<String, String> settings,
                        Map<String, String> request, String seed, boolean exact, String costUsd, Long millis,
                        String outcome, String error, List<String> imageIds) {}

    /** A starred result or prompt as stored: {@code location} is the starred image's file (it stays servable). */
    record Favourite(String id, String at, String prompt, String model, Map<String, String> row, String imageId,
                     String location) {
        /** {@return what the page sees} */
        FavouriteCard card() {
            return new FavouriteCard(id, at, prompt, model, row, imageId, imageId == null ? null : "/images/" + imageId,
                    !row.isEmpty());
        }
    }

    /** A favourite on the page: {@code row} (prompt-file keys) is what "Use" and "Add to batch" reuse. */
    record FavouriteCard(String id, String at, String prompt, String model, Map<String, String> row, String imageId,
                         String imageUrl, boolean reusable) {}

    /** A share link as stored: the image's file and format, and its prompt only when the owner chose to show it. */
    record Share(String id, String imageId, String location, String format, String prompt, String created,
                 String expires) {}

    /** A share link on the owner's page. */
    record ShareCard(String id, String imageId, String url, boolean showsPrompt, String created, String expires,
                     boolean expired) {}

    /** What a share link opens: the image's file and format, and the prompt when shared. */
    record Shared(Path file, String format, Optional<String> prompt) {}

    /** Requests, images, spend and failures of one day, style, aspect ratio or model (or in all: key ""). */
    record UsageRow(String key, long requests, long images, String spendUsd, long failures) {}

    /** A user's usage: in all, by day (newest first, the last {@code web.limits.usage-days}), style, ratio, model. */
    record Usage(UsageRow total, List<UsageRow> days, List<UsageRow> styles, List<UsageRow> aspectRatios,
                 List<UsageRow> models) {}

    private final UserStore store;
    private final WebSettings.Limits limits;
    private final ShareLinks links;
    private final Clock clock;
    private final Path storageRoot;
    private final Path storeDirectory;

    /**
     * A library over {@code store}; images are served only from under {@code storageRoot} (null: none, the storage is
     * not local) and never from under {@code storeDirectory} (null: no such directory).
     */
    Library(UserStore store, WebSettings.Limits limits, ShareLinks links, Clock clock, Path storageRoot,
            Path storeDirectory) {
        this.store = store;
        this.limits = limits;
        this.links = links;
        this.clock = clock;
        this.storageRoot = storageRoot;
        this.storeDirectory = storeDirectory;
    }

    // ---- gallery and history --------------------------------------------------------------------------------------

    /** Keeps a result: its images in the gallery, the request in the history, its usage counted; {@return its cards} */
    List<Card> remember(String user, GenerationResult r) {
        BigDecimal each = r.cached() ? BigDecimal.ZERO : perImage(r.cost(), r.images().size());
        Map<String, String> settings = shown(r.request());
        String model = (r.steps().isEmpty() ? r.model() : r.steps().get(r.steps().size() - 1).model()).toString();
        Map<String, String> row = row(r.request());
        List<Card> cards = new ArrayList<>();
        for (GeneratedImage image : r.images()) {
            String id = r.predictionId() + "-" + image.index();
            String seed = image.seed().isPresent() ? Long.toString(image.seed().getAsLong())
                    : r.seed().isPresent() ? Long.toString(r.seed().getAsLong()) : "random";
            Card card = new Card(id, r.request().summary(), model, settings, image.format().value(), seed,
                    text(each), "/images/" + id, "/images/" + id + "?download=true");
            keep(user, card, image.location(), row);
            cards.add(card);
        }
        Optional<ModelRequest> exact = r.reproducibleRequest(); // the SDK's way back: the request with the seed used
        Map<String, String> again = again(exact.orElse(r.request()), exact.isPresent() ? OptionalLong.empty()
                : r.seed());
        String seed = r.seed().isPresent() ? Long.toString(r.seed().getAsLong()) : requestedSeed(r.request());
        BigDecimal cost = r.cached() ? BigDecimal.ZERO : r.cost();
        record(user, new HistoryEntry(ShareLinks.newId(), now(), r.request().summary(), alias(r.model()), settings,
                again, seed, exact.isPresent(), text(cost), r.elapsed().toMillis(), "succeeded", null,
                cards.stream().map(Card::id).toList()), r.request(), cards.size(), cost);
        return cards;
    }

    /** Keeps a request that failed (or was canceled) in the history, and counts it. */
    void failed(String user, ModelRequest request, String outcome, String error) {
        record(user, new HistoryEntry(ShareLinks.newId(), now(), request.summary(), alias(request.model()),
                shown(request), again(request, OptionalLong.empty()), requestedSeed(request), false, "0", null,
                outcome, Problems.clean(error), List.of()), request, 0, BigDecimal.ZERO);
    }

    /**
     * Keeps a finished item of a queued batch ({@code request} null when another replica submitted it, with
     * {@code prompt} what is known): the same entry whichever replica follows it; {@return its gallery cards}
     */
    List<Card> rememberQueued(String user, String batchId, QueuedItem item, ModelRequest request, String prompt) {
        String entryId = "q" + HexFormat.of().formatHex(sha256(batchId + ":" + item.index()), 0, 12);
        String model = request == null ? "queued" : alias(request.model());
        Map<String, String> settings = request == null ? Map.of() : shown(request);
        Map<String, String> row = request == null ? Map.of() : row(request);
        List<Card> cards = new ArrayList<>();
        String outcome = item.outcome().name().toLowerCase(Locale.ROOT);
        if (item.outcome() == dev.fluxschnell.sdk.batch.BatchOutcome.SUCCEEDED) {
            BigDecimal each = perImage(item.cost(), item.images().size());
            for (int i = 0; i < item.images().size(); i++) {
                URI location = item.images().get(i);
                String cardId = (item.predictionIds().isEmpty() ? entryId : item.predictionIds()
                        .get(item.predictionIds().size() - 1)) + "-" + i;
                String path = location.getPath() == null ? "" : location.getPath();
                Card card = new Card(cardId, prompt, request == null ? "queued" : request.model().toString(),
                        settings, path.substring(path.lastIndexOf('.') + 1), requestedSeed(request), text(each),
                        "/images/" + cardId, "/images/" + cardId + "?download=true");
                keep(user, card, location, row);
                cards.add(card);
            }
        } else if (item.outcome() == dev.fluxschnell.sdk.batch.BatchOutcome.SKIPPED_QUOTA) {
            return cards;
        }
        BigDecimal cost = cards.isEmpty() ? BigDecimal.ZERO : item.cost();
        record(user, new HistoryEntry(entryId, now(), prompt, model, settings, request == null ? Map.of()
                : again(request, OptionalLong.empty()), requestedSeed(request), false, text(cost), null, outcome,
                item.error().map(Problems::clean).orElse(null), cards.stream().map(Card::id).toList()), request,
                cards.size(), cost);
        return cards;
    }

    private void keep(String user, Card card, URI location, Map<String, String> row) {
        store.put(user, Kind.GALLERY, card.id(), json(new GalleryImage(card, location.toString(), row)),
                limits.galleryPerUser());
    }

    /** Adds an entry to the history (the oldest beyond the cap leaves) and, when it is new, counts it. */
    private void record(String user, HistoryEntry e, ModelRequest request, int images, BigDecimal cost) {
        if (store.put(user, Kind.HISTORY, e.id(), json(e), limits.historyPerUser()).added()) {
            count(user, request, e.model(), images, cost, !"succeeded".equals(e.outcome()));
        }
    }

    /** {@return the user's gallery, newest first} */
    List<Card> gallery(String user) {
        return store.list(user, Kind.GALLERY).stream().map(v -> read(v, GalleryImage.class).card()).toList();
    }

    /** {@return one of the user's gallery images} */
    Optional<GalleryImage> galleryImage(String user, String id) {
        return valid(id) ? store.get(user, Kind.GALLERY, id).map(v -> read(v, GalleryImage.class)) : Optional.empty();
    }

    /**
     * {@return the file of one of the user's images — in the gallery, or starred — when it is a regular file under the
     * storage root (after resolving links) and not in the store's directory}
     */
    Optional<Path> imageFile(String user, String id) {
        Optional<String> location = galleryImage(user, id).map(GalleryImage::location)
                .or(() -> store.get(user, Kind.FAVOURITES, "img-" + id).map(v -> read(v, Favourite.class).location()));
        return location.flatMap(this::servable);
    }

    private Optional<Path> servable(String location) {
        try {
            URI uri = URI.create(location);
            if (storageRoot == null || !"file".equals(uri.getScheme())) {
                return Optional.empty();
            }
            Path real = Path.of(uri).toRealPath();
            boolean inStore = storeDirectory != null && Files.isDirectory(storeDirectory)
                    && real.startsWith(storeDirectory.toRealPath());
            return real.startsWith(storageRoot.toRealPath()) && !inStore && Files.isRegularFile(real)
                    ? Optional.of(real) : Optional.empty();
        } catch (IOException | IllegalArgumentException gone) {
            return Optional.empty();
        }
    }

    /** {@return the user's history, newest first; with {@code query}, the entries that contain it (any case)} */
    List<HistoryEntry> history(String user, String query) {
        String q = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        if (q.length() > MAX_SEARCH) {
            throw new IllegalArgumentException("a search is at most " + MAX_SEARCH + " characters");
        }
        return store.list(user, Kind.HISTORY).stream().map(v -> read(v, HistoryEntry.class))
                .filter(e -> q.isEmpty() || String.join("\n", e.prompt(), e.model(), e.outcome(), e.seed(),
                        String.join("\n", e.settings().values()), String.valueOf(e.error()))
                        .toLowerCase(Locale.ROOT).contains(q))
                .toList();
    }

    /**
     * {@return the request of one of the user's history entries, to run again: the same model, settings and seed,
     * through {@code ModelRequest.fromInputs}}
     */
    ModelRequest again(String user, String id) {
        HistoryEntry e = (valid(id) ? store.get(user, Kind.HISTORY, id) : Optional.<String>empty())
                .map(v -> read(v, HistoryEntry.class)).orElseThrow(() -> new Problems.NotFound("No such request."));
        if (e.request().isEmpty()) {
            throw new IllegalArgumentException("this request started from an image, which the history does not "
                    + "keep: edit the gallery image again");
        }
        return ModelRequest.fromInputs(Model.parse(e.model()), new LinkedHashMap<String, Object>(e.request()));
    }

    /** Deletes one of the user's history entries (its images stay in the gallery; its usage stays counted). */
    void deleteHistory(String user, String id) {
        if (!valid(id) || !store.remove(user, Kind.HISTORY, id)) {
            throw new Problems.NotFound("No such request.");
        }
    }

    // ---- favourites -----------------------------------------------------------------------------------------------

    /** {@return the user's favourites, newest first} */
    List<FavouriteCard> favourites(String user) {
        return store.list(user, Kind.FAVOURITES).stream().map(v -> read(v, Favourite.class).card()).toList();
    }

    /** Stars one of the user's gallery images (again: the same favourite); {@return the favourite} */
    FavouriteCard starImage(String user, String imageId) {
        GalleryImage g = galleryImage(user, imageId).orElseThrow(() -> new Problems.NotFound(
                "No such gallery image."));
        return star(user, new Favourite("img-" + imageId, now(), g.card().prompt(), g.row().getOrDefault("model",
                g.card().model()), g.row(), imageId, g.location()));
    }

    /**
     * Stars a prompt with its settings — prompt-file keys, checked as a prompt file's row (a 400 with the SDK's
     * message); the same prompt and settings again are the same favourite. {@return the favourite}
     */
    FavouriteCard starPrompt(String user, Map<String, String> row) {
        try {
            PromptFile.entries(List.of(new CatalogueRow("favourite", 1, row)), Map.of(), null);
        } catch (PromptFileException e) {
            throw new IllegalArgumentException(String.join("; ", e.problems().stream()
                    .map(p -> p.replaceFirst("^favourite:1: ", "")).toList()), e);
        }
        Map<String, String> sorted = new TreeMap<>(row);
        String id = "p-" + HexFormat.of().formatHex(sha256(sorted.toString()), 0, 12);
        String model = row.getOrDefault("model", "flux-schnell");
        return star(user, new Favourite(id, now(), row.getOrDefault("prompt", ""), model, row, null, null));
    }

    private FavouriteCard star(String user, Favourite f) {
        Optional<String> known = store.get(user, Kind.FAVOURITES, f.id());
        if (known.isPresent()) {
            return read(known.get(), Favourite.class).card();
        }
        if (store.list(user, Kind.FAVOURITES).size() >= limits.favouritesPerUser()) {
            throw new Problems.Conflict("At most " + limits.favouritesPerUser() + " favourites: remove one first.");
        }
        store.put(user, Kind.FAVOURITES, f.id(), json(f), limits.favouritesPerUser());
        return f.card();
    }

    /** Removes one of the user's favourites. */
    void unstar(String user, String id) {
        if (!valid(id) || !store.remove(user, Kind.FAVOURITES, id)) {
            throw new Problems.NotFound("No such favourite.");
        }
    }

    /** {@return the rows of the user's favourites with these ids, in this order, to run as a batch} */
    List<Map<String, String>> rows(String user, List<String> ids) {
        List<Map<String, String>> rows = new ArrayList<>();
        for (String id : ids) {
            Favourite f = (valid(id) ? store.get(user, Kind.FAVOURITES, id) : Optional.<String>empty())
                    .map(v -> read(v, Favourite.class)).orElseThrow(() -> new Problems.NotFound("No such favourite."));
            if (f.row().isEmpty()) {
                throw new IllegalArgumentException("a favourite made from an image cannot be a row: star its prompt");
            }
            rows.add(f.row());
        }
        return rows;
    }

    // ---- share links ----------------------------------------------------------------------------------------------

    /**
     * A share link for one of the user's gallery images, expiring after {@code web.share.ttl}, showing the prompt only
     * when {@code showPrompt}; past {@code web.limits.shares-per-user} links (expired ones are dropped first) a 409.
     */
    ShareCard share(String user, String imageId, boolean showPrompt) {
        GalleryImage g = galleryImage(user, imageId).orElseThrow(() -> new Problems.NotFound(
                "No such gallery image."));
        Instant now = clock.instant();
        List<Share> current = store.list(user, Kind.SHARES).stream().map(v -> read(v, Share.class)).toList();
        int live = current.size();
        for (Share s : current) {
            if (live >= limits.sharesPerUser() && !Instant.parse(s.expires()).isAfter(now)) {
                store.remove(user, Kind.SHARES, s.id());
                live--;
            }
        }
        if (live >= limits.sharesPerUser()) {
            throw new Problems.Conflict("At most " + limits.sharesPerUser() + " share links: revoke one first.");
        }
        Instant expires = now.plus(links.ttl()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Share s = new Share(ShareLinks.newId(), imageId, g.location(), g.card().outputFormat(),
                showPrompt ? g.card().prompt() : null, now.toString(), expires.toString());
        store.put(user, Kind.SHARES, s.id(), json(s), limits.sharesPerUser());
        return card(s, now);
    }

    /** {@return the user's share links, newest first} */
    List<ShareCard> shares(String user) {
        Instant now = clock.instant();
        return store.list(user, Kind.SHARES).stream().map(v -> card(read(v, Share.class), now)).toList();
    }

    private ShareCard card(Share s, Instant now) {
        Instant expires = Instant.parse(s.expires());
        return new ShareCard(s.id(), s.imageId(), "/s/" + links.token(s.id(), expires), s.prompt() != null,
                s.created(), s.expires(), !expires.isAfter(now));
    }

    /** Revokes one of the user's share links: it opens nothing from now on. */
    void revoke(String user, String id) {
        if (!valid(id) || !store.remove(user, Kind.SHARES, id)) {
            throw new Problems.NotFound("No such share link.");
        }
    }

    /**
     * What a share link opens, for anyone.
     *
     * @throws Problems.NotFound for a link that is not signed here, revoked, or whose image is gone
     * @throws Problems.Gone for a link past its expiry
     */
    Shared open(String token) {
        ShareLinks.Signed signed = links.verify(token).orElseThrow(() -> new Problems.NotFound("No such link."));
        if (!signed.expires().isAfter(clock.instant())) {
            throw new Problems.Gone("This link has expired.");
        }
        Share s = store.shareOwner(signed.id()).flatMap(owner -> store.get(owner, Kind.SHARES, signed.id()))
                .map(v -> read(v, Share.class)).filter(x -> Instant.parse(x.expires()).equals(signed.expires()))
                .orElseThrow(() -> new Problems.NotFound("No such link."));
        Path file = servable(s.location()).orElseThrow(() -> new Problems.NotFound("No such link."));
        return new Shared(file, s.format(), Optional.ofNullable(s.prompt()));
    }

    // ---- usage ----------------------------------------------------------------------------------------------------

    private static final List<String> DIMENSIONS = List.of("total", "day", "style", "aspect_ratio", "model");

    /** Counts a request: in all, on its day (UTC), its style, its aspect ratio and its model. */
    private void count(String user, ModelRequest request, String model, int images, BigDecimal cost,
                       boolean failed) {
        String day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toString();
        List<String> keys = List.of("", day, request == null ? "unknown" : request.settings().getOrDefault("style",
                "none"), request == null ? "unknown" : aspectRatio(request), model);
        Map<String, Long> increments = new LinkedHashMap<>();
        for (int i = 0; i < DIMENSIONS.size(); i++) {
            String counter = DIMENSIONS.get(i) + "|" + keys.get(i) + "|";
            increments.put(counter + "requests", 1L);
            increments.put(counter + "images", (long) images);
            increments.put(counter + "spend", cost.movePointRight(6).setScale(0, RoundingMode.HALF_UP).longValueExact());
            increments.put(counter + "failures", failed ? 1L : 0L);
        }
        if (store.count(user, increments).get("day|" + day + "|requests") == 1) { // a new day: forget the oldest
            LocalDate oldest = LocalDate.parse(day).minusDays(limits.usageDays() - 1L);
            store.removeCounters(user, store.counters(user).keySet().stream().filter(k -> k.startsWith("day|")
                    && LocalDate.parse(k.split("\\|")[1]).isBefore(oldest)).toList());
        }
    }

    /** {@return the user's usage, from the counters the app keeps} */
    Usage usage(String user) {
        Map<String, Map<String, long[]>> byDimension = new LinkedHashMap<>();
        DIMENSIONS.forEach(d -> byDimension.put(d, new TreeMap<>()));
        List<String> metrics = List.of("requests", "images", "spend", "failures");
        store.counters(user).forEach((name, value) -> {
            String[] parts = name.split("\\|", -1);
            Map<String, long[]> rows = byDimension.get(parts[0]);
            if (parts.length == 3 && rows != null && metrics.contains(parts[2])) {
                rows.computeIfAbsent(parts[1], k -> new long[4])[metrics.indexOf(parts[2])] += value;
            }
        });
        java.util.function.Function<String, List<UsageRow>> rows = d -> byDimension.get(d).entrySet().stream()
                .map(e -> new UsageRow(e.getKey(), e.getValue()[0], e.getValue()[1],
                        text(BigDecimal.valueOf(e.getValue()[2], 6)), e.getValue()[3]))
                .sorted(Comparator.comparingLong(UsageRow::requests).reversed()).toList();
        List<UsageRow> days = byDimension.get("day").entrySet().stream()
                .map(e -> new UsageRow(e.getKey(), e.getValue()[0], e.getValue()[1],
                        text(BigDecimal.valueOf(e.getValue()[2], 6)), e.getValue()[3]))
                .sorted(Comparator.comparing(UsageRow::key).reversed()).limit(limits.usageDays()).toList();
        UsageRow total = rows.apply("total").stream().findFirst().orElse(new UsageRow("", 0, 0, "0", 0));
        return new Usage(total, days, rows.apply("style"), rows.apply("aspect_ratio"), rows.apply("model"));
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    /** {@return the aspect ratio a request makes: its own, else its model's default, else "other"} */
    private static String aspectRatio(ModelRequest request) {
        Object set = request.inputs().get("aspect_ratio");
        if (set != null) {
            return set.toString();
        }
        return ModelDescription.of(request.model()).flatMap(d -> d.schema().field("aspect_ratio"))
                .flatMap(InputField::defaultValue).map(Object::toString).orElse("other");
    }

    /**
     * What a request set besides its prompt, for a card: the SDK's settings, then the model's inputs by wire name that
     * differ from the model's defaults (images, and the prompt, left out), as text.
     */
    static Map<String, String> shown(ModelRequest request) {
        Map<String, String> shown = new LinkedHashMap<>(request.settings());
        Optional<ModelSchema> schema = ModelDescription.of(request.model()).map(ModelDescription::schema);
        request.inputs().forEach((k, v) -> {
            boolean image = v instanceof InputImage || v instanceof List<?>;
            boolean byDefault = schema.flatMap(s -> s.field(k)).flatMap(InputField::defaultValue).map(d -> same(d, v))
                    .orElse(false);
            if (!image && !byDefault && !v.equals(request.prompt())) {
                shown.put(k, String.valueOf(v));
            }
        });
        return shown;
    }

    private static boolean same(Object a, Object b) {
        return a instanceof Number x && b instanceof Number y ? x.doubleValue() == y.doubleValue()
                : String.valueOf(a).equals(String.valueOf(b));
    }

    /** {@return a request as a prompt-file row — prompt, model, what it set — or empty when it started from an image} */
    static Map<String, String> row(ModelRequest request) {
        if (!request.inputImages().isEmpty()) {
            return Map.of();
        }
        Map<String, String> row = new LinkedHashMap<>();
        row.put("prompt", request.prompt());
        row.put("model", alias(request.model()));
        row.putAll(shown(request));
        return row;
    }

    /**
     * {@return a request as {@code ModelRequest.fromInputs} reads it back — its wire inputs and SDK settings as text —
     * with {@code seed} when given; empty when it started from an image}
     */
    private static Map<String, String> again(ModelRequest request, OptionalLong seed) {
        if (!request.inputImages().isEmpty()) {
            return Map.of();
        }
        Map<String, String> view = new LinkedHashMap<>(request.settings());
        request.inputs().forEach((k, v) -> view.put(k, String.valueOf(v)));
        seed.ifPresent(s -> view.put("seed", Long.toString(s)));
        return view;
    }

    private static String requestedSeed(ModelRequest request) {
        return request != null && request.seed().isPresent() ? Long.toString(request.seed().getAsLong()) : "random";
    }

    /** {@return a model's short name ({@code flux-schnell}), or owner/name for one the SDK does not describe} */
    static String alias(Model model) {
        return ModelDescription.of(model).map(ModelDescription::alias).orElse(model.toString());
    }

    /** A cost shared by the images it made (zero when none). */
    static BigDecimal perImage(BigDecimal cost, int images) {
        return images == 0 ? BigDecimal.ZERO : cost.divide(BigDecimal.valueOf(images), 4, RoundingMode.HALF_UP);
    }

    private static String text(BigDecimal usd) {
        return usd.signum() == 0 ? "0" : usd.stripTrailingZeros().toPlainString();
    }

    private String now() {
        return clock.instant().toString();
    }

    private static boolean valid(String id) {
        return id != null && id.matches(ID);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the store holds a value that is not a " + type.getSimpleName(), e);
        }
    }

    /** {@return how long a share link works} */
    Duration shareTtl() {
        return links.ttl();
    }
}
