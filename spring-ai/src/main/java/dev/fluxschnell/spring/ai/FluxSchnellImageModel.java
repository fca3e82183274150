package dev.fluxschnell.spring.ai;

import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.result.GeneratedImage;
import dev.fluxschnell.sdk.result.GenerationResult;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.ModelRequest;
import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.batch.BatchResult;
import dev.fluxschnell.sdk.errors.FluxSchnellException;
import dev.fluxschnell.sdk.storage.StoredImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.springframework.ai.image.Image;
import org.springframework.ai.image.ImageGeneration;
import org.springframework.ai.image.ImageMessage;
import org.springframework.ai.image.ImageModel;
import org.springframework.ai.image.ImagePrompt;
import org.springframework.ai.image.ImageResponse;
import org.springframework.ai.retry.NonTransientAiException;

/**
 * flux-schnell — or any other text-to-image model of the SDK by the {@code model} option: flux-dev, FLUX 1.1 Pro and
 * Ultra, FLUX.2 pro, max, flex, dev and Klein — as a Spring AI {@link ImageModel}, over a {@link FluxSchnellClient}
 * (its retries, limits, quota and storage apply). Each call runs as one prediction
 * ({@link FluxSchnellClient#generate(ModelRequest)}: up to 4 images on flux-schnell and flux-dev, one on the others) or,
 * for a larger {@code n}, as a batch of them ({@link BatchRequest#split}). Options left unset are not sent: the
 * model's own defaults apply; {@code width}/{@code height} are an exact custom size on FLUX.2 and FLUX 1.1 Pro.
 *
 * <p>Images are stored by the client's storage before the call returns; {@code responseFormat} {@code url} (default)
 * gives each image's download URL (presigned S3, Firebase token URL) or its storage location ({@code file:},
 * {@code s3:}), {@code b64_json} its bytes read back from storage. Invalid options fail with
 * {@link IllegalArgumentException} before anything is sent; service and prediction errors surface as Spring AI's
 * {@link org.springframework.ai.retry.TransientAiException} or {@link NonTransientAiException} with the SDK's
 * exception as cause. When some predictions of a large {@code n} fail, the images of the others are returned and
 * {@link FluxSchnellImageResponseMetadata#getFailures()} says what failed.
 */
public final class FluxSchnellImageModel implements ImageModel {
    /** The value of {@code spring.ai.model.image} that selects this model. */
    public static final String SPRING_AI_MODEL = "flux-schnell";
    /** The model a call runs when the {@code model} option is unset, as metadata reports it. */
    public static final String MODEL = "black-forest-labs/flux-schnell";

    private final FluxSchnellClient client;
    private final FluxSchnellImageOptions defaultOptions;

    private FluxSchnellImageModel(FluxSchnellClient client, FluxSchnellImageOptions defaultOptions) {
        this.client = Objects.requireNonNull(client, "client must not be null");
        this.defaultOptions = Objects.requireNonNull(defaultOptions, "defaultOptions must not be null");
    }

    /**
     * {@return a model over {@code client} with no default options (the SDK's defaults apply)}
     *
     * @param client the client that makes and stores the images
     */
    public static FluxSchnellImageModel of(FluxSchnellClient client) {
        return builder().client(client).build();
    }

    /** {@return a builder} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the options every call starts from (a prompt's options override them)} */
    public FluxSchnellImageOptions getDefaultOptions() {
        return defaultOptions;
    }

