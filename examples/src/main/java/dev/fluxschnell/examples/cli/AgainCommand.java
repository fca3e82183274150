package dev.fluxschnell.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fluxschnell.sdk.result.GenerationResult;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.Model;
import dev.fluxschnell.sdk.prompts.CatalogueRow;
import dev.fluxschnell.sdk.prompts.PromptFile;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flux again PREDICTION_ID}: makes a stored prediction's images again — the same request, with the seed the
 * model used — read from the images' JSON sidecars in {@code --out}.
 */
@Command(name = "again", mixinStandardHelpOptions = true, description = "Make a stored prediction's images again: "
        + "the same settings and the seed the model used (read from the images' .json files in --out).")
final class AgainCommand implements Callable<Integer> {
    /** The sidecar keys that are request settings, by their prompt-file (wire) names. */
    private static final List<String> SETTINGS = List.of("prompt", "style", "aspect_ratio", "output_format",
            "output_quality", "num_inference_steps", "megapixels", "go_fast", "seed");

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PREDICTION_ID", description = "the prediction that made the images (in "
            + "the manifest, the .json files and --json output)")
    String predictionId;

    @Option(names = "--no-fast", description = "turn go_fast off: with the seed, the images are reproducible")
    boolean noFast;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws IOException {
        List<JsonNode> sidecars = sidecars();
        JsonNode first = sidecars.get(0);
        String model = first.path("model").asText(Model.FLUX_SCHNELL.toString());
        if (!model.equals(Model.FLUX_SCHNELL.toString())) {
            throw new Session.UsageException("again makes flux-schnell images; prediction " + predictionId + " ran "
                    + model);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (String key : SETTINGS) {
            String v = first.path(key).asText(null);
            if (v != null && !(key.equals("seed") && v.equals("random"))) {
                settings.put(key, v);
            }
        }
        settings.put("count", Integer.toString(sidecars.size()));
        ImageRequest request = PromptFile.entries(List.of(new CatalogueRow("prediction " + predictionId, 1,
                settings)), b -> { }).get(0).requests(1).get(0);
        if (noFast) {
            request = request.toBuilder().goFast(false).build();
        }
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter info = common.json ? err : spec.commandLine().getOut();
        if (request.goFast()) {
            err.println("note: go_fast was on, so the same seed may give slightly different images (--no-fast makes "
                    + "them reproducible)");
        }
        common.checkOut();
        try (Session s = Session.open(common, LocalFileStorage.of(common.out), 1, 1, err)) {
            GenerationResult r = s.client.generate(request);
            new ResultPrinter(spec.commandLine().getOut(), common.json).print(r);
            info.printf("again: %s → %s, seed %s, $%s%n", predictionId, r.predictionId(),
                    r.seed().isPresent() ? Long.toString(r.seed().getAsLong()) : "random", r.cost().toPlainString());
            if (s.sandbox) {
                info.println(Session.SANDBOX_BANNER);
            }
        }
        info.flush();
        return 0;
    }

    /** The JSON sidecars of the prediction's images in {@code --out}, in output order. */
    private List<JsonNode> sidecars() throws IOException {
        if (!Files.isDirectory(common.out)) {
            throw new Session.UsageException("--out " + common.out + " is not a directory of generated images");
        }
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(common.out)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                try {
                    JsonNode n = json.readTree(p.toFile());
                    if (predictionId.equals(n.path("prediction_id").asText())) {
                        found.add(n);
                    }
                } catch (IOException notASidecar) {
                    // another JSON file
                }
            }
        }
        if (found.isEmpty()) {
            throw new Session.UsageException("no image of prediction " + predictionId + " in " + common.out);
        }
        found.sort((a, b) -> Integer.compare(a.path("index").asInt(), b.path("index").asInt()));
        return found;
    }
}
