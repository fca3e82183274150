package dev.fluxschnell.sdk.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.ModelRequest;
import dev.fluxschnell.sdk.request.PipelineRequest;
import dev.fluxschnell.sdk.request.Step;
import dev.fluxschnell.sdk.prompts.CatalogueRow;
import dev.fluxschnell.sdk.prompts.PromptFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A queued item's request as JSON, so any instance can run it: a flux-schnell request by its wire names (read back
 * through the prompt-file rules), or a pipeline of one with its steps' specs. Requests that read local files or bytes,
 * and custom steps, exist only in the JVM that made them: they are refused at submit.
 */
final class QueuedRequests {
    private static final ObjectMapper JSON = new ObjectMapper();

    private QueuedRequests() {}

    /**
     * {@return the request as JSON}
     *
     * @throws IllegalArgumentException for a request another instance could not run
     */
    static String encode(ModelRequest request) {
        try {
            return JSON.writeValueAsString(node(request));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode node(ModelRequest request) {
        if (request instanceof ImageRequest r) {
            if (r.webhook().isPresent()) {
                throw new IllegalArgumentException("a queued item carries no webhook: the queue reports progress "
                        + "itself (status, items, listen)");
            }
            ObjectNode n = JSON.createObjectNode().put("type", "image");
            image(r).forEach(n::put);
            return n;
        }
        if (request instanceof PipelineRequest p && p.first() instanceof ImageRequest) {
            ObjectNode n = JSON.createObjectNode().put("type", "pipeline").put("keep", p.keepsIntermediates());
            n.set("first", node(p.first()));
            for (Step step : p.steps()) {
                n.withArray("then").add(step.spec().orElseThrow(() -> new IllegalArgumentException("step '"
                        + step.name() + "' is a custom step: it exists only in this JVM and cannot be queued")));
            }
            return n;
        }
        throw new IllegalArgumentException("a queued item must be runnable on any instance: flux-schnell requests "
                + "and pipelines of them can be queued, " + request.getClass().getSimpleName() + "s (whose input "
                + "images may exist only here) cannot yet");
    }

    /** A flux-schnell request's settings by their wire names, as a prompt-file row. */
    private static Map<String, String> image(ImageRequest r) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("prompt", r.prompt());
        m.put("style", r.style().value());
        m.put("aspect_ratio", r.aspectRatio().value());
        m.put("output_format", r.outputFormat().value());
        m.put("output_quality", Integer.toString(r.outputQuality()));
        m.put("num_inference_steps", Integer.toString(r.numInferenceSteps()));
        r.seed().ifPresent(s -> m.put("seed", Long.toString(s)));
        m.put("go_fast", Boolean.toString(r.goFast()));
        m.put("megapixels", r.megapixels().value());
        m.put("disable_safety_checker", Boolean.toString(r.disableSafetyChecker()));
        m.put("count", Integer.toString(r.numOutputs()));
        return m;
    }

    /**
     * {@return the request the JSON describes}
     *
     * @throws IllegalArgumentException when it is not a request this version can run
     */
    static ModelRequest decode(String json) {
        try {
            return decode(JSON.readTree(json));
        } catch (IOException e) {
            throw new IllegalArgumentException("a queued item is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static ModelRequest decode(JsonNode n) {
        switch (n.path("type").asText()) {
            case "image": {
                Map<String, String> row = new LinkedHashMap<>();
                n.fields().forEachRemaining(e -> {
                    if (!e.getKey().equals("type")) {
                        row.put(e.getKey(), e.getValue().asText());
                    }
                });
                return PromptFile.entries(java.util.List.of(new CatalogueRow("queued item", 1, row)), b -> { })
                        .get(0).requests(1).get(0);
            }
            case "pipeline": {
                ModelRequest r = decode(n.path("first"));
                for (JsonNode step : n.path("then")) {
                    r = r.then(Step.parse(step.asText()));
                }
                PipelineRequest p = PipelineRequest.of(r);
                return n.path("keep").asBoolean() ? p.keepingIntermediates() : p;
            }
            default:
                throw new IllegalArgumentException("unknown queued item type '" + n.path("type").asText() + "'");
        }
    }
}
