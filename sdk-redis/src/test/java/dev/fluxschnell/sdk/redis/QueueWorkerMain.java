package dev.fluxschnell.sdk.redis;

import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import io.lettuce.core.RedisClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** One "instance" in its own JVM: runs queue workers until it is killed. Args: baseUrl token redisPort out leaseMs. */
public final class QueueWorkerMain {
    private QueueWorkerMain() {}

    /** Runs the workers. */
    public static void main(String[] args) throws Exception {
        RedisClient redis = RedisClient.create("redis://127.0.0.1:" + args[2]);
        FluxSchnellClient client = FluxSchnellClient.builder().apiToken(args[1]).baseUrl(URI.create(args[0]))
                .downloadHosts(List.of("127.0.0.1")).storage(LocalFileStorage.of(Path.of(args[3])).withoutSidecars())
                .rateLimitPerMinute(6000).build();
        RedisBatchQueue queue = RedisBatchQueue.builder(redis, client).lease(Duration.ofMillis(Long.parseLong(args[4])))
                .workers(3).build().start();
        System.out.println("started " + queue.instance());
        Thread.sleep(Long.MAX_VALUE);
    }
}
