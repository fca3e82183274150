package dev.fluxschnell.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fluxschnell.sdk.GeneratedImage;
import dev.fluxschnell.sdk.GenerationResult;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.nio.file.Path;

/**
 * Prints the images a run made on stdout: one path per line, or with {@code --json} one JSON object per image —
 * {@code path}, {@code prediction_id}, {@code model} ({@code owner/name}) and {@code cost_usd} (this image's share of
 * its prediction's cost; null when an earlier run made it and this one paid nothing).
 */
final class ResultPrinter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final PrintWriter out;
    private final boolean json;

    ResultPrinter(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    void print(GenerationResult r) {
        BigDecimal each = r.cached() || r.images().isEmpty() ? null
                : r.cost().divide(BigDecimal.valueOf(r.images().size()), 6, RoundingMode.HALF_UP).stripTrailingZeros();
        for (GeneratedImage img : r.images()) {
            if (!json) {
                out.println(path(img.location()));
                continue;
            }
            ObjectNode n = JSON.createObjectNode().put("path", path(img.location()))
                    .put("prediction_id", r.predictionId()).put("model", r.model().toString());
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

    /** A local file as a path; anything else (s3://, gs://) as its URI. */
    static String path(URI location) {
        return "file".equals(location.getScheme()) ? Path.of(location).toString() : location.toString();
    }
}