    /** Generates the prompt's images, stores them, and answers with their URLs or bytes and metadata. */
    @Override
    public ImageResponse call(ImagePrompt prompt) {
        Objects.requireNonNull(prompt, "prompt must not be null");
        FluxSchnellImageOptions options = defaultOptions.overriddenBy(prompt.getOptions());
        ImageRequest request = FluxSchnellRequests.toRequest(text(prompt.getInstructions()), options);
        boolean base64 = FluxSchnellRequests.base64(options.getResponseFormat());
        List<ModelRequest> parts = BatchRequest.split(request, options.getN() == null ? 1 : positive(options.getN()));

        List<GenerationResult> results;
        List<String> failures;
        try {
            if (parts.size() == 1) { // one prediction: the client's one call
                results = List.of(client.generate(parts.get(0)));
                failures = List.of();
            } else { // several: a batch, which keeps the images of those that succeed
                BatchResult batch = client.generateBatch(BatchRequest.of(parts));
                results = batch.results();
                if (results.isEmpty()) {
                    throw batch.errors().get(0);
                }
                failures = batch.errors().stream().map(Throwable::getMessage).toList();
            }
        } catch (FluxSchnellException e) {
            throw FluxSchnellAiExceptions.translate(e);
        }
        List<ImageGeneration> generations = new ArrayList<>();
        for (GenerationResult r : results) {
            for (GeneratedImage image : r.images()) {
                generations.add(new ImageGeneration(image(image, base64), FluxSchnellImageGenerationMetadata.of(r,
                        image)));
            }
        }
        BigDecimal cost = results.stream().map(GenerationResult::cost).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new ImageResponse(generations, new FluxSchnellImageResponseMetadata(request.model().toString(),
                results.stream().map(GenerationResult::predictionId).toList(), cost, failures));
    }

    private Image image(GeneratedImage image, boolean base64) {
        if (!base64) {
            return new Image(image.downloadUrl().orElse(image.location()).toString(), null);
        }
        StoredImage stored = image.stored().orElseThrow(() -> new NonTransientAiException(
                "flux-schnell: image " + image.index() + " was not stored, so its bytes cannot be returned"));
        try (InputStream in = client.storage().open(stored)) {
            return new Image(null, Base64.getEncoder().encodeToString(in.readAllBytes()));
        } catch (IOException e) {
            throw new NonTransientAiException("flux-schnell: reading the stored image " + stored.location()
                    + " back failed: " + e.getMessage(), new UncheckedIOException(e));
        } catch (dev.fluxschnell.sdk.errors.StorageException e) {
            throw FluxSchnellAiExceptions.translate(e); // never retryable: non-transient
        } catch (UnsupportedOperationException e) {
            throw new NonTransientAiException("flux-schnell: responseFormat b64_json needs a storage that reads images"
                    + " back; " + e.getMessage(), e);
        }
    }

    private static int positive(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1, was " + n);
        }
        return n;
    }

    /** The prompt text: the messages' texts joined with ", " (the models have one prompt and no weights). */
    static String text(List<ImageMessage> messages) {
        if (messages == null || messages.isEmpty()) {
            throw new IllegalArgumentException("the image prompt has no message");
        }
        for (ImageMessage m : messages) {
            if (m.getWeight() != null && m.getWeight() != 1.0f) {
                throw new IllegalArgumentException("flux-schnell has no prompt weights; a message has weight "
                        + m.getWeight() + " (leave it unset or 1)");
            }
            if (!m.getMedia().isEmpty()) {
                throw new IllegalArgumentException("flux-schnell makes images from text only; a message has media");
            }
        }
        return messages.stream().map(ImageMessage::getText).filter(Objects::nonNull).map(String::strip)
                .filter(t -> !t.isEmpty()).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return "FluxSchnellImageModel{" + client + ", defaults=" + defaultOptions + "}";
    }

    /** Builds a {@link FluxSchnellImageModel}; the client is required. */
    public static final class Builder {
        private FluxSchnellClient client;
        private FluxSchnellImageOptions defaultOptions = FluxSchnellImageOptions.builder().build();

        private Builder() {}

        /**
         * The client that makes and stores the images (e.g. the Spring Boot starter's bean).
         *
         * @param client the client that makes and stores the images
         * @return this builder
         */
        public Builder client(FluxSchnellClient client) {
            this.client = client;
            return this;
        }

        /**
         * The options every call starts from.
         *
         * @param defaultOptions the options every call starts from
         * @return this builder
         */
        public Builder defaultOptions(FluxSchnellImageOptions defaultOptions) {
            this.defaultOptions = defaultOptions;
            return this;
        }

        /** {@return the model} */
        public FluxSchnellImageModel build() {
            return new FluxSchnellImageModel(client, defaultOptions);
        }
    }
}
