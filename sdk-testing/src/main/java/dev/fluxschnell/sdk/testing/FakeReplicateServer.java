package dev.fluxschnell.sdk.testing;

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
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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
 * A local emulator of what the SDK uses of the Replicate API for flux-schnell, on 127.0.0.1: create (with
 * {@code Prefer: wait} and {@code Cancel-After}; on the model's path and on deployments' paths), get, cancel, list,
 * image downloads, and the webhook secret.
 *
 * <p>It answers as api.replicate.com does (see the official clients' recorded answers): a create with
 * {@code Prefer: wait} whose prediction finishes inside the window is answered {@code processing} with the images
 * inline as {@code data:} URLs ({@link Builder#urlOutputs()} for file URLs instead), one that does not is answered
 * {@code starting}; later GETs answer {@code succeeded} with file URLs. Every started prediction logs
 * {@code Using seed: N}, a random 16-bit seed when none or 0 was given, as flux-schnell's predictor does.
 *
 * <p>It validates input against flux-schnell's schema (Replicate-style 422 problems), checks the bearer token (401),
 * rate-limits creates (429 with {@code Retry-After}), and can inject faults: 500s on create, dropped connections,
 * failed predictions, slow and truncated downloads. Outputs are real WebP/JPEG/PNG placeholders of the exact pixel
 * size the aspect ratio and megapixels imply, labelled as placeholders. {@link #stats()} counts everything.
 *
 * <pre>{@code
 * try (FakeReplicateServer server = FakeReplicateServer.builder().latency(Duration.ofMillis(200)).start()) {
 *     FluxSchnellClient client = FluxSchnellClient.builder().apiToken(server.token()).baseUrl(server.baseUrl())
 *             .downloadHosts(List.of("127.0.0.1")).build();
 * }
 * }</pre>
 */
public final class FakeReplicateServer implements AutoCloseable {
    /** The create path the server serves. */
    public static final String CREATE_PATH = "/v1/models/black-forest-labs/flux-schnell/predictions";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PREDICTION = Pattern.compile("^/v1/predictions/([a-z0-9]+)(/cancel)?$");
    private static final Pattern DEPLOYMENT = Pattern.compile("^/v1/deployments/([^/]+/[^/]+)/predictions$");
    /** The verbatim 429 detail Replicate sends accounts with less than $5 of credit ({@code %d}: seconds). */
    static final String LOW_CREDIT_DETAIL = "Request was throttled. Your rate limit for creating predictions is reduced "
            + "to 6 requests per minute with a burst of 1 requests while you have less than $5.0 in credit. Your rate "
            + "limit resets in ~%ds.";
    private static final Pattern FILE = Pattern.compile("^/files/([a-z0-9]+)-(\\d+)\\.(webp|jpg|png)$");
    private static final Map<String, int[]> SIZES = Map.ofEntries(
            Map.entry("1:1", new int[] {1024, 1024}), Map.entry("16:9", new int[] {1344, 768}),
            Map.entry("21:9", new int[] {1536, 640}), Map.entry("3:2", new int[] {1216, 832}),
            Map.entry("2:3", new int[] {832, 1216}), Map.entry("4:5", new int[] {896, 1088}),
            Map.entry("5:4", new int[] {1088, 896}), Map.entry("3:4", new int[] {896, 1152}),
            Map.entry("4:3", new int[] {1152, 896}), Map.entry("9:16", new int[] {768, 1344}),
            Map.entry("9:21", new int[] {640, 1536}));

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm and delayed ACKs
        // add ~40 ms to many responses. Read once when the JDK server first loads, so set it before any server exists.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final Builder config;
    private final HttpServer http;
    private final ExecutorService handlers;
    private final ScheduledExecutorService timers;
    private final Random random;
    private final Map<String, FakePrediction> predictions = new ConcurrentHashMap<>();
    private final Map<String, byte[]> imageCache = new ConcurrentHashMap<>();
    private final String webhookSecret;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicLong maxInFlight = new AtomicLong();
    private final AtomicLong createRequests = new AtomicLong();
    private final AtomicLong deploymentCreates = new AtomicLong();
    private final AtomicLong lists = new AtomicLong();
    private final AtomicLong unauthorized = new AtomicLong();
    private final AtomicLong invalid = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    private final AtomicLong injectedErrors = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong polls = new AtomicLong();
    private final AtomicLong cancels = new AtomicLong();
    private final AtomicLong downloads = new AtomicLong();
    private final AtomicLong truncated = new AtomicLong();
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong canceled = new AtomicLong();
    private final AtomicLong webhooks = new AtomicLong();
    private final java.net.http.HttpClient webhookClient = java.net.http.HttpClient.newBuilder()
            .followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();
    private double tokens;
    private long lastRefill = System.nanoTime();

    private FakeReplicateServer(Builder config) throws IOException {
        this.config = config;
        this.random = config.seed == null ? new SecureRandom() : new Random(config.seed);
        this.tokens = config.burst;
        byte[] secret = new byte[24];
        random.nextBytes(secret);
        this.webhookSecret = "whsec_" + Base64.getEncoder().encodeToString(secret);
        this.handlers = Executors.newCachedThreadPool(daemon("fake-replicate-http"));
        this.timers = Executors.newScheduledThreadPool(2, daemon("fake-replicate-timer"));
        this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port), 512);
        this.http.setExecutor(handlers);
        this.http.createContext("/", this::handle);
        this.http.start();
    }

    /** A new builder (no latency, no faults, token {@code r8_fake_token}). */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts a server with default settings. */
    public static FakeReplicateServer start() {
        return builder().start();
    }

    /** The base URL to give the client, e.g. {@code http://127.0.0.1:41234}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** The port the server listens on. */
    public int port() {
        return http.getAddress().getPort();
    }

    /** The token the server accepts. */
    public String token() {
        return config.token;
    }

    /** The webhook signing secret ({@code whsec_...}) served at {@code /v1/webhooks/default/secret}. */
    public String webhookSecret() {
        return webhookSecret;
    }

    /** A snapshot of the counters. */
    public ServerStats stats() {
        long pending = predictions.values().stream().filter(p -> !p.terminal()).count();
        return new ServerStats(createRequests.get(), predictions.size(), unauthorized.get(), invalid.get(),
                throttled.get(), injectedErrors.get(), dropped.get(), polls.get(), cancels.get(), downloads.get(),
                truncated.get(), succeeded.get(), failed.get(), canceled.get(), pending, maxInFlight.get(),
                webhooks.get(), lists.get(), deploymentCreates.get());
    }

    /** The inputs of every prediction created, in no particular order (to detect duplicates). */
    public List<JsonNode> createdInputs() {
        List<JsonNode> inputs = new ArrayList<>();
        predictions.values().forEach(p -> inputs.add(p.input));
        return inputs;
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
            if (method.equals("POST") && path.equals(CREATE_PATH)) {
                create(ex, null);
            } else if (method.equals("POST") && deployment.matches()) {
                if (config.deployments.contains(deployment.group(1))) {
                    create(ex, deployment.group(1));
                } else {
                    problem(ex, 404, "Not found", "Deployment " + deployment.group(1) + " does not exist", null);
                }
            } else if (path.startsWith("/v1/models/") && path.endsWith("/predictions")) {
                problem(ex, 404, "Not found", "The requested model does not exist", null);
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
        } catch (DroppedConnection e) {
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

    private void create(HttpExchange ex, String deployment) throws IOException {
        createRequests.incrementAndGet();
        if (deployment != null) {
            deploymentCreates.incrementAndGet();
        }
        byte[] body = ex.getRequestBody().readAllBytes();
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
        if (chance(config.createErrorRate)) {
            injectedErrors.incrementAndGet();
            problem(ex, 500, "Internal Server Error", "injected fault: the prediction was not created", null);
            return;
        }
        boolean dropIt = chance(config.dropConnectionRate);
        boolean dropAfterCreate = dropIt && chance(0.5);
        if (dropIt && !dropAfterCreate) {
            dropped.incrementAndGet();
            throw new DroppedConnection();
        }
        JsonNode input;
        JsonNode request;
        try {
            request = JSON.readTree(body);
            input = request.path("input");
        } catch (IOException e) {
            problem(ex, 400, "Bad Request", "Body is not JSON", null);
            return;
        }
        ArrayNode invalidFields = validate(input);
        if (!invalidFields.isEmpty()) {
            invalid.incrementAndGet();
            StringBuilder detail = new StringBuilder();
            invalidFields.forEach(f -> detail.append("- ").append(f.path("field").asText()).append(": ")
                    .append(f.path("description").asText()).append('\n'));
            problem(ex, 422, "Input validation failed", detail.toString().strip(), invalidFields);
            return;
        }
        FakePrediction p = new FakePrediction(newId(), (ObjectNode) input, deployment);
        if (request.hasNonNull("webhook")) {
            p.webhook = URI.create(request.get("webhook").asText());
            request.path("webhook_events_filter").forEach(f -> p.webhookEvents.add(f.asText()));
        }
        predictions.put(p.id, p);
        p.schedule(parseDuration(ex.getRequestHeaders().getFirst("Cancel-After")));
        if (dropAfterCreate) {
            // the dangerous case: the prediction exists (and will be billed) but the client never hears of it
            dropped.incrementAndGet();
            throw new DroppedConnection();
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

    private ArrayNode validate(JsonNode in) {
        ArrayNode bad = JSON.createArrayNode();
        if (!in.isObject()) {
            addInvalid(bad, "required", "input", "input is required");
            return bad;
        }
        JsonNode prompt = in.get("prompt");
        if (prompt == null || !prompt.isTextual() || prompt.asText().isEmpty()) {
            addInvalid(bad, "required", "input.prompt", "prompt is required and must be a non-empty string");
        }
        checkEnum(bad, in, "aspect_ratio", SIZES.keySet());
        checkEnum(bad, in, "output_format", Set.of("webp", "jpg", "png"));
        checkEnum(bad, in, "megapixels", Set.of("1", "0.25"));
        checkInt(bad, in, "num_outputs", 1, 4);
        checkInt(bad, in, "num_inference_steps", 1, 4);
        checkInt(bad, in, "output_quality", 0, 100);
        if (in.has("seed") && !in.get("seed").isIntegralNumber()) {
            addInvalid(bad, "type", "input.seed", "Invalid type. Expected: integer");
        }
        for (String b : List.of("go_fast", "disable_safety_checker")) {
            if (in.has(b) && !in.get(b).isBoolean()) {
                addInvalid(bad, "type", "input." + b, "Invalid type. Expected: boolean");
            }
        }
        return bad;
    }

    private static void checkEnum(ArrayNode bad, JsonNode in, String field, Set<String> allowed) {
        JsonNode v = in.get(field);
        if (v != null && (!v.isTextual() || !allowed.contains(v.asText()))) {
            addInvalid(bad, "enum", "input." + field, field + " must be one of the following: " + allowed);
        }
    }

    private static void checkInt(ArrayNode bad, JsonNode in, String field, int min, int max) {
        JsonNode v = in.get(field);
        if (v == null) {
            return;
        }
        if (!v.isIntegralNumber()) {
            addInvalid(bad, "type", "input." + field, "Invalid type. Expected: integer");
        } else if (v.asLong() < min) {
            addInvalid(bad, "greater_than_equal", "input." + field, "Must be greater than or equal to " + min);
        } else if (v.asLong() > max) {
            addInvalid(bad, "less_than_equal", "input." + field, "Must be less than or equal to " + max);
        }
    }

    private static void addInvalid(ArrayNode bad, String type, String field, String description) {
        bad.addObject().put("type", type).put("field", field).put("description", description);
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
    private void deliver(URI url, ObjectNode prediction, int attempt) {
        try {
            byte[] body = JSON.writeValueAsBytes(prediction);
            String id = "msg_" + newId();
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
            webhookClient.sendAsync(request, java.net.http.HttpResponse.BodyHandlers.discarding())
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

    private void download(HttpExchange ex, String id, int index) throws IOException {
        downloads.incrementAndGet();
        FakePrediction p = predictions.get(id);
        if (p == null || p.status != Status.SUCCEEDED || index >= p.outputs) {
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
        if (chance(config.truncatedDownloadRate)) {
            truncated.incrementAndGet();
            out.write(bytes, 0, bytes.length / 2);
            out.flush();
            throw new DroppedConnection();
        }
        if (chance(config.slowDownloadRate)) {
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
        if (chance(config.dropConnectionRate)) {
            dropped.incrementAndGet();
            throw new DroppedConnection();
        }
        return false;
    }

    private synchronized boolean chance(double rate) {
        return rate > 0 && random.nextDouble() < rate;
    }

    private synchronized long randomSeed() {
        return random.nextInt(65536);
    }

    private synchronized String newId() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder(26);
        for (int i = 0; i < 26; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private synchronized long latencyMillis() {
        long base = config.latency.toMillis();
        long jitter = config.jitter.toMillis();
        return Math.max(0, base + (jitter == 0 ? 0 : (long) ((random.nextDouble() * 2 - 1) * jitter)));
    }

    private static int parseWait(String prefer) {
        if (prefer == null) {
            return 0;
        }
        Matcher m = Pattern.compile("wait(?:=(\\d+))?").matcher(prefer);
        if (!m.find()) {
            return 0;
        }
        return m.group(1) == null ? 60 : Math.min(60, Math.max(1, Integer.parseInt(m.group(1))));
    }

    static Duration parseDuration(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        Matcher m = Pattern.compile("(\\d+)(ms|h|m|s)").matcher(text.trim());
        Duration d = Duration.ZERO;
        boolean any = false;
        while (m.find()) {
            any = true;
            long n = Long.parseLong(m.group(1));
            switch (m.group(2)) {
                case "h" -> d = d.plusHours(n);
                case "m" -> d = d.plusMinutes(n);
                case "ms" -> d = d.plusMillis(n);
                default -> d = d.plusSeconds(n);
            }
        }
        return any ? d : null;
    }

    private static void json(HttpExchange ex, int status, JsonNode body) throws IOException {
        send(ex, status, body, "application/json");
    }

    private static void send(HttpExchange ex, int status, JsonNode body, String contentType) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void problem(HttpExchange ex, int status, String title, String detail, ArrayNode fields)
            throws IOException {
        ObjectNode n = JSON.createObjectNode().put("title", title).put("status", status).put("detail", detail);
        if (fields != null) {
            n.set("invalid_fields", fields);
        }
        send(ex, status, n, "application/problem+json");
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

    /** Thrown inside a handler to drop the connection without an answer (the JDK server closes it). */
    private static final class DroppedConnection extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DroppedConnection() {
            super("dropped on purpose", null, false, false);
        }
    }

    private enum Status { STARTING, PROCESSING, SUCCEEDED, FAILED, CANCELED, ABORTED }

    /** One prediction's state. */
    private final class FakePrediction {
        final String id;
        final ObjectNode input;
        final Instant createdAt = Instant.now();
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final int outputs;
        final String format;
        volatile Status status = Status.STARTING;
        volatile Instant startedAt;
        volatile Instant completedAt;
        volatile String error;
        volatile double predictTime;
        volatile URI webhook;
        final Set<String> webhookEvents = ConcurrentHashMap.newKeySet();
        final long seed;
        final String deployment;

        FakePrediction(String id, ObjectNode input, String deployment) {
            this.id = id;
            this.input = input;
            this.deployment = deployment;
            long asked = input.path("seed").asLong(0);
            this.seed = asked != 0 ? asked : randomSeed(); // like cog-flux: 0 or no seed draws a random 16-bit one
            this.outputs = input.path("num_outputs").asInt(1);
            this.format = input.path("output_format").asText("webp");
            long now = running.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
        }

        void schedule(Duration cancelAfter) {
            long latency = latencyMillis();
            timers.schedule(this::start, Math.min(latency / 4, 100), TimeUnit.MILLISECONDS);
            timers.schedule(this::complete, latency, TimeUnit.MILLISECONDS);
            if (cancelAfter != null) {
                timers.schedule(this::cancel, cancelAfter.toMillis(), TimeUnit.MILLISECONDS);
            }
            predictTime = latency / 1000.0;
        }

        synchronized void start() {
            if (status == Status.STARTING) {
                status = Status.PROCESSING;
                startedAt = Instant.now();
                notifyWebhook("start");
            }
        }

        synchronized void complete() {
            if (terminal()) {
                return;
            }
            start();
            boolean marked = config.failMarker != null
                    && input.path("prompt").asText().contains(config.failMarker);
            if (marked || chance(config.failedPredictionRate)) {
                status = Status.FAILED;
                error = "injected model error: CUDA error: an illegal memory access was encountered";
                failed.incrementAndGet();
            } else {
                status = Status.SUCCEEDED;
                succeeded.incrementAndGet();
            }
            finish();
        }

        synchronized void cancel() {
            if (terminal()) {
                return;
            }
            status = status == Status.STARTING ? Status.ABORTED : Status.CANCELED;
            canceled.incrementAndGet();
            finish();
        }

        private void finish() {
            completedAt = Instant.now();
            running.decrementAndGet();
            done.complete(null);
            notifyWebhook("completed");
        }

        private void notifyWebhook(String event) {
            if (webhook != null && (webhookEvents.isEmpty() || webhookEvents.contains(event))) {
                deliver(webhook, toJson(), 0);
            }
        }

        boolean terminal() {
            Status s = status;
            return s != Status.STARTING && s != Status.PROCESSING;
        }

        byte[] image(int index) {
            String ratio = input.path("aspect_ratio").asText("1:1");
            int[] size = SIZES.get(ratio);
            boolean quarter = input.path("megapixels").asText("1").equals("0.25");
            int w = quarter ? size[0] / 2 : size[0];
            int h = quarter ? size[1] / 2 : size[1];
            String prompt = input.path("prompt").asText();
            int quality = input.path("output_quality").asInt(80);
            String key = config.labelImages ? id + "-" + index : ratio + w + format + quality;
            return imageCache.computeIfAbsent(key, k -> pad(PlaceholderImages.render(prompt, index, w, h, format,
                    quality, config.labelImages)));
        }

        private byte[] pad(byte[] image) {
            return config.imagePadding <= 0 ? image : ImagePadding.pad(image, format, config.imagePadding);
        }

        /**
         * The answer to a create with {@code Prefer: wait}, as Replicate gives it: a prediction that finished in the
         * window is answered {@code processing} with its output already present (inline {@code data:} URLs unless
         * {@link Builder#urlOutputs()}); one that did not is answered {@code starting}, even if it is running.
         */
        ObjectNode toSyncJson() {
            Status s = status;
            if (s == Status.SUCCEEDED) {
                return toJson(Status.PROCESSING, !config.urlOutputs);
            }
            return toJson(terminal() ? s : Status.STARTING, false);
        }

        ObjectNode toJson() {
            return toJson(status, false);
        }

        private ObjectNode toJson(Status s, boolean inline) {
            String base = baseUrl().toString();
            ObjectNode n = JSON.createObjectNode();
            n.put("id", id);
            n.put("model", "black-forest-labs/flux-schnell");
            n.put("version", "dp-4d0bcc010b3049749a251855f12800be7b2b7d8a8f54d4ec71c4f5c6d5fb3aba");
            if (deployment != null) {
                n.put("deployment", deployment);
            }
            n.set("input", input);
            n.put("logs", startedAt == null ? "" : "Using seed: " + seed + "\nrunning quantized prediction\n");
            n.put("status", s.name().toLowerCase());
            if (status == Status.SUCCEEDED) {
                ArrayNode out = n.putArray("output");
                for (int i = 0; i < outputs; i++) {
                    out.add(inline ? "data:" + PlaceholderImages.mimeType(format) + ";base64,"
                            + Base64.getEncoder().encodeToString(image(i))
                            : base + "/files/" + id + "-" + i + "." + format);
                }
            } else {
                n.putNull("output");
            }
            if (error != null) {
                n.put("error", error);
            } else {
                n.putNull("error");
            }
            n.put("data_removed", false);
            n.put("created_at", createdAt.toString());
            n.put("started_at", startedAt == null ? null : startedAt.toString());
            n.put("completed_at", completedAt == null ? null : completedAt.toString());
            if (status == Status.SUCCEEDED) {
                n.putObject("metrics").put("predict_time", predictTime).put("image_count", outputs);
            }
            ObjectNode urls = n.putObject("urls");
            urls.put("get", base + "/v1/predictions/" + id);
            urls.put("cancel", base + "/v1/predictions/" + id + "/cancel");
            urls.put("web", "https://replicate.com/p/" + id);
            return n;
        }
    }

    /** Configures and starts a {@link FakeReplicateServer}. */
    public static final class Builder {
        private String token = "r8_fake_token";
        private int port;
        private Duration latency = Duration.ZERO;
        private Duration jitter = Duration.ZERO;
        private int perMinute;
        private int burst = 10;
        private double createErrorRate;
        private double dropConnectionRate;
        private double failedPredictionRate;
        private double slowDownloadRate;
        private Duration slowDownloadPause = Duration.ofMillis(20);
        private double truncatedDownloadRate;
        private boolean labelImages = true;
        private long imagePadding;
        private Long seed;
        private String failMarker;
        private boolean urlOutputs;
        private boolean lowCredit;
        private final Set<String> deployments = ConcurrentHashMap.newKeySet();

        private Builder() {}

        /**
         * Sync answers carry https-style file URLs (served by this emulator) instead of inline {@code data:} URLs, as
         * the real API does for some models and for later GETs; the client then downloads each image.
         */
        public Builder urlOutputs() {
            this.urlOutputs = true;
            return this;
        }

        /**
         * Throttles creates like a Replicate account with less than $5 of credit: 6 per minute with a burst of 1,
         * answered with Replicate's verbatim 429 body (no title, no {@code Retry-After} header, a {@code retry_after}
         * field, the limit stated in the detail).
         */
        public Builder lowCreditAccount() {
            this.lowCredit = true;
            this.perMinute = 6;
            this.burst = 1;
            return this;
        }

        /** Serves {@code POST /v1/deployments/{owner}/{name}/predictions} for this deployment ("owner/name"). */
        public Builder deployment(String ownerAndName) {
            this.deployments.add(ownerAndName);
            return this;
        }

        /** Predictions whose prompt contains {@code marker} fail with a model error (deterministic failures). */
        public Builder failPromptsContaining(String marker) {
            this.failMarker = marker;
            return this;
        }

        /** The bearer token the server accepts (default {@code r8_fake_token}); null accepts any request. */
        public Builder token(String token) {
            this.token = token;
            return this;
        }

        /** The port (default 0: a free one). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** How long each prediction runs (default 0). */
        public Builder latency(Duration latency) {
            this.latency = latency;
            return this;
        }

        /** Uniform jitter of ± this much around the latency (default 0). */
        public Builder jitter(Duration jitter) {
            this.jitter = jitter;
            return this;
        }

        /** Rate-limits creates to {@code perMinute} with bursts of {@code burst}; 0 disables (default). */
        public Builder rateLimit(int perMinute, int burst) {
            this.perMinute = perMinute;
            this.burst = burst;
            return this;
        }

        /** Fraction of creates answered 500 with a problem body and no prediction created. */
        public Builder createErrorRate(double rate) {
            this.createErrorRate = rate;
            return this;
        }

        /**
         * Fraction of create/poll/download requests whose connection is dropped without an answer. Half of the dropped
         * creates are dropped after the prediction was created (it runs, and would be billed, unseen by the client).
         */
        public Builder dropConnectionRate(double rate) {
            this.dropConnectionRate = rate;
            return this;
        }

        /** Fraction of predictions that fail with a model error. */
        public Builder failedPredictionRate(double rate) {
            this.failedPredictionRate = rate;
            return this;
        }

        /** Fraction of downloads sent slowly in 10 chunks with {@code pause} between them. */
        public Builder slowDownloads(double rate, Duration pause) {
            this.slowDownloadRate = rate;
            this.slowDownloadPause = pause;
            return this;
        }

        /** Fraction of downloads cut off halfway. */
        public Builder truncatedDownloadRate(double rate) {
            this.truncatedDownloadRate = rate;
            return this;
        }

        /** Whether images carry the prompt text (default true); false renders one cached image per size/format. */
        public Builder labelImages(boolean labelImages) {
            this.labelImages = labelImages;
            return this;
        }

        /** Pads every image to at least {@code bytes} with a format-legal private chunk (for size tests). */
        public Builder imagePadding(long bytes) {
            this.imagePadding = bytes;
            return this;
        }

        /** A seed for the fault and id randomness, for reproducible runs. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Starts the server on 127.0.0.1. */
        public FakeReplicateServer start() {
            try {
                return new FakeReplicateServer(this);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot start FakeReplicateServer", e);
            }
        }
    }

}
