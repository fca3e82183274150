package dev.fluxschnell.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fluxschnell.sdk.result.GeneratedImage;
import dev.fluxschnell.sdk.result.GenerationResult;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Prints the images a run made on stdout: one path per line, or with {@code --json} one JSON object per image —
 * {@code path}, {@code prediction_id}, {@code model} ({@code owner/name} of the model that made the image: a pipeline's
 * last step's) and {@code cost_usd} (this image's share of what its item cost, every step included; null when an
 * earlier run made it and this one paid nothing, or when a GPU-time cost could not be read).
 */
final class ResultPrinter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final PrintWriter out;
    private final boolean json;
    private final boolean paths;

    /** A printer on {@code out}: JSON objects with {@code json}, else paths when {@code paths}, else nothing. */
    ResultPrinter(PrintWriter out, boolean json, boolean paths) {
        this.out = out;
        this.json = json;
        this.paths = paths;
    }

    /** Prints the result's images, and flushes. */
    void print(GenerationResult r) {
        if (!json && !paths) {
            return;
        }
        BigDecimal each = r.cached() || r.images().isEmpty() || !r.costExact() ? null
                : r.cost().divide(BigDecimal.valueOf(r.images().size()), 6, RoundingMode.HALF_UP).stripTrailingZeros();
        String model = (r.steps().isEmpty() ? r.model() : r.steps().get(r.steps().size() - 1).model()).toString();
        String predictionId = r.steps().isEmpty() ? r.predictionId() : null;
        for (GeneratedImage img : r.images()) {
            String id = predictionId != null ? predictionId : lastStepPrediction(r, img.index());
            if (!json) {
                out.println(path(img.location()));
                continue;
            }
            ObjectNode n = JSON.createObjectNode().put("path", path(img.location()))
                    .put("prediction_id", id).put("model", model);
            if (each != null) {
                n.put("cost_usd", each);
            } else {
                n.putNull("cost_usd");
            }
            try {
                out.println(JSON.writeValueAsString(n));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
        out.flush();
    }

    /** The prediction of a pipeline's last step that made image {@code index} (one prediction per image). */
    private static String lastStepPrediction(GenerationResult r, int index) {
        List<String> ids = r.steps().get(r.steps().size() - 1).predictionIds();
        return index < ids.size() ? ids.get(index) : r.predictionId();
    }

    /** A local file as a path; anything else (s3://, gs://) as its URI. */
    static String path(URI location) {
        return "file".equals(location.getScheme()) ? Path.of(location).toString() : location.toString();
    }
}
