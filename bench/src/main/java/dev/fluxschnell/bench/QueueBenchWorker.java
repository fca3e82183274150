package dev.fluxschnell.bench;

import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.redis.RedisBatchQueue;
import dev.fluxschnell.sdk.redis.RedisCreateRateLimiter;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import io.lettuce.core.RedisClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** One instance of the queue benchmark in its own JVM, until killed. Args: baseUrl token redisUrl out leaseMs. */
public final class QueueBenchWorker {
    private QueueBenchWorker() {}

    /** Runs the instance's workers. */
    public static void main(String[] args) throws Exception {
        RedisClient redis = RedisClient.create(args[2]);
        FluxSchnellClient client = FluxSchnellClient.builder().apiToken(args[1]).baseUrl(URI.create(args[0]))
                .downloadHosts(List.of("127.0.0.1")).storage(LocalFileStorage.of(Path.of(args[3])).withoutSidecars())
                .rateLimiter(RedisCreateRateLimiter.builder().redisClient(redis).rateLimitPerMinute(6000)
                        .rateLimitBurst(10).build()).build();
        RedisBatchQueue queue = RedisBatchQueue.builder(redis, client).workers(8)
                .lease(Duration.ofMillis(Long.parseLong(args[4]))).build().start();
        System.out.println("started " + queue.instance());
        Thread.sleep(Long.MAX_VALUE);
    }
}
