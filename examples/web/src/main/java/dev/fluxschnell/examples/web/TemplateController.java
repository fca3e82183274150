package dev.fluxschnell.examples.web;

import dev.fluxschnell.sdk.pricing.CostEstimate;
import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.request.ModelRequest;
import dev.fluxschnell.sdk.pricing.Pricing;
import dev.fluxschnell.sdk.batch.TimeEstimate;
import dev.fluxschnell.sdk.prompts.PromptTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * The Templates panel: the saved templates ({@code classpath:templates/*.json}, the SDK's {@link PromptTemplate}
 * format), a preview of what one makes over an uploaded catalogue (or the product of its variables) — predictions,
 * images, cost and time — and running it as one batch through {@link GenerationController}.
 */
@RestController
class TemplateController {
    private final Map<String, PromptTemplate> templates = new LinkedHashMap<>();
    private final GenerationController generation;
    private final FluxSchnellClient client;

    TemplateController(GenerationController generation, FluxSchnellClient client) throws IOException {
        this.generation = generation;
        this.client = client;
        for (Resource r : new PathMatchingResourcePatternResolver().getResources("classpath:templates/*.json")) {
            try (InputStream in = r.getInputStream()) {
                PromptTemplate t = PromptTemplate.parse(String.valueOf(r.getFilename()), in.readAllBytes());
                templates.put(t.name().orElse(String.valueOf(r.getFilename()).replace(".json", "")), t);
            }
        }
    }

    /** The saved templates: name, template text, variables, defaults and values. */
    @GetMapping("/api/v1/templates")
    List<Map<String, Object>> list() {
        List<Map<String, Object>> out = new ArrayList<>();
        templates.forEach((name, t) -> out.add(Map.of("name", name, "template", t.template(), "variables",
                List.copyOf(t.variableNames()), "defaults", t.defaults(), "values", t.variables())));
        return out;
    }

    /** What a template run would make: predictions, images, cost, time and the first prompts. Nothing is spent. */
    @PostMapping(path = "/api/v1/templates/{name}/preview", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Map<String, Object> preview(@PathVariable String name,
                                @RequestParam(name = "file", required = false) MultipartFile catalogue)
            throws IOException {
        List<ModelRequest> runs = runs(name, catalogue);
        CostEstimate cost = Pricing.sum(runs.stream().map(r -> client.options().pricing().estimate(r)).toList());
        return Map.of("predictions", runs.size(), "images", cost.images(), "estimate", cost,
                "time", TimeEstimate.of(runs.size()).toString(),
                "prompts", runs.stream().limit(5).map(ModelRequest::summary).toList());
    }

    /** Runs a template as one batch of the signed-in user's; answered 202. */
    @PostMapping(path = "/api/v1/templates/{name}/batch", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<Map<String, Object>> run(@PathVariable String name,
                                            @RequestParam(name = "file", required = false) MultipartFile catalogue,
                                            Principal principal) throws IOException {
        return generation.startItems(runs(name, catalogue), WebSecurity.subject(principal));
    }

    /**
     * The template over the uploaded catalogue, or over the product of its variables without one: an unknown template
     * is a 404; a catalogue's size, rows and predictions, and the product's combinations, are checked before anything
     * is expanded; a row's problem (a missing variable, a bad setting) is a 400 naming its line.
     */
    private List<ModelRequest> runs(String name, MultipartFile catalogue) throws IOException {
        PromptTemplate t = templates.get(name);
        if (t == null) {
            throw new Problems.NotFound("No such template (known: " + String.join(", ", templates.keySet()) + ").");
        }
        if (catalogue == null || catalogue.isEmpty()) {
            if (t.combinations() > GenerationController.MAX_FILE_PROMPTS) {
                throw new IllegalArgumentException("the template's variables make " + t.combinations()
                        + " combinations; a template run makes at most " + GenerationController.MAX_FILE_PROMPTS);
            }
            return GenerationController.runs(t.expand());
        }
        return GenerationController.runs(t.expand(generation.rows(GenerationController.uploadName(catalogue,
                "catalogue.csv"), catalogue)));
    }
}
