package dev.fluxschnell.sdk.testing;

import static dev.fluxschnell.sdk.testing.Http.json;
import static dev.fluxschnell.sdk.testing.Http.parseDuration;
import static dev.fluxschnell.sdk.testing.Http.parseWait;
import static dev.fluxschnell.sdk.testing.Http.problem;
import static dev.fluxschnell.sdk.testing.Http.send;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local emulator of what the SDK uses of the Replicate API, on 127.0.0.1, for every model the SDK calls
 * (flux-schnell; Kontext Pro and Dev, flux-dev, Fill Pro and Dev): create (with {@code Prefer: wait} and
 * {@code Cancel-After}; on an official model's path, on {@code /v1/predictions} by version, and on deployments' paths),
 * get, cancel, list, image downloads, {@code GET /v1/models/{owner}/{name}} (the latest version with its OpenAPI
 * schema), the Files API (upload, get, list, delete, expiry), and the webhook secret.
 *
 * <p>It answers as api.replicate.com does (see the official clients' recorded answers): a create with
 * {@code Prefer: wait} whose prediction finishes inside the window is answered {@code processing} with the images
 * inline as {@code data:} URLs ({@link Builder#urlOutputs()} for file URLs instead), one that does not is answered
 * {@code starting}; later GETs answer {@code succeeded} with file URLs. Every started prediction logs
 * {@code Using seed: N}, a random 16-bit seed when none or 0 was given, as flux-schnell's predictor does.
 *
 * <p>It validates input against each model's schema (Replicate-style 422 problems for a missing, unknown, wrong-typed
 * or out-of-range field), answers in each model's output shape (an array of URIs, or one URI), checks the bearer
 * token (401),
 * rate-limits creates (429 with {@code Retry-After}), and can inject faults: 500s on create, dropped connections,
 * failed predictions, slow and truncated downloads. Outputs are real WebP/JPEG/PNG placeholders of the exact pixel
 * size the model would answer, labelled as placeholders; an edit's is its source image (read from the {@code data:}
 * URI, the uploaded file or this server's output) tinted and labelled with the model and the prompt.
 * {@link #stats()} counts everything.
 *
 * <p>It keeps a client's idle keep-alive connections open. The JDK's {@code HttpServer} it runs on closes a
 * connection right after its answer, without {@code Connection: close}, once 200 others are idle
 * ({@code sun.net.httpserver.maxIdleConnections}); a client with more connections than that (256 in bench/) then
 * loses the next request it sends on one, which api.replicate.com does not do. So loading this class raises that
 * limit to 4,096 unless the property is already set. The JDK reads it once per JVM, when its first
 * {@code HttpServer} starts: a JVM that started one before it loaded this class keeps 200.
 *
 * <p>Its parts: routing, create and downloads here; {@link FakePrediction} (a prediction's lifecycle),
 * {@link EmulatedModel} (the models), {@link InputSchema} (422s and published schemas), {@link FileStore} (the
 * Files API), {@link EditPlaceholders} (edited images), {@link Faults} (randomness and injected faults), {@link Http} (answers and headers),
 * {@link PlaceholderImages}/{@link ImagePadding} (the images). Over 400 lines because of its {@link Builder}: one
 * documented option per emulated behaviour (about 200 lines).
 *
 * <pre>{@code
 * try (FakeReplicateServer server = FakeReplicateServer.builder().latency(Duration.ofMillis(200)).start();
 *      FluxSchnellClient client = server.clientBuilder().storage(LocalFileStorage.of(dir)).build()) {
 *     client.generate(ImageRequest.of("a red bicycle"));
 * }
 * }</pre>
 */
public final class FakeReplicateServer implements AutoCloseable {
    /** How many idle connections the JDK's HttpServer keeps open in a JVM that runs this emulator (see above). */
    static final int MAX_IDLE_CONNECTIONS = 4096;

    static {
        if (System.getProperty("sun.net.httpserver.maxIdleConnections") == null) {
            System.setProperty("sun.net.httpserver.maxIdleConnections", Integer.toString(MAX_IDLE_CONNECTIONS));
        }
    }

    /** The create path the server serves. */
    public static final String CREATE_PATH = "/v1/models/black-forest-labs/flux-schnell/predictions";
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PREDICTION = Pattern.compile("^/v1/predictions/([a-z0-9]+)(/cancel)?$");
    private static final Pattern DEPLOYMENT = Pattern.compile("^/v1/deployments/([^/]+/[^/]+)/predictions$");
    private static final Pattern MODEL = Pattern.compile("^/v1/models/([^/]+/[^/]+?)(/predictions)?$");
    private static final Pattern VERSION = Pattern.compile("^/v1/models/([^/]+/[^/]+)/versions/([0-9a-f]+)$");
    /** The verbatim 429 detail Replicate sends accounts with less than $5 of credit ({@code %d}: seconds). */
    static final String LOW_CREDIT_DETAIL = "Request was throttled. Your rate limit for creating predictions is reduced "
            + "to 6 requests per minute with a burst of 1 requests while you have less than $5.0 in credit. Your rate "
            + "limit resets in ~%ds.";
    private static final Pattern FILE = Pattern.compile("^/files/([a-z0-9]+)-(\\d+)\\.(webp|jpg|png)$");

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm and delayed ACKs
        // add ~40 ms to many responses. Read once when the JDK server first loads, so set it before any server exists.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    final Builder config;
    private final HttpServer http;
    private final ExecutorService handlers;
    final ScheduledExecutorService timers;
    final Faults faults;
    private final Map<String, FakePrediction> predictions = new ConcurrentHashMap<>();
    /** The models served, by {@code owner/name}: the recorded schemas, or the ones the builder gave instead. */
    private final Map<String, EmulatedModel> models;
    final Map<String, byte[]> imageCache = new ConcurrentHashMap<>();
    final FileStore files = new FileStore(this);
    private final String webhookSecret;
    final AtomicInteger running = new AtomicInteger();
    final AtomicLong maxInFlight = new AtomicLong();
    private final AtomicLong createRequests = new AtomicLong();
    private final AtomicLong deploymentCreates = new AtomicLong();
    private final AtomicLong lists = new AtomicLong();
    private final AtomicLong modelReads = new AtomicLong();
    private final AtomicLong unauthorized = new AtomicLong();
    private final AtomicLong invalid = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    private final AtomicLong injectedErrors = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong polls = new AtomicLong();
    private final AtomicLong cancels = new AtomicLong();
    private final AtomicLong downloads = new AtomicLong();
    private final AtomicLong truncated = new AtomicLong();
    final AtomicLong succeeded = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong canceled = new AtomicLong();
    private final AtomicLong webhooks = new AtomicLong();
    private java.net.http.HttpClient webhookClient; // made at the first webhook: building one sets up TLS
    private double tokens;
    private long lastRefill = System.nanoTime();

    private synchronized java.net.http.HttpClient webhookClient() {
        if (webhookClient == null) {
            webhookClient = java.net.http.HttpClient.newBuilder().followRedirects(
                    java.net.http.HttpClient.Redirect.NEVER).build();
        }
        return webhookClient;
    }

    private FakeReplicateServer(Builder config) throws IOException {
        this.config = config;
        Map<String, EmulatedModel> served = new java.util.LinkedHashMap<>(EmulatedModel.ALL);
        config.schemas.forEach((id, schema) -> served.put(id, EmulatedModel.of(dev.fluxschnell.sdk.request
                .ModelDescription.of(dev.fluxschnell.sdk.request.Model.of(id)).orElseThrow(), schema, true)));
        this.models = Map.copyOf(served);
        this.faults = new Faults(config);
        this.tokens = config.burst;
        byte[] secret = new byte[24];
        faults.nextBytes(secret);
        this.webhookSecret = "whsec_" + Base64.getEncoder().encodeToString(secret);
        this.handlers = Executors.newCachedThreadPool(daemon("fake-replicate-http"));
        this.timers = Executors.newScheduledThreadPool(2, daemon("fake-replicate-timer"));
        this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port), 512);
        this.http.setExecutor(handlers);
        this.http.createContext("/", this::handle);
        this.http.start();
    }

    /** {@return a new builder (no latency, no faults, token {@code r8_fake_token})} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a server with default settings.
     *
     * @return the running server
     */
    public static FakeReplicateServer start() {
        return builder().start();
    }

    /** {@return the base URL to give the client, e.g. {@code http://127.0.0.1:41234}} */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** {@return the port the server listens on} */
    public int port() {
        return http.getAddress().getPort();
    }

    /**
     * {@return a client builder wired to this emulator: its base URL and token, and downloads allowed from 127.0.0.1
     * (plain http, loopback only)} Add storage and settings, then {@code build()}.
     */
    public dev.fluxschnell.sdk.FluxSchnellClient.Builder clientBuilder() {
        return dev.fluxschnell.sdk.FluxSchnellClient.builder().apiToken(config.token != null ? config.token
                : "r8_any_token").baseUrl(baseUrl()).downloadHosts(List.of("127.0.0.1"));
    }

    /** The pool models "run" on: inputs read and outputs rendered while a prediction runs. */
    java.util.concurrent.Executor renderers() {
        return handlers;
    }

    /** {@return the token the server accepts} */
    public String token() {
        return config.token;
    }

    /** {@return the webhook signing secret ({@code whsec_...}) served at {@code /v1/webhooks/default/secret}} */
    public String webhookSecret() {
        return webhookSecret;
    }

    /** {@return a snapshot of the counters} */
    public ServerStats stats() {
        long pending = predictions.values().stream().filter(p -> !p.terminal()).count();
        return new ServerStats(createRequests.get(), predictions.size(), unauthorized.get(), invalid.get(),
                throttled.get(), injectedErrors.get(), dropped.get(), polls.get(), cancels.get(), downloads.get(),
                truncated.get(), succeeded.get(), failed.get(), canceled.get(), pending, maxInFlight.get(),
                webhooks.get(), lists.get(), deploymentCreates.get(), files.uploads.get(), modelReads.get());
    }

    /** {@return the inputs of every prediction created, in no particular order (to detect duplicates)} */
    public List<JsonNode> createdInputs() {
        List<JsonNode> inputs = new ArrayList<>();
        predictions.values().forEach(p -> inputs.add(p.input));
        return inputs;
    }

    /**
     * {@return the inputs of the predictions created for one model, oldest first}
     *
     * @param ownerAndName the model, e.g. {@code black-forest-labs/flux-kontext-pro}
     */
    public List<JsonNode> createdInputs(String ownerAndName) {
        return predictions.values().stream().filter(p -> p.model.id().equals(ownerAndName))
                .sorted(java.util.Comparator.comparing((FakePrediction p) -> p.createdAt))
                .map(p -> (JsonNode) p.input).toList();
    }

    /**
     * {@return the version id {@code GET /v1/models/{owner}/{name}} answers as the latest, which a create on
     * {@code /v1/predictions} names}
     *
     * @param ownerAndName the model, e.g. {@code black-forest-labs/flux-dev}
     * @throws IllegalArgumentException for a model the emulator does not serve
     */
    public String latestVersion(String ownerAndName) {
        EmulatedModel m = models.get(ownerAndName);
        if (m == null) {
            throw new IllegalArgumentException("the emulator does not serve " + ownerAndName);
        }
        return m.version();
    }

    /**
     * {@return the {@code openapi_schema} the SDK recorded for a model (what the emulator serves unless told
     * otherwise), as JSON: a starting point for a drifted schema ({@link Builder#schema})}
     *
     * @param ownerAndName the model, e.g. {@code black-forest-labs/flux-2-pro}
     * @throws IllegalArgumentException for a model the emulator does not serve
     */
    public static String recordedSchema(String ownerAndName) {
        EmulatedModel m = EmulatedModel.ALL.get(ownerAndName);
        if (m == null) {
            throw new IllegalArgumentException("the emulator does not serve " + ownerAndName);
        }
        return m.openApi().toString();
    }

    /**
     * {@return the model's recorded {@code openapi_schema} with one input removed, as official models' schemas change
     * under their callers (flux-2-pro dropped {@code prompt_upsampling}): its {@code safety_tolerance}, else its
     * {@code output_quality}, else its {@code seed}} Serve it with {@link Builder#schema} to see how an application —
     * and the SDK's {@code client.models().check()} — handles drift.
     *
     * @param ownerAndName the model, e.g. {@code black-forest-labs/flux-2-pro}
     * @throws IllegalArgumentException for a model the emulator does not serve
     */
    public static String driftedSchema(String ownerAndName) {
        ObjectNode schema = (ObjectNode) JSON.valueToTree(readTree(recordedSchema(ownerAndName)));
        ObjectNode input = (ObjectNode) schema.path("components").path("schemas").path("Input");
        ObjectNode props = (ObjectNode) input.path("properties");
        for (String field : List.of("safety_tolerance", "output_quality", "seed")) {
            if (props.has(field)) {
                props.remove(field);
                break;
            }
        }
        return schema.toString();
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops the server at once. */
    @Override
    public void close() {
        http.stop(0);
        handlers.shutdownNow();
        timers.shutdownNow();
    }

    // ---------------------------------------------------------------------------------------------------- routing

    private void handle(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            Matcher file = FILE.matcher(path);
            if (method.equals("GET") && file.matches()) {
                download(ex, file.group(1), Integer.parseInt(file.group(2)));
                return;
            }
            if (!authorized(ex)) {
                return;
            }
            Matcher pred = PREDICTION.matcher(path);
            Matcher deployment = DEPLOYMENT.matcher(path);
            Matcher model = MODEL.matcher(path);
            Matcher version = VERSION.matcher(path);
            if (method.equals("POST") && deployment.matches()) {
                if (config.deployments.containsKey(deployment.group(1))) {
                    create(ex, models.get(config.deployments.get(deployment.group(1))), deployment.group(1));
                } else {
                    problem(ex, 404, "Not found", "Deployment " + deployment.group(1) + " does not exist", null);
                }
            } else if (method.equals("GET") && version.matches()) {
                modelReads.incrementAndGet();
                EmulatedModel m = models.get(version.group(1));
                if (m == null || !m.version().equals(version.group(2))) {
                    send(ex, 404, JSON.createObjectNode().put("detail", "The requested resource could not be found.")
                            .put("status", 404), "application/problem+json");
                } else {
                    json(ex, 200, versionJson(m));
                }
            } else if (model.matches()) {
                model(ex, method, models.get(model.group(1)), model.group(2) != null);
            } else if (method.equals("POST") && path.equals("/v1/predictions")) {
                createByVersion(ex);
            } else if (path.equals("/v1/files") || path.startsWith("/v1/files/")) {
                files.handle(ex, method, path);
            } else if (method.equals("GET") && pred.matches() && pred.group(2) == null) {
                polls.incrementAndGet();
                if (drop(ex)) {
                    return;
                }
                FakePrediction p = predictions.get(pred.group(1));
                if (p == null) {
                    problem(ex, 404, "Not found", "No prediction with that id", null);
                } else {
                    json(ex, 200, p.toJson());
                }
            } else if (method.equals("POST") && pred.matches() && pred.group(2) != null) {
                cancels.incrementAndGet();
                FakePrediction p = predictions.get(pred.group(1));
                if (p == null) {
                    problem(ex, 404, "Not found", "No prediction with that id", null);
                } else {
                    p.cancel();
                    json(ex, 200, p.toJson());
                }
            } else if (method.equals("GET") && path.equals("/v1/predictions")) {
                lists.incrementAndGet();
                json(ex, 200, list());
            } else if (method.equals("GET") && path.equals("/v1/webhooks/default/secret")) {
                ObjectNode n = JSON.createObjectNode().put("key", webhookSecret);
                json(ex, 200, n);
            } else {
                problem(ex, 404, "Not found", "No route for " + method + " " + path, null);
            }
        } catch (Faults.DroppedConnection e) {
            throw e; // the JDK server closes the connection of a handler that throws, without an answer
        } catch (RuntimeException e) {
            problem(ex, 500, "Internal Server Error", "emulator bug: " + e, null);
        }
        ex.close();
    }

    private boolean authorized(HttpExchange ex) throws IOException {
        if (config.token == null) {
            return true;
        }
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth != null && auth.equals("Bearer " + config.token)) {
            return true;
        }
        unauthorized.incrementAndGet();
        problem(ex, 401, "Unauthenticated", "You did not pass a valid authentication token", null);
        return false;
    }

    // ---------------------------------------------------------------------------------------------------- create

    /** {@code /v1/models/{owner}/{name}}: the model with its latest version; {@code .../predictions}: a create. */
    private void model(HttpExchange ex, String method, EmulatedModel model, boolean predictions) throws IOException {
        if (model == null || predictions && !model.official()) {
            // verbatim: what Replicate answers for an unknown model, or a community model on the official path
            ObjectNode n = JSON.createObjectNode().put("detail", "The requested resource could not be found.")
                    .put("status", 404);
            send(ex, 404, n, "application/problem+json");
        } else if (predictions && method.equals("POST")) {
            create(ex, model, null);
        } else if (!predictions && method.equals("GET")) {
            modelReads.incrementAndGet();
            json(ex, 200, modelJson(model));
        } else {
            problem(ex, 405, "Method not allowed", method + " " + ex.getRequestURI().getPath(), null);
        }
    }

    /** {@code POST /v1/predictions}: a create by {@code version} (a bare id, or {@code owner/name:id}). */
    private void createByVersion(HttpExchange ex) throws IOException {
        byte[] body = createBody(ex);
        if (body == null) {
            return;
        }
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (IOException e) {
            problem(ex, 400, "Bad Request", "Body is not JSON", null);
            return;
        }
        String version = request.path("version").asText("");
        EmulatedModel model = version.isEmpty() ? null : EmulatedModel.byVersion(version, models);
        if (model == null) {
            createRequests.incrementAndGet();
            invalid.incrementAndGet();
            ObjectNode n = JSON.createObjectNode().put("detail", "Invalid version or not permitted").put("status", 422)
                    .put("title", "Invalid version or not permitted");
            send(ex, 422, n, "application/problem+json");
            return;
        }
        create(ex, model, null, body, request);
    }

    private ObjectNode modelJson(EmulatedModel model) {
        ObjectNode n = JSON.createObjectNode();
        n.put("url", "https://replicate.com/" + model.id());
        n.put("owner", model.owner());
        n.put("name", model.name());
        n.put("description", "Emulated " + model.id() + " (" + model.kind().name().toLowerCase() + ")");
        n.put("visibility", "public");
        n.putNull("github_url");
        n.putNull("paper_url");
        n.putNull("license_url");
        n.put("run_count", predictions.values().stream().filter(p -> p.model == model).count());
        n.putNull("cover_image_url");
        n.putNull("default_example");
        n.put("is_official", model.official());
        n.set("latest_version", versionJson(model));
        return n;
    }

    /** A model version as {@code GET /v1/models/{owner}/{name}/versions/{id}} answers it. */
    private static ObjectNode versionJson(EmulatedModel model) {
        ObjectNode v = JSON.createObjectNode();
        v.put("id", model.version());
        v.put("created_at", "2025-07-31T00:00:00.000000Z");
        v.put("cog_version", "0.16.1");
        v.set("openapi_schema", model.openApi());
        return v;
    }

    /**
     * {@return the bytes a model would download for an input URI: a {@code data:} URI's, or a file or output of this
     * server; null for a URL elsewhere (the emulator does not reach out)}
     *
     * @throws IllegalArgumentException when it names a file of this server that expired or was deleted
     */
    byte[] inputBytes(String uri) {
        if (uri.startsWith("data:")) {
            int comma = uri.indexOf(',');
            if (comma < 0 || !uri.substring(0, comma).endsWith(";base64")) {
                throw new IllegalArgumentException("not a base64 data URI");
            }
            return Base64.getDecoder().decode(uri.substring(comma + 1));
        }
        if (files.isFileUrl(uri)) {
            FileStore.StoredFile f = files.get(files.idOf(uri));
            if (f == null) {
                throw new IllegalArgumentException("404 Not Found for " + uri + " (the file expired or was deleted)");
            }
            return f.bytes();
        }
        String base = baseUrl().toString();
        Matcher out = FILE.matcher(uri.startsWith(base) ? uri.substring(base.length()) : "");
        if (out.matches()) {
            int index = Integer.parseInt(out.group(2));
            FakePrediction p = output(out.group(1), index);
            if (p == null) {
                throw new IllegalArgumentException("404 Not Found for " + uri);
            }
            return p.image(index);
        }
        return null;
    }

    /**
     * {@return why a model refuses an input image's format, as its own API does (a prediction that fails), or null}
     * Bria's API answers 415 to anything but JPEG and PNG (docs.bria.ai, background-remove v2); Recraft's crisp upscale
     * takes PNG, JPEG and WebP.
     */
    String refusedFormat(EmulatedModel model, byte[] bytes) {
        if (bytes == null || bytes.length < 12) {
            return null;
        }
        boolean webp = bytes[0] == 'R' && bytes[1] == 'I' && bytes[2] == 'F' && bytes[3] == 'F' && bytes[8] == 'W'
                && bytes[9] == 'E' && bytes[10] == 'B' && bytes[11] == 'P';
        boolean gif = bytes[0] == 'G' && bytes[1] == 'I' && bytes[2] == 'F';
        if (model.id().equals("bria/remove-background") && (webp || gif)) {
            return "Bria API error 415: Unsupported Media Type. Only JPEG and PNG files are supported.";
        }
        if (model.id().equals("recraft-ai/recraft-crisp-upscale") && gif) {
            return "Recraft API error: the image must be PNG, JPG or WEBP";
        }
        return null;
    }

    private void create(HttpExchange ex, EmulatedModel model, String deployment) throws IOException {
        byte[] body = createBody(ex);
        if (body != null) {
            create(ex, model, deployment, body, null);
        }
    }

    /** The most bytes a create body may have: larger inputs belong in the Files API. */
    static final int MAX_CREATE_BODY = 32 << 20;

    /** A create's body, or null after answering 413 to one over {@link #MAX_CREATE_BODY} (never read whole). */
    private static byte[] createBody(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readNBytes(MAX_CREATE_BODY + 1);
        if (body.length > MAX_CREATE_BODY) {
            problem(ex, 413, "Payload Too Large", "the request body is over " + (MAX_CREATE_BODY >> 20) + " MiB: "
                    + "upload large inputs with the Files API", null);
            return null;
        }
        return body;
    }

    /** A create: {@code parsed} is the body already read as JSON (a create by version), else null. */
    private void create(HttpExchange ex, EmulatedModel model, String deployment, byte[] body, JsonNode parsed)
            throws IOException {
        createRequests.incrementAndGet();
        if (deployment != null) {
            deploymentCreates.incrementAndGet();
        }
        long retryAfter = takeToken();
        if (retryAfter > 0) {
            throttled.incrementAndGet();
            if (config.lowCredit) {
                // verbatim shape of Replicate's answer: no title, no Retry-After header, a retry_after field
                ObjectNode n = JSON.createObjectNode().put("detail", String.format(LOW_CREDIT_DETAIL, retryAfter))
                        .put("status", 429).put("retry_after", retryAfter);
                send(ex, 429, n, "application/problem+json");
                return;
            }
            ex.getResponseHeaders().set("Retry-After", Long.toString(retryAfter));
            problem(ex, 429, "Too Many Requests",
                    "Request was throttled. Your rate limit resets in ~" + retryAfter + "s.", null);
            return;
        }
        if (faults.chance(config.createErrorRate)) {
            injectedErrors.incrementAndGet();
            problem(ex, 500, "Internal Server Error", "injected fault: the prediction was not created", null);
            return;
        }
        boolean dropIt = faults.chance(config.dropConnectionRate);
        boolean dropAfterCreate = dropIt && faults.chance(0.5);
        if (dropIt && !dropAfterCreate) {
            dropped.incrementAndGet();
            throw new Faults.DroppedConnection();
        }
        JsonNode input;
        JsonNode request;
        try {
            request = parsed != null ? parsed : JSON.readTree(body);
            input = request.path("input");
        } catch (IOException e) {
            problem(ex, 400, "Bad Request", "Body is not JSON", null);
            return;
        }
        ArrayNode invalidFields = InputSchema.validate(model, input);
        if (!invalidFields.isEmpty()) {
            invalid.incrementAndGet();
            StringBuilder detail = new StringBuilder();
            invalidFields.forEach(f -> detail.append("- ").append(f.path("field").asText()).append(": ")
                    .append(f.path("description").asText()).append('\n'));
            problem(ex, 422, "Input validation failed", detail.toString().strip(), invalidFields);
            return;
        }
        FakePrediction p = new FakePrediction(this, faults.newId(), model, (ObjectNode) input, deployment);
        if (request.hasNonNull("webhook")) {
            p.webhook = URI.create(request.get("webhook").asText());
            request.path("webhook_events_filter").forEach(f -> p.webhookEvents.add(f.asText()));
        }
        predictions.put(p.id, p);
        p.schedule(parseDuration(ex.getRequestHeaders().getFirst("Cancel-After")));
        if (dropAfterCreate) {
            // the dangerous case: the prediction exists (and will be billed) but the client never hears of it
            dropped.incrementAndGet();
            throw new Faults.DroppedConnection();
        }
        int wait = parseWait(ex.getRequestHeaders().getFirst("Prefer"));
        if (wait > 0) {
            try {
                p.done.get(wait, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                // answered below as "starting": the client polls
            } catch (Exception e) {
                Thread.currentThread().interrupt();
            }
            json(ex, 201, p.toSyncJson());
            return;
        }
        json(ex, 201, p.toJson());
    }

    private synchronized long takeToken() {
        if (config.perMinute <= 0) {
            return 0;
        }
        long now = System.nanoTime();
        double rate = config.perMinute / 60.0;
        tokens = Math.min(config.burst, tokens + (now - lastRefill) / 1e9 * rate);
        lastRefill = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) / rate));
    }

    /**
     * Posts a prediction to its webhook, signed like Replicate (webhook-id, webhook-timestamp, webhook-signature over
     * {@code id.timestamp.body} with HMAC-SHA256 of the secret); retried up to 3 times on failure.
     */
    void deliver(URI url, ObjectNode prediction, int attempt) {
        try {
            byte[] body = JSON.writeValueAsBytes(prediction);
            String id = "msg_" + faults.newId();
            String timestamp = Long.toString(Instant.now().getEpochSecond());
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(Base64.getDecoder().decode(
                    webhookSecret.substring("whsec_".length())), "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String signature = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
            java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(url)
                    .header("Content-Type", "application/json").header("webhook-id", id)
                    .header("webhook-timestamp", timestamp).header("webhook-signature", signature)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build();
            webhookClient().sendAsync(request, java.net.http.HttpResponse.BodyHandlers.discarding())
                    .whenComplete((r, e) -> {
                        if (e == null && r.statusCode() / 100 == 2) {
                            webhooks.incrementAndGet();
                        } else if (attempt < 3 && !timers.isShutdown()) {
                            timers.schedule(() -> deliver(url, prediction, attempt + 1), 200, TimeUnit.MILLISECONDS);
                        }
                    });
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign webhook", e);
        }
    }

    /** {@code GET /v1/predictions}: the newest 100 predictions, newest first, like Replicate's first page. */
    private ObjectNode list() {
        ObjectNode page = JSON.createObjectNode();
        page.putNull("next");
        page.putNull("previous");
        ArrayNode results = page.putArray("results");
        predictions.values().stream()
                .sorted((a, b) -> b.createdAt.compareTo(a.createdAt))
                .limit(100)
                .forEach(p -> results.add(p.toJson()));
        return page;
    }

    // ---------------------------------------------------------------------------------------------------- download

    /** The prediction whose output {@code index} can be served, or null (no such prediction, not succeeded, no such output). */
    private FakePrediction output(String id, int index) {
        FakePrediction p = predictions.get(id);
        return p == null || p.status != FakePrediction.Status.SUCCEEDED || index >= p.outputs ? null : p;
    }

    private void download(HttpExchange ex, String id, int index) throws IOException {
        downloads.incrementAndGet();
        FakePrediction p = output(id, index);
        if (p == null) {
            problem(ex, 404, "Not found", "No such file", null);
            return;
        }
        if (drop(ex)) {
            return;
        }
        byte[] bytes = p.image(index);
        ex.getResponseHeaders().set("Content-Type", PlaceholderImages.mimeType(p.format));
        ex.sendResponseHeaders(200, bytes.length);
        OutputStream out = ex.getResponseBody();
        if (faults.chance(config.truncatedDownloadRate)) {
            truncated.incrementAndGet();
            out.write(bytes, 0, bytes.length / 2);
            out.flush();
            throw new Faults.DroppedConnection();
        }
        if (faults.chance(config.slowDownloadRate)) {
            int chunk = Math.max(1, bytes.length / 10);
            for (int off = 0; off < bytes.length; off += chunk) {
                out.write(bytes, off, Math.min(chunk, bytes.length - off));
                out.flush();
                sleep(config.slowDownloadPause);
            }
        } else {
            out.write(bytes);
        }
        out.close();
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    private boolean drop(HttpExchange ex) {
        if (faults.chance(config.dropConnectionRate)) {
            dropped.incrementAndGet();
            throw new Faults.DroppedConnection();
        }
        return false;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Configures and starts a {@link FakeReplicateServer}. */
    public static final class Builder {
        String token = "r8_fake_token";
        int port;
        Duration latency = Duration.ZERO;
        Duration jitter = Duration.ZERO;
        int perMinute;
        int burst = 10;
        double createErrorRate;
        double dropConnectionRate;
        double failedPredictionRate;
        double slowDownloadRate;
        Duration slowDownloadPause = Duration.ofMillis(20);
        double truncatedDownloadRate;
        boolean labelImages = true;
        long imagePadding;
        Long seed;
        String failMarker;
        final Set<Long> failSeeds = ConcurrentHashMap.newKeySet();
        boolean urlOutputs;
        boolean lowCredit;
        final Map<String, String> deployments = new ConcurrentHashMap<>();
        final Map<String, ObjectNode> schemas = new ConcurrentHashMap<>();
        Duration fileLifetime = Duration.ofHours(24);
        final Map<String, Duration> modelLatency = new ConcurrentHashMap<>();

        private Builder() {}

        /**
         * How long predictions of one model run (default: {@link #latency(Duration)}), e.g. for a pipeline whose steps
         * take different times.
         *
         * @param ownerAndName the model, e.g. {@code bria/remove-background}
         * @param latency how long its predictions run
         * @return this builder
         * @throws IllegalArgumentException for a model the emulator does not serve
         */
        public Builder latency(String ownerAndName, Duration latency) {
            if (!EmulatedModel.ALL.containsKey(ownerAndName)) {
                throw new IllegalArgumentException("the emulator does not serve " + ownerAndName);
            }
            this.modelLatency.put(ownerAndName, latency);
            return this;
        }

        /**
         * How long an uploaded file lives before it expires and is gone (default 24 hours, as on Replicate).
         *
         * @param lifetime how long uploads live
         * @return this builder
         */
        public Builder fileLifetime(Duration lifetime) {
            this.fileLifetime = lifetime;
            return this;
        }

        /**
         * Sync answers carry https-style file URLs (served by this emulator) instead of inline {@code data:} URLs, as
         * the real API does for some models and for later GETs; the client then downloads each image.
         *
         * @return this builder
         */
        public Builder urlOutputs() {
            this.urlOutputs = true;
            return this;
        }

        /**
         * Throttles creates like a Replicate account with less than $5 of credit: 6 per minute with a burst of 1,
         * answered with Replicate's verbatim 429 body (no title, no {@code Retry-After} header, a {@code retry_after}
         * field, the limit stated in the detail).
         *
         * @return this builder
         */
        public Builder lowCreditAccount() {
            this.lowCredit = true;
            this.perMinute = 6;
            this.burst = 1;
            return this;
        }

        /**
         * Serves {@code POST /v1/deployments/{owner}/{name}/predictions} for this deployment ("owner/name"), running
         * flux-schnell.
         *
         * @param ownerAndName the deployment, {@code "owner/name"}
         * @return this builder
         */
        public Builder deployment(String ownerAndName) {
            return deployment(ownerAndName, "black-forest-labs/flux-schnell");
        }

        /**
         * Serves {@code POST /v1/deployments/{owner}/{name}/predictions} for this deployment ("owner/name"), running
         * {@code model}.
         *
         * @param ownerAndName the deployment, {@code "owner/name"}
         * @param model the model it runs, e.g. {@code black-forest-labs/flux-dev}
         * @return this builder
         * @throws IllegalArgumentException for a model the emulator does not serve
         */
        public Builder deployment(String ownerAndName, String model) {
            if (!EmulatedModel.ALL.containsKey(model)) {
                throw new IllegalArgumentException("the emulator does not serve " + model);
            }
            this.deployments.put(ownerAndName, model);
            return this;
        }

        /**
         * Serves and validates against {@code openApiSchema} for {@code ownerAndName} instead of the schema the SDK
         * recorded — e.g. {@link FakeReplicateServer#driftedSchema}, to test how an application handles a
         * model whose schema changed under it.
         *
         * @param ownerAndName the model, e.g. {@code black-forest-labs/flux-2-pro}
         * @param openApiSchema its {@code openapi_schema}, as {@code GET /v1/models/{owner}/{name}} gives it
         * @return this builder
         * @throws IllegalArgumentException for a model the emulator does not serve, or a schema without
         *     {@code components.schemas.Input}
         */
        public Builder schema(String ownerAndName, String openApiSchema) {
            if (!EmulatedModel.ALL.containsKey(ownerAndName)) {
                throw new IllegalArgumentException("the emulator does not serve " + ownerAndName);
            }
            try {
                JsonNode n = JSON.readTree(openApiSchema);
                if (!n.path("components").path("schemas").path("Input").isObject()) {
                    throw new IllegalArgumentException("the schema has no components.schemas.Input");
                }
                this.schemas.put(ownerAndName, (ObjectNode) n);
            } catch (IOException e) {
                throw new IllegalArgumentException("the schema is not JSON: " + e.getMessage(), e);
            }
            return this;
        }

        /**
         * Predictions whose prompt contains {@code marker} fail with a model error (deterministic failures).
         *
         * @param marker the text that makes a prompt fail
         * @return this builder
         */
        public Builder failPromptsContaining(String marker) {
            this.failMarker = marker;
            return this;
        }

        /**
         * The bearer token the server accepts (default {@code r8_fake_token}); null accepts any request.
         *
         * @param token the bearer token the server accepts, or null to accept any request
         * @return this builder
         */
        public Builder token(String token) {
            this.token = token;
            return this;
        }

        /**
         * The port (default 0: a free one).
         *
         * @param port the port to listen on, or 0 for a free one
         * @return this builder
         */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * How long each prediction runs (default 0).
         *
         * @param latency how long each prediction runs
         * @return this builder
         */
        public Builder latency(Duration latency) {
            this.latency = latency;
            return this;
        }

        /**
         * Uniform jitter of ± this much around the latency (default 0).
         *
         * @param jitter the most a prediction's run time differs from the latency, either way
         * @return this builder
         */
        public Builder jitter(Duration jitter) {
            this.jitter = jitter;
            return this;
        }

        /**
         * Rate-limits creates to {@code perMinute} with bursts of {@code burst}; 0 disables (default).
         *
         * @param perMinute creates allowed a minute, or 0 for no limit
         * @param burst creates allowed at once
         * @return this builder
         */
        public Builder rateLimit(int perMinute, int burst) {
            this.perMinute = perMinute;
            this.burst = burst;
            return this;
        }

        /**
         * Fraction of creates answered 500 with a problem body and no prediction created.
         *
         * @param rate the fraction of creates answered 500, 0 to 1
         * @return this builder
         */
        public Builder createErrorRate(double rate) {
            this.createErrorRate = rate;
            return this;
        }

        /**
         * Fraction of create/poll/download requests whose connection is dropped without an answer. Half of the dropped
         * creates are dropped after the prediction was created (it runs, and would be billed, unseen by the client).
         *
         * @param rate the fraction of requests whose connection is dropped, 0 to 1
         * @return this builder
         */
        public Builder dropConnectionRate(double rate) {
            this.dropConnectionRate = rate;
            return this;
        }

        /**
         * Fraction of predictions that fail with a model error.
         *
         * @param rate the fraction of predictions that fail, 0 to 1
         * @return this builder
         */
        public Builder failedPredictionRate(double rate) {
            this.failedPredictionRate = rate;
            return this;
        }

        /**
         * Fraction of downloads sent slowly in 10 chunks with {@code pause} between them.
         *
         * @param rate the fraction of downloads sent slowly, 0 to 1
         * @param pause the pause between chunks
         * @return this builder
         */
        public Builder slowDownloads(double rate, Duration pause) {
            this.slowDownloadRate = rate;
            this.slowDownloadPause = pause;
            return this;
        }

        /**
         * Fraction of downloads cut off halfway.
         *
         * @param rate the fraction of downloads cut off, 0 to 1
         * @return this builder
         */
        public Builder truncatedDownloadRate(double rate) {
            this.truncatedDownloadRate = rate;
            return this;
        }

        /**
         * Whether images carry the prompt text (default true); false renders one cached image per size/format.
         *
         * @param labelImages whether images carry the prompt text
         * @return this builder
         */
        public Builder labelImages(boolean labelImages) {
            this.labelImages = labelImages;
            return this;
        }

        /**
         * Pads every image to at least {@code bytes} with a format-legal private chunk (for size tests).
         *
         * @param bytes the smallest image size, in bytes
         * @return this builder
         */
        public Builder imagePadding(long bytes) {
            this.imagePadding = bytes;
            return this;
        }

        /**
         * Predictions sent with this {@code seed} fail with a model error (deterministic failures in a batch).
         *
         * @param seed the seed whose predictions fail
         * @return this builder
         */
        public Builder failSeed(long seed) {
            this.failSeeds.add(seed);
            return this;
        }

        /**
         * A seed for the fault and id randomness, for reproducible runs.
         *
         * @param seed the seed for the fault and id randomness
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Starts the server on 127.0.0.1.
         *
         * @return the running server
         */
        public FakeReplicateServer start() {
            try {
                return new FakeReplicateServer(this);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot start FakeReplicateServer", e);
            }
        }
    }

}
