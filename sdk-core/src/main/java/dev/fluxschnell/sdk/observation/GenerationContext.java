package dev.fluxschnell.sdk.observation;

import dev.fluxschnell.sdk.result.GenerationResult;
import dev.fluxschnell.sdk.request.ModelRequest;
import io.micrometer.observation.Observation;
import java.util.Objects;
import java.util.Optional;

/** What a generation's Micrometer observation knows: the request, then the prediction id and the result. */
public final class GenerationContext extends Observation.Context {
    private final ModelRequest request;
    private final String model;
    private final String serverAddress;
    private volatile String predictionId;
    private volatile GenerationResult result;

    /**
     * A context for {@code request}, sent to {@code model} at {@code serverAddress}.
     *
     * @param request the request being generated
     * @param model the model asked, or the deployment's name
     * @param serverAddress the API host the client talks to
     */
    public GenerationContext(ModelRequest request, String model, String serverAddress) {
        this.request = Objects.requireNonNull(request, "request must not be null");
        this.model = Objects.requireNonNull(model, "model must not be null");
        this.serverAddress = Objects.requireNonNull(serverAddress, "serverAddress must not be null");
    }

    /** {@return the request being generated} */
    public ModelRequest request() {
        return request;
    }

    /** {@return the model asked ({@code black-forest-labs/flux-schnell}, or the deployment's name)} */
    public String model() {
        return model;
    }

    /** {@return the API host the client talks to} */
    public String serverAddress() {
        return serverAddress;
    }

    /** {@return the prediction's id, once it was created} */
    public Optional<String> predictionId() {
        return Optional.ofNullable(predictionId);
    }

    /** {@return the result, once the images were stored} */
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
