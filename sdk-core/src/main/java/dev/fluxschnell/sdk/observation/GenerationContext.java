package dev.fluxschnell.sdk.observation;

import dev.fluxschnell.sdk.GenerationResult;
import dev.fluxschnell.sdk.ImageRequest;
import io.micrometer.observation.Observation;
import java.util.Objects;
import java.util.Optional;

/** What a generation's Micrometer observation knows: the request, then the prediction id and the result. */
public final class GenerationContext extends Observation.Context {
    private final ImageRequest request;
    private final String model;
    private final String serverAddress;
    private volatile String predictionId;
    private volatile GenerationResult result;

    /** A context for {@code request}, sent to {@code model} at {@code serverAddress}. */
    public GenerationContext(ImageRequest request, String model, String serverAddress) {
        this.request = Objects.requireNonNull(request, "request must not be null");
        this.model = Objects.requireNonNull(model, "model must not be null");
        this.serverAddress = Objects.requireNonNull(serverAddress, "serverAddress must not be null");
    }

    /** The request being generated. */
    public ImageRequest request() {
        return request;
    }

    /** The model asked ({@code black-forest-labs/flux-schnell}, or the deployment's name). */
    public String model() {
        return model;
    }

    /** The API host the client talks to. */
    public String serverAddress() {
        return serverAddress;
    }

    /** The prediction's id, once it was created. */
    public Optional<String> predictionId() {
        return Optional.ofNullable(predictionId);
    }

    /** The result, once the images were stored. */
    public Optional<GenerationResult> result() {
        return Optional.ofNullable(result);
    }

    void predictionId(String predictionId) {
        this.predictionId = predictionId;
    }

    void result(GenerationResult result) {
        this.result = result;
    }
}
