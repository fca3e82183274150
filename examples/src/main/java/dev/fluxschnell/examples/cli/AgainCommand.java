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
import java.util.stream.Stream;

/**
 * {@code flux again PREDICTION_ID}: makes a stored prediction's images again, for any model — the same request, with
 * the seed the model used — rebuilt from the images' JSON sidecars in {@code --out} (the model and every setting, by
 * wire name) with {@link ModelRequest#fromInputs}.
 */
final class AgainCommand implements Cli.Command {
    // the command line, as declare() binds it
    String predictionId;
    boolean noFast;
    final SpendOptions spend = new SpendOptions();
    final CommonOptions common = new CommonOptions();

    @Override
    public void declare(Cli.Spec spec) {
        spec.describe("Make a stored prediction's images again: the same model and settings and the seed the model "
                + "used (read from the images' .json files in --out).");
        spec.parameters("PREDICTION_ID", 1, 1, "the prediction that made the images (in the manifest, the .json files "
                + "and --json output)", v -> predictionId = v);
        spec.flag("--no-fast", "turn go_fast off (models that have it): with the seed, the images are reproducible",
                () -> noFast = true);
        spend.declare(spec);
        common.declare(spec);
    }

    @Override
    public int call(Cli.Io io) throws IOException {
        List<Path> sidecars = sidecars();
        Path first = sidecars.get(0);
        Map<String, String> stored = read(first);
        Model model = Model.parse(stored.getOrDefault("model", Model.FLUX_SCHNELL.toString()));
        if (ModelDescription.of(model).isEmpty()) {
            throw new Session.UsageException("prediction " + predictionId + " ran " + model + ", which this SDK does "
                    + "not call");
        }
        ModelRequest request = ModelRequest.fromInputs(model, view(model, stored, first.getParent()));
        PrintWriter err = io.err();
        PrintWriter info = common.json ? err : io.out();
        if (!request.isDeterministic() && request.seed().isPresent()) {
            err.println("note: the model's fast path was on, so the same seed may give slightly different images "
                    + "(--no-fast makes them reproducible where the model has one)");
        }
        info.printf("again: prediction %s's request to %s, seed %s%n", predictionId, model,
                request.seed().isPresent() ? Long.toString(request.seed().getAsLong()) : "random");
        String where = "prediction " + predictionId;
        Plan plan = new Plan(where + " again", List.of(Plan.request(request, where, null)));
        return new PaidRun(io, "again " + predictionId, common, spend, 1).run(plan);
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
