package dev.fluxschnell.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fluxschnell.sdk.prompts.PromptFile;
import dev.fluxschnell.sdk.request.InputField;
import dev.fluxschnell.sdk.request.InputImage;
import dev.fluxschnell.sdk.request.Model;
import dev.fluxschnell.sdk.request.ModelDescription;
import dev.fluxschnell.sdk.request.ModelRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
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
 * {@code flux again PREDICTION_ID}: makes a stored prediction's images again, for any model — the same request, with
 * the seed the model used — rebuilt from the images' JSON sidecars in {@code --out} (the model and every setting, by
 * wire name) with {@link ModelRequest#fromInputs}.
 */
@Command(name = "again", mixinStandardHelpOptions = true, description = "Make a stored prediction's images again: "
        + "the same model and settings and the seed the model used (read from the images' .json files in --out).")
final class AgainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PREDICTION_ID", description = "the prediction that made the images (in "
            + "the manifest, the .json files and --json output)")
    String predictionId;

    @Option(names = "--no-fast", description = "turn go_fast off (models that have it): with the seed, the images "
            + "are reproducible")
    boolean noFast;

    @Mixin
    SpendOptions spend;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws IOException {
        List<Path> sidecars = sidecars();
        Path first = sidecars.get(0);
        Map<String, String> stored = read(first);
        Model model = Model.parse(stored.getOrDefault("model", Model.FLUX_SCHNELL.toString()));
        if (ModelDescription.of(model).isEmpty()) {
            throw new Session.UsageException("prediction " + predictionId + " ran " + model + ", which this SDK does "
                    + "not call");
        }
        ModelRequest request = ModelRequest.fromInputs(model, view(model, stored, first.getParent()));
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter info = common.json ? err : spec.commandLine().getOut();
        if (!request.isDeterministic() && request.seed().isPresent()) {
            err.println("note: the model's fast path was on, so the same seed may give slightly different images "
                    + "(--no-fast makes them reproducible where the model has one)");
        }
        info.printf("again: prediction %s's request to %s, seed %s%n", predictionId, model,
                request.seed().isPresent() ? Long.toString(request.seed().getAsLong()) : "random");
        String where = "prediction " + predictionId;
        Plan plan = new Plan(where + " again", List.of(Plan.request(request, where, null)));
        return new PaidRun(spec, "again " + predictionId, common, spend, 1).run(plan);
    }

    /**
     * The request's view from a sidecar: every key that is a setting of {@code model} (its wire names and the SDK's
     * keys; not the sidecar's own bookkeeping), the seed the model used, and local images found again.
     */
    private Map<String, Object> view(Model model, Map<String, String> stored, Path folder) {
        Map<String, Object> view = new LinkedHashMap<>();
        stored.forEach((key, value) -> {
            if (PromptFile.isSetting(key, model) && !PromptFile.ROW_KEYS.contains(key)) {
                view.put(key, value);
            }
        });
        if ("random".equals(view.get("seed"))) {
            view.remove("seed"); // the model did not say which it drew: a new random one
        }
        if (noFast) {
            Options.noFast().forEach((k, v) -> {
                if (PromptFile.isSetting(k, model)) {
                    view.put(k, v);
                }
            });
        }
        ModelDescription.of(model).orElseThrow().schema().fields().forEach((name, field) -> {
            Object v = view.get(name);
            boolean image = field.type() == InputField.Type.URI || field.type() == InputField.Type.URI_LIST;
            if (v != null && image) {
                view.put(name, images(name, v.toString(), folder, field.type() == InputField.Type.URI));
            }
        });
        return view;
    }

    /** A sidecar's image input: https URLs as they are, local files by their name, here or next to the images. */
    private Object images(String key, String value, Path folder, boolean one) {
        List<InputImage> images = new ArrayList<>();
        for (String part : value.split(",")) {
            String p = part.strip();
            if (p.regionMatches(true, 0, "https:", 0, 6)) {
                if (p.endsWith("...")) {
                    throw new Session.UsageException("prediction " + predictionId + " read an image (" + key + ") "
                            + "whose URL its sidecar holds shortened: " + p);
                }
                images.add(InputImage.of(URI.create(p)));
                continue;
            }
            Path here = Path.of(p);
            Path found = Files.isRegularFile(here) ? here : folder.resolve(p);
            if (!Files.isRegularFile(found)) {
                throw new Session.UsageException("prediction " + predictionId + " read the local image '" + p + "' ("
                        + key + "), which is neither in the working directory nor next to its images; run again "
                        + "from the directory it was in");
            }
            images.add(InputImage.of(found));
        }
        return one && images.size() == 1 ? images.get(0) : images;
    }

    private static Map<String, String> read(Path sidecar) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        new ObjectMapper().readTree(sidecar.toFile()).properties().forEach(e -> m.put(e.getKey(),
                e.getValue().asText()));
        return m;
    }

    /** The JSON sidecars of the prediction's images in {@code --out}, in output order. */
    private List<Path> sidecars() throws IOException {
        if (!Files.isDirectory(common.out)) {
            throw new Session.UsageException("--out " + common.out + " is not a directory of generated images");
        }
        ObjectMapper json = new ObjectMapper();
        List<Path> found = new ArrayList<>();
        Map<Path, Integer> index = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(common.out)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                try {
                    JsonNode n = json.readTree(p.toFile());
                    if (n != null && predictionId.equals(n.path("prediction_id").asText())) {
                        found.add(p);
                        index.put(p, n.path("index").asInt());
                    }
                } catch (IOException notASidecar) {
                    // another JSON file
                }
            }
        }
        if (found.isEmpty()) {
            throw new Session.UsageException("no image of prediction " + predictionId + " in " + common.out);
        }
        found.sort((a, b) -> Integer.compare(index.get(a), index.get(b)));
        return found;
    }
}
