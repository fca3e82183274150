package dev.fluxschnell.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fluxschnell.sdk.redis.LocalRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link WebRestartTest}'s restart with the users' libraries in Redis ({@code web.redis-url}, a redis-server started
 * by the test): nothing of them is written beside the images.
 */
class WebRestartRedisIT {
    @Test
    void aRestart_keepsFavouritesHistorySharesUsageAndGallery_inRedis() throws Exception {
        try (LocalRedis redis = LocalRedis.start()) {
            Path storage = Files.createTempDirectory("web-images");
            WebRestartTest.aRestartKeepsEverything(List.of("--flux-schnell.storage.directory=" + storage,
                    "--web.redis-url=redis://127.0.0.1:" + redis.port));
            assertThat(storage.resolve(".web-store")).doesNotExist();
        }
    }
}
