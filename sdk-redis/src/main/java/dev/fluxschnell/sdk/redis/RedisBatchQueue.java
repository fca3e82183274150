package dev.fluxschnell.sdk.redis;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.result.GeneratedImage;
import dev.fluxschnell.sdk.result.GenerationResult;
import dev.fluxschnell.sdk.request.ModelRequest;
import dev.fluxschnell.sdk.batch.BatchItem;
import dev.fluxschnell.sdk.batch.BatchJob;
import dev.fluxschnell.sdk.batch.BatchOutcome;
import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.batch.BatchResult;
import dev.fluxschnell.sdk.batch.QuotaPolicy;
import dev.fluxschnell.sdk.errors.QuotaExceededException;
import dev.fluxschnell.sdk.observation.QueueSample;
import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.stream.PendingMessage;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batches queued in Redis and worked by every instance: {@link #submit} returns a batch id at once; each instance's
 * workers ({@link #start}) take items from Redis Streams consumer groups and run each through the client's normal path
 * — its (shared) rate limiter, the subject's quota, its storage, and a journal in Redis — then acknowledge. Any instance
 * reads a batch's status and items, hears its progress and can cancel it.
 *
 * <ul>
 *   <li><b>Takeover</b>: a worker heart-beats the item it holds (re-claiming it every lease / 3); an item idle longer
 *   than the lease — its worker died — is claimed by another worker ({@code XAUTOCLAIM}), whose run adopts the
 *   prediction the journal recorded instead of paying again.</li>
 *   <li><b>Dead letters</b>: an item delivered more than {@code maxDeliveries} times (its workers kept dying, or it
 *   cannot be read) moves to the dead-letter stream with its last error, and counts as failed; items the SDK itself
 *   reports failed are outcomes, not retried here (the SDK has spent its safe retries).</li>
 *   <li><b>Fairness</b>: each tier has its own stream and a weight; a worker picks the next tier by smooth weighted
 *   round robin among tiers that have items, so with {@code pro=10, free=1} a pro item waits behind at most one free
 *   item per ten, however long the free backlog.</li>
 *   <li><b>Scheduling</b>: a batch with a not-before time waits in a sorted set; a worker moves it into its stream when
 *   due (atomically: once, by one instance).</li>
 *   <li><b>Cancel</b> from any instance ({@link #cancel}): queued items are skipped; running ones are canceled where
 *   they run (their predictions canceled on Replicate, unused quota released); cancel returns once no instance will
 *   send another create for the batch. A worker passes a fence (a Lua script: the batch is not canceled, the item is
 *   marked running) before its item may create anything, and runs it with a sync wait of at most 1 s, so a running
 *   prediction's id is known — and it can be canceled — within a second of its create.</li>
 * </ul>
 *
 * <p>Items must be runnable on any instance: a request of any model whose input images are https URLs, or a pipeline
 * of one with built-in steps; an item is kept as its request's wire view ({@code model}, {@code inputs},
 * {@code settings}). Keys live under the prefix ({@code flux-schnell:queue} by default) for {@code retention} (7 days).
 */
public final class RedisBatchQueue implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisBatchQueue.class);
    /** The longest sync wait items run with: a prediction's id must be known while it runs, to cancel it. */
    private static final Duration RUN_SYNC_WAIT = Duration.ofSeconds(1);
    /** How often a worker checks, beside the pub/sub message, whether the batch of its item was canceled. */
    private static final long CANCEL_CHECK_MILLIS = 500;
    private static final Pattern BATCH_ID = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final RedisClient redis;
    private final FluxSchnellClient flux;
    private final QueueKeys keys;
    private final Map<String, Integer> tiers;
    private final Duration lease;
    private final int maxDeliveries;
    private final int workerCount;
    private final Duration retention;
    private final Duration cancelTimeout;
    private final Clock clock;
    private final RedisBatchJournal journal;
    private final StatefulRedisConnection<String, String> shared;
    private final String instance = UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, Set<BatchJob>> jobs = new ConcurrentHashMap<>();
    private final Map<String, List<QueueListener>> listeners = new ConcurrentHashMap<>();
    /** Batches whose listeners may have missed events: Redis was unreachable, and they are not subscribed again yet. */
    private final Set<String> gaps = ConcurrentHashMap.newKeySet();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final AtomicLong claims = new AtomicLong();
    private final ScheduledExecutorService timers;
    /** Runs listener calls off Lettuce's I/O threads (sync Redis calls there would stall them), in order. */
    private final java.util.concurrent.ExecutorService events = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "flux-queue-events");
        t.setDaemon(true);
        return t;
    });
    private volatile StatefulRedisPubSubConnection<String, String> pubsub;
    private volatile boolean running;
    private volatile ScheduledFuture<?> sampling;

    private RedisBatchQueue(Builder b) {
        this.redis = b.redis;
        this.flux = b.flux;
        this.keys = new QueueKeys(b.prefix);
        this.tiers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.tiers)); // the first is the default
        this.lease = b.lease;
        this.maxDeliveries = b.maxDeliveries;
        this.workerCount = b.workers;
        this.retention = b.retention;
        this.cancelTimeout = b.cancelTimeout;
        this.clock = b.clock;
        this.journal = RedisBatchJournal.of(redis, keys.journal(), retention);
        this.shared = redis.connect();
        this.shared.setTimeout(Duration.ofSeconds(5));
        this.timers = Executors.newScheduledThreadPool(2, r -> { // heartbeats, cancel checks, cancels
            Thread t = new Thread(r, "flux-queue-timer");
            t.setDaemon(true);
            return t;
        });
        for (String tier : tiers.keySet()) {
            try {
                shared.sync().xgroupCreate(XReadArgs.StreamOffset.from(keys.stream(tier), "0-0"), QueueKeys.GROUP,
                        XGroupCreateArgs.Builder.mkstream());
            } catch (RedisBusyException exists) {
                // another instance made it
            }
        }
    }

    /**
     * {@return a builder of a queue on {@code redis} whose workers run items with {@code flux}}
     *
     * @param redis the user's Lettuce client; the queue opens its own connections from it
     * @param flux the client items run through, with a sync wait of at most 1 s ({@link #start}); its limiter, quota
     *     and storage should be shared for several instances: a Redis limiter and quota, storage every instance can
     *     reach. Its {@code maxPredictionsPerBatch} bounds what {@link #submit} takes
     */
    public static Builder builder(RedisClient redis, FluxSchnellClient flux) {
        return new Builder(redis, flux);
    }

    // ------------------------------------------------------------------------------------------------------ submit

    /**
     * Queues a batch in the first tier, to start now.
     *
     * @param batch the batch (its subject pays; its listener, journal and concurrency are not used: the queue has
     *     its own)
     * @return the batch's id
     * @throws IllegalArgumentException for a batch with more predictions than the client's
     *     {@code maxPredictionsPerBatch}, a webhook, or an item another instance could not run
     */
    public String submit(BatchRequest batch) {
        return submit(batch, tiers.keySet().iterator().next(), null);
    }

    /**
     * Queues a batch in {@code tier}, to start now.
     *
     * @param batch the batch
     * @param tier one of the queue's tiers
     * @return the batch's id
     */
    public String submit(BatchRequest batch, String tier) {
        return submit(batch, tier, null);
    }

    /**
     * Queues a batch in {@code tier}, to start at {@code notBefore} (null or past: now).
     *
     * @param batch the batch
     * @param tier one of the queue's tiers
     * @param notBefore when it may start, or null
     * @return the batch's id, at once
     * @throws IllegalArgumentException for an unknown tier, a batch with more predictions than the client's
     *     {@code maxPredictionsPerBatch} (a pipeline counts each step's), a batch with a webhook, or an item another
     *     instance could not run (naming its image or step): nothing is written to Redis then
     */
    public String submit(BatchRequest batch, String tier, Instant notBefore) {
        Objects.requireNonNull(batch, "batch must not be null");
        Objects.requireNonNull(tier, "tier must not be null");
        if (!tiers.containsKey(tier)) {
            throw new IllegalArgumentException("unknown tier '" + tier + "' (tiers: " + tiers.keySet() + ")");
        }
        long predictions = batch.predictionCount();
        int max = flux.options().maxPredictionsPerBatch();
        if (predictions > max) {
            throw new IllegalArgumentException("the batch would create " + predictions + " predictions ("
                    + batch.size() + " items); the client's maxPredictionsPerBatch is " + max + " (raise it with "
                    + "FluxSchnellClient.builder().maxPredictionsPerBatch(n)); nothing was queued");
        }
        if (batch.webhook().isPresent()) {
            throw new IllegalArgumentException("a queued batch carries no webhook: the queue reports progress itself "
                    + "(status, items, listen)");
        }
        Map<String, String> items = new LinkedHashMap<>();
        List<ModelRequest> requests = batch.items();
        for (int i = 0; i < requests.size(); i++) {
            items.put(Integer.toString(i), QueuedRequests.encode(requests.get(i))); // refuses before writing anything
        }
        String id = UUID.randomUUID().toString();
        long now = clock.millis();
        boolean scheduled = notBefore != null && notBefore.toEpochMilli() > now;
        RedisCommands<String, String> r = shared.sync();
        List<String> indexes = new ArrayList<>(items.keySet());
        for (int from = 0; from < indexes.size(); from += 500) {
            Map<String, String> chunk = new LinkedHashMap<>();
            indexes.subList(from, Math.min(indexes.size(), from + 500)).forEach(k -> chunk.put(k, items.get(k)));
            r.hset(keys.items(id), chunk);
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("subject", batch.subject());
        meta.put("tier", tier);
        meta.put("total", Integer.toString(requests.size()));
        meta.put("created_at", Long.toString(now));
        meta.put("state", scheduled ? "scheduled" : "submitting");
        if (notBefore != null) {
            meta.put("not_before", Long.toString(notBefore.toEpochMilli()));
        }
        r.hset(keys.batch(id), meta);
        r.pexpire(keys.batch(id), retention.toMillis());
        r.pexpire(keys.items(id), retention.toMillis());
        if (scheduled) {
            r.zadd(keys.scheduled(), notBefore.toEpochMilli(), id);
        } else if (enqueue(r, id, tier, false) == -2) { // canceled before it was queued
            cancelUnstarted(r, id, requests.size(), instance);
        }
        return id;
    }

    private long enqueue(RedisCommands<String, String> r, String id, String tier, boolean fromSchedule) {
        Long n = r.eval(LuaScripts.QUEUE_ENQUEUE, ScriptOutputType.INTEGER, new String[] {keys.batch(id),
            keys.stream(tier), keys.scheduled()}, id, Long.toString(clock.millis()), fromSchedule ? "1" : "0");
        return n == null ? 0 : n;
    }

    // ------------------------------------------------------------------------------------------------- visibility

    /**
     * {@return the batch's state and counts, from any instance; empty for an unknown (or expired) id}
     *
     * @param id the batch's id
     */
    public Optional<QueuedBatch> status(String id) {
        return isBatchId(id) ? snapshot(shared.sync(), id) : Optional.empty();
    }

    /** Whether {@code id} can be one of the queue's ids (a UUID): anything else never reaches a Redis key. */
    private static boolean isBatchId(String id) {
        return id != null && BATCH_ID.matcher(id).matches();
    }

    private Optional<QueuedBatch> snapshot(RedisCommands<String, String> r, String id) {
        Map<String, String> m = r.hgetall(keys.batch(id));
        if (m.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(QueueRecords.toBatch(id, m));
    }

    /**
     * {@return the batch's finished items, by index, from any instance}
     *
     * @param id the batch's id
     */
    public List<QueuedItem> items(String id) {
        List<QueuedItem> out = new ArrayList<>();
        if (!isBatchId(id)) {
            return out;
        }
        shared.sync().hgetall(keys.outcomes(id)).forEach((index, json) -> out.add(QueueRecords.toItem(json)));
        out.sort((a, b) -> Integer.compare(a.index(), b.index()));
        return out;
    }

    /**
     * Hears the batch's progress, whichever instance runs its items, until the returned handle is closed. Events are
     * Redis pub/sub messages: those published while this instance cannot reach Redis are lost, and the listener is
     * told so ({@link QueueListener#mayHaveMissedEvents}) with the status after the reconnect; {@link #status} and
     * {@link #items} are the truth.
     *
     * @param id the batch's id
     * @param listener called once per finished item
     * @return closes the subscription
     * @throws IllegalArgumentException for an id the queue never gives
     */
    public AutoCloseable listen(String id, QueueListener listener) {
        Objects.requireNonNull(listener, "listener must not be null");
        if (!isBatchId(id)) {
            throw new IllegalArgumentException("not a queued batch's id (the queue's ids are UUIDs)");
        }
        StatefulRedisPubSubConnection<String, String> ps = pubsub();
        synchronized (listeners) {
            listeners.computeIfAbsent(id, k -> {
                ps.sync().subscribe(keys.events(id));
                return new CopyOnWriteArrayList<>();
            }).add(listener);
        }
        return () -> {
            synchronized (listeners) {
                List<QueueListener> l = listeners.get(id);
                if (l != null) {
                    l.remove(listener);
                    if (l.isEmpty()) {
                        listeners.remove(id);
                        gaps.remove(id);
                        ps.sync().unsubscribe(keys.events(id));
                    }
                }
            }
        };
    }

    /**
     * Whether a request can be queued: another instance must be able to run it, so every input image is an https URL
     * (not a local file, bytes or a stored image) and a pipeline's steps are built-in ({@link #submit(BatchRequest)}
     * refuses the rest).
     *
     * @param request the request
     * @return whether {@code submit} takes it
     */
    public static boolean canQueue(ModelRequest request) {
        try {
            QueuedRequests.encode(request);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Cancels a batch from any instance, and returns once no instance will send another create for it.
     *
     * <p>At once, atomically: the batch is marked canceled and its scheduled start dropped; from then on no worker
     * starts one of its items (each passes a fence first, see the class description), and queued ones are recorded
     * {@code CANCELED} as workers reach them. Then it waits until every item that had passed the fence is stopped
     * where it runs — its instance hears of the cancel (pub/sub, else within 0.5 s by its own check), gives up a wait
     * for a create permit, cancels a prediction already created on Replicate, and ends the item — or its worker is
     * gone (no heartbeat for a lease; the worker that takes the item over cancels what it left running). A create
     * that was already on the wire is answered (within the 1 s sync wait) before cancel returns, and its prediction is
     * canceled. A prediction that had finished is paid for: its images are stored and the item recorded
     * {@code SUCCEEDED}.
     *
     * <p>The wait lasts at most {@code cancelTimeout} (default 30 s; builder); past it, cancel throws
     * {@link CancelTimeoutException} naming the items still held: the batch stays canceled, but those items may still
     * create a prediction (their worker cancels it when it learns of the cancel).
     *
     * @param id the batch's id
     * @return false for an unknown batch, or one whose items all have an outcome (nothing to cancel)
     * @throws CancelTimeoutException when workers holding its items did not stop them within {@code cancelTimeout}
     */
    public boolean cancel(String id) {
        if (!isBatchId(id)) {
            return false;
        }
        RedisCommands<String, String> r = shared.sync();
        Long marked = r.eval(LuaScripts.QUEUE_CANCEL, ScriptOutputType.INTEGER, new String[] {keys.batch(id),
            keys.scheduled()}, id);
        if (marked == null || marked <= 0) {
            return false; // unknown, or nothing left to cancel
        }
        if (marked == 2) { // never enqueued: every item is canceled now
            cancelUnstarted(r, id, Integer.parseInt(Objects.requireNonNullElse(r.hget(keys.batch(id), "total"), "0")),
                    instance);
        }
        r.publish(keys.cancel(), id);
        awaitStopped(r, id);
        return true;
    }

    /** Waits until no worker holds an item of the canceled batch past the fence, within {@code cancelTimeout}. */
    private void awaitStopped(RedisCommands<String, String> r, String id) {
        String stream = keys.stream(Objects.requireNonNullElse(r.hget(keys.batch(id), "tier"), ""));
        long deadline = System.nanoTime() + cancelTimeout.toNanos();
        while (true) {
            List<Integer> held = new ArrayList<>();
            r.hgetall(keys.running(id)).forEach((index, entry) -> {
                if (stillHeld(r, stream, entry.split(" ")[0])) {
                    held.add(Integer.parseInt(index));
                }
            });
            if (held.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline || Thread.currentThread().isInterrupted()) {
                held.sort(null);
                throw new CancelTimeoutException(id, held, cancelTimeout);
            }
            sleep(20);
        }
    }

    /** Whether a worker still holds a stream entry: not acknowledged, and heart-beaten within the lease. */
    private boolean stillHeld(RedisCommands<String, String> r, String stream, String entry) {
        List<PendingMessage> p = r.xpending(stream, QueueKeys.GROUP, Range.create(entry, entry), Limit.from(1));
        return !p.isEmpty() && p.get(0).getMsSinceLastDelivery() < lease.toMillis();
    }

    // ---------------------------------------------------------------------------------------------------- workers

    /**
     * Starts this instance's workers (and its cancel listener and sampling); idempotent. Items run through the queue's
     * client, each as a batch whose creates wait at most 1 s for their prediction ({@code BatchRequest.Builder
     * .syncWait}), so a running item's prediction id is known within a second and a cancel reaches it.
     *
     * @return this queue
     */
    public synchronized RedisBatchQueue start() {
        if (running) {
            return this;
        }
        running = true;
        pubsub(); // hears cancels
        for (int i = 0; i < workerCount; i++) {
            Worker w = new Worker(instance + "-" + i);
            Thread t = new Thread(w, "flux-queue-worker-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        sampling = timers.scheduleAtFixedRate(this::sample, 1, 5, TimeUnit.SECONDS);
        return this;
    }

    /** {@return this instance's name among the queue's consumers} */
    public String instance() {
        return instance;
    }

    /** {@return items this instance took over from workers that stopped, since it started} */
    public long claims() {
        return claims.get();
    }

    private synchronized StatefulRedisPubSubConnection<String, String> pubsub() {
        if (pubsub == null) {
            StatefulRedisPubSubConnection<String, String> ps = redis.connectPubSub();
            ps.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    if (channel.equals(keys.cancel())) {
                        timers.execute(() -> jobs.getOrDefault(message, Set.of()).forEach(BatchJob::cancel));
                    } else if (keys.batchOfEvents(channel) != null) {
                        events.execute(() -> deliver(keys.batchOfEvents(channel), message));
                    }
                }

                @Override
                public void subscribed(String channel, long count) {
                    String id = keys.batchOfEvents(channel);
                    if (id != null && gaps.remove(id)) { // subscribed again after a disconnect
                        events.execute(() -> tellGap(id));
                    }
                }
            });
            ps.addListener(new RedisConnectionStateListener() {
                @Override
                public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                    gaps.addAll(listeners.keySet()); // what is published until the resubscription is lost
                }
            });
            ps.sync().subscribe(keys.cancel());
            pubsub = ps;
        }
        return pubsub;
    }

    private void deliver(String id, String message) {
        List<QueueListener> l = listeners.get(id);
        if (l == null) {
            return;
        }
        try {
            QueueRecords.Event event = QueueRecords.readEvent(id, message);
            for (QueueListener listener : l) {
                try {
                    listener.itemFinished(event.item(), event.batch());
                } catch (RuntimeException e) {
                    log.warn("queue listener threw; ignoring it", e);
                }
            }
        } catch (IOException | RuntimeException e) {
            log.warn("unreadable queue event for batch {}: {}", id, e.toString());
        }
    }

    /**
     * Tells a batch's listeners that events may have been lost while Redis was unreachable, with the status read now;
     * tries again every second while Redis cannot answer and the batch still has listeners.
     */
    private void tellGap(String id) {
        List<QueueListener> l = listeners.get(id);
        if (l == null) {
            return;
        }
        Optional<QueuedBatch> now;
        try {
            now = status(id);
        } catch (RuntimeException e) {
            try {
                timers.schedule(() -> events.execute(() -> tellGap(id)), 1, TimeUnit.SECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                // the queue is closing
            }
            return;
        }
        log.warn("Redis was unreachable: events of queued batch {} published meanwhile were not delivered to its "
                + "listeners (status and items are the truth)", id);
        for (QueueListener listener : l) {
            try {
                listener.mayHaveMissedEvents(now);
            } catch (RuntimeException e) {
                log.warn("queue listener threw; ignoring it", e);
            }
        }
    }

    /** One worker thread: takes due batches into the streams, claims items of stopped workers, runs items. */
    private final class Worker implements Runnable {
        private final String consumer;
        private final TierScheduler scheduler = new TierScheduler(tiers);
        private long nextMove;
        private long nextReclaim;

        Worker(String consumer) {
            this.consumer = consumer;
        }

        @Override
        public void run() {
            StatefulRedisConnection<String, String> conn = null;
            try {
                while (running && !Thread.currentThread().isInterrupted()) {
                    try {
                        if (conn == null) {
                            conn = redis.connect(); // in the loop: a Redis that is down at start is waited for
                            conn.setTimeout(Duration.ofSeconds(5));
                        }
                        RedisCommands<String, String> r = conn.sync();
                        moveDueBatches(r);
                        StreamMessage<String, String> m = reclaim(r);
                        List<StreamMessage<String, String>> work = m != null ? List.of(m) : next(r);
                        for (StreamMessage<String, String> item : work) {
                            handle(r, item); // one at a time: one still ours is heart-beaten from its start
                        }
                    } catch (RuntimeException e) {
                        if (running) {
                            log.warn("queue worker {}: {}; retrying in 1 s", consumer, e.toString());
                            sleep(1000);
                        }
                    }
                }
            } finally {
                if (conn != null) {
                    conn.close();
                }
            }
        }

        private void moveDueBatches(RedisCommands<String, String> r) {
            long now = clock.millis();
            if (now < nextMove) {
                return;
            }
            nextMove = now + 500;
            for (String id : r.zrangebyscore(keys.scheduled(), Range.create(0, (double) now),
                    Limit.create(0, 5))) {
                String tier = r.hget(keys.batch(id), "tier");
                if (tier == null || !tiers.containsKey(tier)) {
                    r.zrem(keys.scheduled(), id); // expired, or a tier this deployment no longer has
                    continue;
                }
                if (enqueue(r, id, tier, true) == -2) { // canceled while scheduled: its items are canceled now
                    cancelUnstarted(r, id, Integer.parseInt(Objects.requireNonNullElse(r.hget(keys.batch(id), "total"),
                            "0")), consumer);
                }
            }
        }

        /** An item idle longer than the lease in some tier (its worker stopped heart-beating), now ours. */
        private StreamMessage<String, String> reclaim(RedisCommands<String, String> r) {
            long now = clock.millis();
            if (now < nextReclaim) {
                return null;
            }
            nextReclaim = now + Math.max(250, lease.toMillis() / 4);
            for (String tier : tiers.keySet()) {
                String cursor = "0-0";
                for (int page = 0; page < 50; page++) { // each call scans ~10 pending entries: follow the cursor
                    var claimed = r.xautoclaim(keys.stream(tier), XAutoClaimArgs.Builder.xautoclaim(
                            Consumer.from(QueueKeys.GROUP, consumer), lease, cursor).count(1));
                    if (claimed == null) {
                        break;
                    }
                    if (!claimed.getMessages().isEmpty()) {
                        claims.incrementAndGet();
                        nextReclaim = 0; // there may be more
                        return claimed.getMessages().get(0);
                    }
                    cursor = claimed.getId();
                    if (cursor == null || cursor.equals("0-0")) {
                        break;
                    }
                }
            }
            return null;
        }

        /** The next new items, from the tier the {@link TierScheduler} picks among those that have items. */
        private List<StreamMessage<String, String>> next(RedisCommands<String, String> r) {
            List<String> order = scheduler.round();
            for (String tier : order) {
                List<StreamMessage<String, String>> got = r.xreadgroup(Consumer.from(QueueKeys.GROUP, consumer),
                        XReadArgs.Builder.count(1), XReadArgs.StreamOffset.lastConsumed(keys.stream(tier)));
                if (got != null && !got.isEmpty()) {
                    scheduler.served(tier);
                    return got;
                }
                scheduler.empty(tier); // no credit saved up for later
            }
            // nothing anywhere: wait a little for the first item of any tier (no busy loop)
            @SuppressWarnings("unchecked")
            XReadArgs.StreamOffset<String>[] all = order.stream().map(t -> XReadArgs.StreamOffset.lastConsumed(
                    keys.stream(t))).toArray(XReadArgs.StreamOffset[]::new);
            List<StreamMessage<String, String>> got = r.xreadgroup(Consumer.from(QueueKeys.GROUP, consumer),
                    XReadArgs.Builder.count(1).block(500), all);
            return got == null ? List.of() : got; // COUNT is per stream: one entry per tier may come back
        }

        private void handle(RedisCommands<String, String> r, StreamMessage<String, String> m) {
            String stream = m.getStream();
            String id = m.getBody().get("batch");
            int index = Integer.parseInt(m.getBody().getOrDefault("index", "-1"));
            List<PendingMessage> pending = r.xpending(stream, QueueKeys.GROUP, Range.create(m.getId(), m.getId()),
                    Limit.from(1));
            if (pending.isEmpty()) {
                return; // acknowledged meanwhile by the worker that held it before: nothing to do
            }
            if (!consumer.equals(pending.get(0).getConsumer())) {
                // read with others in one blocking read, it waited here past the lease and was taken over: the
                // worker that holds it now runs it
                return;
            }
            int deliveries = (int) pending.get(0).getRedeliveryCount();
            Long fence = id == null || index < 0 ? Long.valueOf(-1) : r.eval(LuaScripts.QUEUE_START,
                    ScriptOutputType.INTEGER, new String[] {keys.batch(id), keys.running(id)}, Integer.toString(index),
                    m.getId() + " " + consumer, Long.toString(retention.toMillis()));
            if (fence == null || fence < 0) { // expired or foreign: nothing to do
                ack(r, stream, m.getId());
                return;
            }
            if (fence == 0) { // canceled before it started here: it never creates anything
                if (deliveries > 1) {
                    cancelOrphans(id, index);
                }
                record(r, id, index, BatchOutcome.CANCELED, List.of(), List.of(), BigDecimal.ZERO, "the batch was "
                        + "canceled", deliveries, false, consumer);
                ack(r, stream, m.getId());
                return;
            }
            try { // past the fence: a cancel waits until this ends
                if (deliveries > maxDeliveries) {
                    deadLetter(r, m, id, index, deliveries, r.hget(keys.errors(), m.getId()));
                    return;
                }
                // read outside the decode's try: Redis failing here (a restart) leaves the item pending for a
                // redelivery after the lease; only a request that cannot be decoded is dead-lettered
                String encoded = r.hget(keys.items(id), Integer.toString(index));
                ModelRequest request;
                try {
                    request = QueuedRequests.decode(Objects.requireNonNull(encoded, "the item's request is gone"));
                } catch (RuntimeException e) {
                    deadLetter(r, m, id, index, deliveries, "unreadable item: " + e.getMessage());
                    return;
                }
                run(r, m, id, index, r.hget(keys.batch(id), "subject"), request, deliveries);
            } finally {
                try {
                    r.hdel(keys.running(id), Integer.toString(index));
                } catch (RuntimeException e) { // a cancel sees the entry acknowledged, or idle past the lease
                    log.debug("could not clear the running mark of {}/{}: {}", id, index, e.toString());
                }
            }
        }

        /**
         * Runs an item past the fence as a batch of one, heart-beating it and checking for a cancel meanwhile, then
         * records its outcome and acknowledges it; an item that could not run is left to a redelivery after the lease.
         */
        private void run(RedisCommands<String, String> r, StreamMessage<String, String> m, String id, int index,
                         String subject, ModelRequest request, int deliveries) {
            String stream = m.getStream();
            ScheduledFuture<?> heartbeat = timers.scheduleAtFixedRate(() -> shared.async().xclaim(stream,
                    Consumer.from(QueueKeys.GROUP, consumer), XClaimArgs.Builder.justid().minIdleTime(0), m.getId())
                    .whenComplete((v, e) -> {
                        if (e != null) {
                            log.debug("queue heartbeat of {} failed: {}", m.getId(), e.toString());
                        }
                    }), 0, lease.toMillis() / 3, TimeUnit.MILLISECONDS); // at once (it may have waited), then async
            ScheduledFuture<?> cancelCheck = null;
            BatchJob job = null;
            try {
                job = flux.submitBatch(BatchRequest.builder().add(request).subject(subject).syncWait(RUN_SYNC_WAIT)
                        .quotaPolicy(QuotaPolicy.FAIL_BATCH).journal(id + "/" + index, journal).build());
                jobs.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(job);
                BatchJob started = job;
                // beside the pub/sub message, which a disconnected instance misses: canceled while it was being taken
                cancelCheck = timers.scheduleAtFixedRate(() -> cancelIfCanceled(id, started), 0, CANCEL_CHECK_MILLIS,
                        TimeUnit.MILLISECONDS);
                BatchResult result = job.result().get(); // bounded by the client's predictionTimeout per prediction
                BatchItem item = result.items().get(0);
                Optional<GenerationResult> g = item.result();
                List<String> ids = new ArrayList<>();
                g.ifPresent(x -> {
                    if (x.steps().isEmpty()) {
                        ids.add(x.predictionId());
                    } else {
                        x.steps().forEach(st -> ids.addAll(st.predictionIds()));
                    }
                });
                List<URI> images = g.map(x -> x.images().stream().map(GeneratedImage::location).toList())
                        .orElse(List.of());
                BatchOutcome outcome = item.outcome();
                String error = item.error().map(Throwable::getMessage).orElse(null);
                BigDecimal cost = result.totalCost();
                untilStored(() -> {
                    record(r, id, index, outcome, ids, images, cost, error, deliveries, false, consumer);
                    ack(r, stream, m.getId());
                });
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof QuotaExceededException) {
                    record(r, id, index, BatchOutcome.SKIPPED_QUOTA, List.of(), List.of(), BigDecimal.ZERO,
                            cause.getMessage(), deliveries, false, consumer);
                    ack(r, stream, m.getId());
                } else {
                    r.hset(keys.errors(), m.getId(), String.valueOf(cause));
                    log.warn("queued item {}/{} could not run ({}); it is retried after the lease", id, index,
                            cause.toString());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                heartbeat.cancel(false);
                if (cancelCheck != null) {
                    cancelCheck.cancel(false);
                }
                if (job != null) {
                    BatchJob done = job;
                    jobs.computeIfPresent(id, (k, set) -> {
                        set.remove(done);
                        return set.isEmpty() ? null : set;
                    });
                }
            }
        }

        /**
         * Cancels on Replicate what an earlier delivery of a canceled batch's item created and did not finish (its
         * worker stopped: the item's journal has the prediction ids).
         */
        private void cancelOrphans(String id, int index) {
            journal.load(id + "/" + index).values().stream().filter(e -> e.isCreated() && !e.isStored())
                    .forEach(e -> flux.cancelPrediction(e.predictionId()).whenComplete((v, err) -> {
                        if (err != null) {
                            log.warn("could not cancel prediction {} of canceled batch {}: {}", e.predictionId(), id,
                                    err.toString());
                        }
                    }));
        }

        /** Cancels the job when its batch is marked canceled (read asynchronously; the cancel runs on a timer). */
        private void cancelIfCanceled(String id, BatchJob job) {
            shared.async().hget(keys.batch(id), "state").thenAcceptAsync(state -> {
                if ("canceled".equals(state)) {
                    job.cancel();
                }
            }, timers).exceptionally(e -> {
                log.debug("could not read the state of batch {}: {}", id, e.toString());
                return null;
            });
        }

        /**
         * Records a finished item, retrying while Redis is unreachable — the heartbeat goes on meanwhile, so no other
         * worker runs it again — for up to a lease; after that the item is left to a takeover (which answers it from
         * the journal at no cost).
         */
        private void untilStored(Runnable write) {
            long deadline = System.nanoTime() + lease.toNanos();
            while (true) {
                try {
                    write.run();
                    return;
                } catch (RuntimeException e) {
                    if (System.nanoTime() > deadline || Thread.currentThread().isInterrupted()) {
                        log.warn("could not record a finished queued item ({}); another worker will answer it from "
                                + "the journal", e.toString());
                        return;
                    }
                    sleep(500);
                }
            }
        }

        private void deadLetter(RedisCommands<String, String> r, StreamMessage<String, String> m, String id,
                                int index, int deliveries, String lastError) {
            String error = "dead-lettered after " + deliveries + " deliveries" + (lastError != null ? ": " + lastError
                    : "");
            Map<String, String> body = new LinkedHashMap<>(m.getBody());
            body.put("error", error);
            body.put("deliveries", Integer.toString(deliveries));
            r.xadd(keys.dead(), body);
            record(r, id, index, BatchOutcome.FAILED, List.of(), List.of(), BigDecimal.ZERO, error, deliveries, true,
                    consumer);
            ack(r, m.getStream(), m.getId());
            log.warn("queued item {}/{} {}", id, index, error);
        }

        private void ack(RedisCommands<String, String> r, String stream, String entry) {
            r.xack(stream, QueueKeys.GROUP, entry);
            r.xdel(stream, entry); // the stream holds only waiting and running items: its length is the backlog
            r.hdel(keys.errors(), entry);
        }
    }

    /** Records every item of a batch that never started as canceled. */
    private void cancelUnstarted(RedisCommands<String, String> r, String id, int total, String worker) {
        for (int i = 0; i < total; i++) {
            record(r, id, i, BatchOutcome.CANCELED, List.of(), List.of(), BigDecimal.ZERO, "canceled before it started",
                    0, false, worker);
        }
    }

    /** Records an item's outcome once, counts it, and tells the batch's listeners on every instance. */
    private void record(RedisCommands<String, String> r, String id, int index, BatchOutcome outcome, List<String> ids,
                        List<URI> images, BigDecimal cost, String error, int deliveries, boolean dead,
                        String worker) {
        ObjectNode n = QueueRecords.item(index, outcome, ids, images, cost, error, deliveries, worker);
        Long first = r.eval(LuaScripts.QUEUE_RECORD, ScriptOutputType.INTEGER, new String[] {keys.outcomes(id),
            keys.batch(id)}, Integer.toString(index), n.toString(), QueueRecords.counter(outcome),
                Long.toString(cost.movePointRight(6).longValue()), Integer.toString(images.size()), dead ? "1" : "0",
                Long.toString(retention.toMillis()));
        if (first != null && first == 1) {
            r.publish(keys.events(id), QueueRecords.event(n, r.hgetall(keys.batch(id))));
        }
    }

    private void sample() {
        try {
            RedisCommands<String, String> r = shared.sync();
            long depth = 0;
            long oldest = Long.MAX_VALUE;
            for (String tier : tiers.keySet()) {
                depth += r.xlen(keys.stream(tier));
                List<StreamMessage<String, String>> first = r.xrange(keys.stream(tier), Range.create("-", "+"),
                        Limit.from(1));
                if (!first.isEmpty()) {
                    oldest = Math.min(oldest, Long.parseLong(first.get(0).getId().split("-")[0]));
                }
            }
            // stream ids carry Redis's clock: the age is measured on it too, never against this instance's
            List<String> time = r.time();
            long redisNow = Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
            Duration age = oldest == Long.MAX_VALUE ? Duration.ZERO : Duration.ofMillis(Math.max(0, redisNow - oldest));
            QueueSample s = new QueueSample(keys.prefix(), depth, age, claims.get(), r.xlen(keys.dead()));
            flux.options().observer().queueSampled(s);
        } catch (RuntimeException e) {
            log.debug("queue sample failed: {}", e.toString());
        }
    }

    // ------------------------------------------------------------------------------------------------------ close

    /**
     * Stops this instance's workers: they take nothing new, and the items they run are finished and recorded (each
     * bounded by the client's {@code predictionTimeout}) — close the queue before its client. A process killed
     * meanwhile leaves them to another instance after the lease. Closes the queue's own connections, not the user's
     * clients.
     */
    @Override
    public void close() {
        running = false;
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        StatefulRedisPubSubConnection<String, String> ps = pubsub;
        if (ps != null) {
            ps.close();
        }
        events.shutdown();
        ScheduledFuture<?> s = sampling;
        if (s != null) {
            s.cancel(false);
        }
        timers.shutdownNow();
        journal.close();
        shared.close();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "RedisBatchQueue{" + keys.prefix() + ", tiers=" + tiers + ", workers=" + workerCount + ", lease=" + lease
                + ", cancelTimeout=" + cancelTimeout + "}";
    }

    /** Configures a {@link RedisBatchQueue}. */
    public static final class Builder {
        private final RedisClient redis;
        private final FluxSchnellClient flux;
        private String prefix = "flux-schnell:queue";
        private final Map<String, Integer> tiers = new LinkedHashMap<>();
        private Duration lease = Duration.ofSeconds(60);
        private int maxDeliveries = 5;
        private int workers = 4;
        private Duration retention = Duration.ofDays(7);
        private Duration cancelTimeout = Duration.ofSeconds(30);
        private Clock clock = Clock.systemUTC();

        private Builder(RedisClient redis, FluxSchnellClient flux) {
            this.redis = Objects.requireNonNull(redis, "redis must not be null");
            this.flux = Objects.requireNonNull(flux, "flux must not be null");
        }

        /**
         * The Redis key prefix (default {@code flux-schnell:queue}): instances sharing it share the queue.
         *
         * @param prefix the key prefix
         * @return this builder
         */
        public Builder prefix(String prefix) {
            this.prefix = Objects.requireNonNull(prefix, "prefix must not be null");
            return this;
        }

        /**
         * Adds a tier and its weight (default: one tier, {@code default}, weight 1). A tier with weight 10 gets ten
         * items for every one of a tier with weight 1 while both have items.
         *
         * @param name the tier's name, e.g. {@code pro}
         * @param weight its share, 1-1000
         * @return this builder
         */
        public Builder tier(String name, int weight) {
            Objects.requireNonNull(name, "name must not be null");
            if (!name.matches("[A-Za-z0-9_-]{1,40}") || weight < 1 || weight > 1000) {
                throw new IllegalArgumentException("a tier is 1-40 letters, digits, _ or -, with a weight of 1-1000");
            }
            tiers.put(name, weight);
            return this;
        }

        /**
         * How long a worker may hold an item without heart-beating before another instance takes it over (default
         * 60 s; heartbeats every lease / 3).
         *
         * @param lease the lease, at least 1 s
         * @return this builder
         */
        public Builder lease(Duration lease) {
            if (lease == null || lease.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("lease must be at least 1 s");
            }
            this.lease = lease;
            return this;
        }

        /**
         * How many deliveries an item gets before it is dead-lettered (default 5).
         *
         * @param maxDeliveries at least 1
         * @return this builder
         */
        public Builder maxDeliveries(int maxDeliveries) {
            if (maxDeliveries < 1) {
                throw new IllegalArgumentException("maxDeliveries must be at least 1");
            }
            this.maxDeliveries = maxDeliveries;
            return this;
        }

        /**
         * Worker threads on this instance (default 4): items run at once here.
         *
         * @param workers 1-256
         * @return this builder
         */
        public Builder workers(int workers) {
            if (workers < 1 || workers > 256) {
                throw new IllegalArgumentException("workers must be 1-256");
            }
            this.workers = workers;
            return this;
        }

        /**
         * How long a batch's keys are kept (default 7 days).
         *
         * @param retention how long batches are kept
         * @return this builder
         */
        public Builder retention(Duration retention) {
            this.retention = Objects.requireNonNull(retention, "retention must not be null");
            return this;
        }

        /**
         * How long {@link RedisBatchQueue#cancel} waits, at most, for the workers holding the batch's items to stop
         * them (default 30 s) before it throws {@link CancelTimeoutException}.
         *
         * @param cancelTimeout the longest wait, at least 1 s
         * @return this builder
         */
        public Builder cancelTimeout(Duration cancelTimeout) {
            if (cancelTimeout == null || cancelTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("cancelTimeout must be at least 1 s");
            }
            this.cancelTimeout = cancelTimeout;
            return this;
        }

        /**
         * The clock for not-before times and ages (default UTC system clock).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock must not be null");
            return this;
        }

        /** {@return the queue (its workers not started: {@link RedisBatchQueue#start()})} */
        public RedisBatchQueue build() {
            if (tiers.isEmpty()) {
                tiers.put("default", 1);
            }
            return new RedisBatchQueue(this);
        }
    }
}
