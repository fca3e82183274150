package dev.fluxschnell.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fluxschnell.sdk.request.Model;
import dev.fluxschnell.sdk.request.ModelDescription;
import dev.fluxschnell.sdk.request.SchemaDifference;
import dev.fluxschnell.sdk.request.SchemaReport;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** {@code flux models}: the models the SDK calls; {@code flux models check} compares their live schemas with its. */
final class ModelsCommand implements Cli.Command {
    private Cli.Spec spec;

    @Override
    public void declare(Cli.Spec spec) {
        this.spec = spec.describe("The models the SDK calls: check compares their live schemas with the ones it was "
                + "built against.").subcommand("check", Check::new);
    }

    @Override
    public int call(Cli.Io io) {
        spec.usage(io.out());
        return 0;
    }

    /**
     * {@code flux models check [MODEL...]}: each model's live schema against the one this SDK recorded
     * ({@code client.models().check()}): exit 0 when every request the SDK builds still fits, 1 when a model changed in
     * a way that breaks them (its report says how).
     */
    static final class Check implements Cli.Command {
        List<String> models = new ArrayList<>();

        boolean json;

        final ApiOptions api = new ApiOptions();

        @Override
        public void declare(Cli.Spec spec) {
            spec.describe("Compare each model's live schema with the one this SDK was built against: exit 0 when all "
                    + "still fit, 1 printing what changed in those that do not.");
            spec.parameters("MODEL", 0, Integer.MAX_VALUE, "the models to check, by short name (flux-2-pro, "
                    + "kontext-pro, ...) or owner/name (default: every model the SDK calls)", models::add);
            spec.flag("--json", "print one JSON object per model on stdout: model, compatible, recordedVersion, "
                    + "liveVersion, differences [{field, kind, breaking, detail}]", () -> json = true);
            api.declare(spec);
        }

        @Override
        public int call(Cli.Io io) {
            List<Model> chosen = new ArrayList<>();
            for (String m : models) {
                Model model;
                try {
                    model = Model.parse(m);
                } catch (IllegalArgumentException e) {
                    throw new Session.UsageException("MODEL " + m + ": " + e.getMessage());
                }
                if (ModelDescription.of(model).isEmpty()) {
                    throw new Session.UsageException("MODEL " + m + ": the SDK does not call " + model);
                }
                chosen.add(model);
            }
            PrintWriter out = io.out();
            PrintWriter err = io.err();
            List<SchemaReport> reports;
            try (Session s = Session.open(Session.api(api), null, 4, 1, err)) {
                reports = chosen.isEmpty() ? s.client.models().check() : s.client.models().check(chosen);
            }
            ObjectMapper mapper = json ? new ObjectMapper() : null;
            for (SchemaReport r : reports) {
                out.println(json ? json(mapper, r) : r.toString());
            }
            List<String> broken = reports.stream().filter(r -> !r.compatible()).map(r -> r.model().toString())
                    .toList();
            PrintWriter info = json ? err : out;
            if (broken.isEmpty()) {
                info.printf("%d model(s) checked: every request this SDK builds still fits%n", reports.size());
            } else {
                err.printf("error: %d of %d model(s) changed in a way that breaks this SDK's requests: %s%n",
                        broken.size(), reports.size(), String.join(", ", broken));
            }
            out.flush();
            err.flush();
            return broken.isEmpty() ? 0 : FluxCli.API_ERROR;
        }

        private static String json(ObjectMapper mapper, SchemaReport r) {
            ObjectNode n = mapper.createObjectNode().put("model", r.model().toString()).put("compatible",
                    r.compatible());
            n.put("recordedVersion", r.recordedVersion().orElse(null));
            n.put("liveVersion", r.liveVersion().orElse(null));
            ArrayNode differences = n.putArray("differences");
            for (SchemaDifference d : r.differences()) {
                differences.addObject().put("field", d.field()).put("kind", d.kind().name())
                        .put("breaking", d.breaking()).put("detail", d.detail());
            }
            try {
                return mapper.writeValueAsString(n);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
