package dev.fluxschnell.examples.web;

import dev.fluxschnell.sdk.pricing.CostEstimate;
import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.request.ModelRequest;
import dev.fluxschnell.sdk.pricing.Pricing;
import dev.fluxschnell.sdk.batch.TimeEstimate;
import dev.fluxschnell.sdk.prompts.Catalogue;
import dev.fluxschnell.sdk.prompts.PromptEntry;
import dev.fluxschnell.sdk.prompts.PromptTemplate;
import java.io.IOException;
import java.io.InputStream;
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

    @GetMapping("/api/v1/templates")
    List<Map<String, Object>> list() {
        List<Map<String, Object>> out = new ArrayList<>();
        templates.forEach((name, t) -> out.add(Map.of("name", name, "template", t.template(), "variables",
                List.copyOf(t.variableNames()), "defaults", t.defaults(), "values", t.variables())));
        return out;
    }

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

    @PostMapping(path = "/api/v1/templates/{name}/batch", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<Map<String, Object>> run(@PathVariable String name,
                                            @RequestParam(name = "file", required = false) MultipartFile catalogue,
                                            @RequestParam(required = false) String user) throws IOException {
        return generation.startItems(runs(name, catalogue), user);
    }

    /** The template over the uploaded catalogue, or over the product of its variables without one. */
    private List<ModelRequest> runs(String name, MultipartFile catalogue) throws IOException {
        PromptTemplate t = templates.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no template " + name + " (known: " + templates.keySet() + ")");
        }
        List<PromptEntry> entries = catalogue == null || catalogue.isEmpty() ? t.expand()
                : t.expand(Catalogue.parse(catalogue.getOriginalFilename() == null ? "catalogue.csv"
                        : catalogue.getOriginalFilename(), catalogue.getBytes()));
        List<ModelRequest> runs = PromptTemplate.runs(entries, 1);
        if (runs.size() > GenerationController.MAX_FILE_PROMPTS) {
            throw new IllegalArgumentException("a template run makes at most " + GenerationController.MAX_FILE_PROMPTS
                    + " predictions, this one " + runs.size());
        }
        return runs;
    }
}
