package dev.fluxschnell.spring.ai;

import dev.fluxschnell.sdk.result.GeneratedImage;
import dev.fluxschnell.sdk.result.GenerationResult;
import java.net.URI;
import java.util.Objects;
import java.util.OptionalLong;
import org.springframework.ai.image.ImageGenerationMetadata;

/**
 * What flux-schnell reports about one generated image.
 *
 * @param predictionId the Replicate prediction that made it
 * @param index its index among that prediction's outputs
 * @param seed the seed the model used, when it reported one
 * @param location where it is stored ({@code file:}, {@code s3:}, {@code gs:})
 * @param contentType its MIME type, e.g. {@code image/webp}
 * @param cached whether it came from earlier work (a result cache) at no cost
 */
public record FluxSchnellImageGenerationMetadata(String predictionId, int index, OptionalLong seed, URI location,
                                                 String contentType, boolean cached)
        implements ImageGenerationMetadata {
    /**
     * Checks the components.
     *
     * @param predictionId the Replicate prediction that made it
     * @param index its index among that prediction's outputs
     * @param seed the seed the model used, when it reported one
     * @param location where it is stored
     * @param contentType its MIME type
     * @param cached whether it came from earlier work at no cost
     */
    public FluxSchnellImageGenerationMetadata {
        Objects.requireNonNull(predictionId, "predictionId must not be null");
        Objects.requireNonNull(seed, "seed must not be null");
        Objects.requireNonNull(location, "location must not be null");
        Objects.requireNonNull(contentType, "contentType must not be null");
    }

    static FluxSchnellImageGenerationMetadata of(GenerationResult result, GeneratedImage image) {
        OptionalLong seed = image.seed().isPresent() ? image.seed() : result.seed();
        return new FluxSchnellImageGenerationMetadata(result.predictionId(), image.index(), seed, image.location(),
                image.format().mimeType(), result.cached());
    }
}
