package dev.fluxschnell.sdk.redis;

import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import io.lettuce.core.RedisClient;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/** One "instance" in its own JVM: runs a journaled batch until it is killed. Args: baseUrl token redisPort batchId out count. */
public final class JournalWorker {
    private JournalWorker() {}

    /** Runs the batch. */
    public static void main(String[] args) throws Exception {
        RedisClient redis = RedisClient.create("redis://127.0.0.1:" + args[2]);
        RedisBatchJournal journal = RedisBatchJournal.of(redis);
        FluxSchnellClient client = FluxSchnellClient.builder().apiToken(args[1]).baseUrl(URI.create(args[0]))
                .downloadHosts(List.of("127.0.0.1")).storage(LocalFileStorage.of(Path.of(args[4])).withoutSidecars()).maxPredictionsPerBatch(100)
                .rateLimitPerMinute(6000).build();
        client.generateBatch(RedisJournalIT.batch(args[3], Integer.parseInt(args[5]), journal));
        System.out.println("finished");
    }
}
