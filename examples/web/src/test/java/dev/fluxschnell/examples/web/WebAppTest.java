package dev.fluxschnell.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The web example's JSON API against the bundled emulator (the page in a browser: {@link WebBrowserIT}).
 */
class WebAppTest {
    static ConfigurableApplicationContext app;
    static String base;
    static Path images;

    @BeforeAll
    static void start() throws Exception {
        images = Files.createTempDirectory("web-images");
        List<String> args = new java.util.ArrayList<>(List.of("--server.port=0", "--web.sandbox=true",
                "--flux-schnell.storage.directory=" + images, "--web.rate-limit.burst=1000",
                "--web.users.api.roles=ADMIN,USER"));
        TestClient.users("api", "family", "flux2", "refused", "upload", "tpl", "jsonl", "bad", "big", "page")
                .forEach(args::add);
        app = WebApp.start(args.toArray(String[]::new));
        base = TestClient.baseUrl(app);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    /** A script's request as {@code user} (HTTP Basic). */
    static HttpResponse<String> post(String user, String path, String json) throws Exception {
        return TestClient.basic(base, user).post(path, json);
    }

    static HttpResponse<String> get(String user, String path) throws Exception {
        return TestClient.basic(base, user).get(path);
    }

    @Test
    void theSeedsJsonApi_generatesAndValidates() throws Exception {
        HttpResponse<String> one = post("api", "/api/v1/generate/image",
                "{\"prompt\":\"Steaming coffee\",\"style\":\"artistic\",\"aspect_ratio\":\"16:9\"}");
        assertThat(one.statusCode()).as(one.body()).isEqualTo(200);
        assertThat(one.body()).contains("\"aspect_ratio\":\"16:9\"", "\"style\":\"artistic\"", "\"url\":\"/images/");

        assertThat(post("refused", "/api/v1/generate/image", "{\"prompt\":\"x\",\"aspect_ratio\":\"7:3\"}").body())
                .contains("7:3");
        HttpResponse<String> tooMany = post("api", "/api/v1/generate/image/batch", "{\"prompts\":["
                + "\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\",\"k\"]}");
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(tooMany.body()).contains("1-10 prompts");

        HttpResponse<String> batch = post("api", "/api/v1/generate/image/batch", "{\"prompts\":[\"a\",\"b\"]}");
        assertThat(batch.statusCode()).as(batch.body()).isEqualTo(202);
        assertThat(batch.body()).contains("\"total\":2", "/events");
        String events = batch.body().replaceAll(".*\"events\":\"([^\"]+)\".*", "$1");
        assertThat(get("api", events).body()).as("the stream replays to a late subscriber and ends").contains("event:done");
        assertThat(get("api", "/api/v1/quota").body()).contains("\"remaining\":47", "\"user\":\"api\"");
        assertThat(get("api", "/actuator/health").body()).as("details for an ADMIN").contains("fluxSchnell",
                "\"tokenConfigured\":true");
        var info = new com.fasterxml.jackson.databind.ObjectMapper().readTree(get("api", "/api/v1/info").body());
        assertThat(info.path("aspect_ratios")).as("flux-schnell's ratios, the five social formats first").hasSize(11);
        assertThat(info.path("aspect_ratios").get(0).asText()).isEqualTo("1:1");
        assertThat(get("api", "/api/v1/templates").body()).contains("\"name\":\"product-colors\"",
                "\"variables\":[\"product\",\"color\"]", "social-banner");
    }

    @Test
    void theJsonFieldsArePromptFileKeys_anyModelsSettings_andAnUnknownOneIsRefused() throws Exception {
        HttpResponse<String> dev = post("family", "/api/v1/generate/image", "{\"prompt\":\"Quiet harbour\",\"model\":"
                + "\"flux-dev\",\"guidance\":4.5,\"seed\":3}");
        assertThat(dev.statusCode()).as(dev.body()).isEqualTo(200);
        assertThat(dev.body()).contains("\"model\":\"black-forest-labs/flux-dev\"", "\"guidance\":\"4.5\"");

        HttpResponse<String> typo = post("family", "/api/v1/generate/image", "{\"prompt\":\"x\",\"aspect_ration\":\"16:9\"}");
        assertThat(typo.statusCode()).isEqualTo(400);
        assertThat(typo.body()).contains("unknown key 'aspect_ration'").doesNotContain("request:1");

        HttpResponse<String> unset = post("family", "/api/v1/generate/image", "{\"prompt\":\"Plain\"}");
        assertThat(unset.statusCode()).as(unset.body()).isEqualTo(200);
        assertThat(unset.body()).as("nothing set: the model's defaults, nothing to show").contains("\"settings\":{}",
                "\"output_format\":\"webp\"");
    }

    static com.fasterxml.jackson.databind.JsonNode json(String body) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
    }

    static com.fasterxml.jackson.databind.JsonNode sent(String model, String prompt) {
        return app.getBean(dev.fluxschnell.sdk.testing.FakeReplicateServer.class).createdInputs(model).stream()
                .filter(i -> i.path("prompt").asText().equals(prompt)).findFirst()
                .orElseThrow(() -> new AssertionError("no prediction of " + model + " for '" + prompt + "'"));
    }

    @Test
    void theModelField_runsAnyGenerationModel_andAnEditOnFlux2_sendsInputImages() throws Exception {
        HttpResponse<String> pro = post("flux2", "/api/v1/generate/image", "{\"prompt\":\"Copper kettle\",\"model\":"
                + "\"flux-2-pro\",\"size\":\"1440x832\",\"style\":\"none\"}");
        assertThat(pro.statusCode()).as(pro.body()).isEqualTo(200);
        assertThat(pro.body()).contains("\"model\":\"black-forest-labs/flux-2-pro\"");
        var generated = sent("black-forest-labs/flux-2-pro", "Copper kettle");
        assertThat(generated.path("aspect_ratio").asText()).as("an exact size on FLUX.2").isEqualTo("custom");
        assertThat(generated.path("width").asInt()).isEqualTo(1440);
        assertThat(generated.path("height").asInt()).isEqualTo(832);

        String imageId = json(pro.body()).path("images").get(0).path("id").asText();
        HttpResponse<String> edit = post("flux2", "/api/v1/edit/image", "{\"image_id\":\"" + imageId + "\",\"prompt\":"
                + "\"the kettle in teal\",\"model\":\"flux-2-pro\",\"resolution\":\"2 MP\"}");
        assertThat(edit.statusCode()).as(edit.body()).isEqualTo(200);
        assertThat(edit.body()).contains("\"model\":\"black-forest-labs/flux-2-pro\"");
        var edited = sent("black-forest-labs/flux-2-pro", "the kettle in teal");
        assertThat(edited.path("input_images")).hasSize(1);
        assertThat(edited.has("input_image")).isFalse();
        assertThat(edited.path("resolution").asText()).isEqualTo("2 MP");

        HttpResponse<String> upload = editUpload("kettle.png", png(), "a kettle on a stove", "flux-2-klein-4b");
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(200);
        assertThat(sent("black-forest-labs/flux-2-klein-4b", "a kettle on a stove").path("images")).hasSize(1);

        var estimate = json(get("flux2", "/api/v1/estimate?images=2&model=flux-2-pro").body());
        assertThat(estimate.path("total").decimalValue()).isEqualByComparingTo("0.06");
    }

    @Test
    void aSettingTheModelDoesNotTake_isA400WithTheSdksMessage_namingTheModel() throws Exception {
        HttpResponse<String> steps = post("refused", "/api/v1/generate/image", "{\"prompt\":\"x\",\"model\":\"flux-2-pro\","
                + "\"num_inference_steps\":4}");
        assertThat(steps.statusCode()).isEqualTo(400);
        assertThat(steps.body()).contains("unknown key 'num_inference_steps' for black-forest-labs/flux-2-pro");
        HttpResponse<String> format = post("refused", "/api/v1/generate/image", "{\"prompt\":\"x\",\"model\":"
                + "\"flux-1.1-pro-ultra\",\"output_format\":\"webp\"}");
        assertThat(format.statusCode()).isEqualTo(400);
        assertThat(format.body()).contains("for black-forest-labs/flux-1.1-pro-ultra");

        String imageId = json(post("refused", "/api/v1/generate/image", "{\"prompt\":\"A source\"}")
                .body()).path("images").get(0).path("id").asText();
        HttpResponse<String> guidance = post("refused", "/api/v1/edit/image", "{\"image_id\":\"" + imageId + "\",\"prompt\":"
                + "\"x\",\"model\":\"kontext-pro\",\"guidance\":3}");
        assertThat(guidance.statusCode()).isEqualTo(400);
        assertThat(guidance.body()).contains("'guidance' is not an input of black-forest-labs/flux-kontext-pro");
        HttpResponse<String> tolerance = post("refused", "/api/v1/edit/image", "{\"image_id\":\"" + imageId + "\","
                + "\"prompt\":\"x\",\"model\":\"flux-2-max\",\"safety_tolerance\":9}");
        assertThat(tolerance.statusCode()).isEqualTo(400);
        assertThat(tolerance.body()).contains("black-forest-labs/flux-2-max");
        HttpResponse<String> unknown = post("refused", "/api/v1/edit/image", "{\"image_id\":\"" + imageId + "\","
                + "\"prompt\":\"x\",\"model\":\"flux-3\"}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("flux-3");
    }

    @Test
    void thePage_offersEveryModel_withLabelledSelects_andNoInlineScript() throws Exception {
        var info = json(get("page", "/api/v1/info").body());
        assertThat(info.path("image_models")).extracting(com.fasterxml.jackson.databind.JsonNode::asText)
                .containsExactly("flux-schnell", "flux-dev", "flux-1.1-pro", "flux-1.1-pro-ultra", "flux-2-pro",
                        "flux-2-max", "flux-2-flex", "flux-2-dev", "flux-2-klein-4b", "flux-2-klein-9b");
        assertThat(info.path("default_image_model").asText()).isEqualTo("flux-schnell");
        assertThat(info.path("edit_models")).extracting(com.fasterxml.jackson.databind.JsonNode::asText)
                .contains("kontext-pro", "kontext-max", "kontext-dev", "flux-dev", "flux-2-pro", "flux-2-klein-9b");
        assertThat(info.path("default_edit_model").asText()).isEqualTo("kontext-pro");
        assertThat(info.path("image_model_choices").path("flux-1.1-pro-ultra").path("output_formats"))
                .extracting(com.fasterxml.jackson.databind.JsonNode::asText).containsExactly("jpg", "png");
        assertThat(info.path("image_model_choices").path("flux-schnell").path("aspect_ratios"))
                .isEqualTo(info.path("aspect_ratios"));

        String page = get("page", "/").body();
        assertThat(page).contains("<script src=\"/app.js\"></script>");
        assertThat(page.replace("<script src=\"/app.js\"></script>", "")).doesNotContain("<script")
                .doesNotContainPattern("\\son[a-z]+=");
        java.util.regex.Matcher selects = java.util.regex.Pattern.compile("<select id=\"([^\"]+)\"").matcher(page);
        List<String> ids = new java.util.ArrayList<>();
        while (selects.find()) {
            ids.add(selects.group(1));
        }
        assertThat(ids).contains("model", "style", "aspect", "format", "edit-model")
                .allSatisfy(id -> assertThat(page).contains("<label for=\"" + id + "\""));
        HttpResponse<String> script = get("page", "/app.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.body()).contains("image_model_choices", "model: $('model').value");
    }

    static byte[] png() throws Exception {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(64, 48,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    static HttpResponse<String> editUpload(String name, byte[] image, String prompt, String model) throws Exception {
        return TestClient.basic(base, "upload").multipart("/api/v1/edit/image/upload",
                TestClient.Part.file("file", name, "image/png", image), TestClient.Part.field("prompt", prompt),
                TestClient.Part.field("model", model));
    }

    @Test
    void aSavedTemplatesCards_showWhatDiffersFromTheModelsDefaults_settingsFirst() throws Exception {
        HttpResponse<String> started = TestClient.basic(base, "tpl").multipart(
                "/api/v1/templates/product-colors/batch", TestClient.Part.field("note", "no catalogue"));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String events = started.body().replaceAll(".*\"events\":\"([^\"]+)\".*", "$1");
        assertThat(get("tpl", events).body()).contains("event:done");

        String gallery = get("tpl", "/api/v1/gallery").body();
        assertThat(gallery).as("the page's caption reads \"realistic · 4:5\" from these, in this order")
                .contains("\"settings\":{\"style\":\"realistic\",\"aspect_ratio\":\"4:5\"}");
    }

    @Test
    void promptFileUpload_takesTheCliFormats_upTo500_andNamesTheLineOfABadRow() throws Exception {
        String jsonl = "{\"prompt\":\"Red mug\",\"aspect_ratio\":\"4:5\",\"count\":2}\n{\"prompt\":\"Blue mug\"}\n";
        HttpResponse<String> ok = upload("mugs.jsonl", jsonl, "jsonl");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
        assertThat(ok.body()).contains("\"total\":2", "\"prompts\":[\"Red mug\",\"Blue mug\"]");

        HttpResponse<String> bad = upload("mugs.txt", "Red mug\nBlue mug | colour=blue\n", "bad");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("mugs.txt:2: unknown key 'colour'");

        String fiveHundred = java.util.stream.IntStream.range(0, 500).mapToObj(i -> "Poster " + i)
                .collect(java.util.stream.Collectors.joining("\n"));
        HttpResponse<String> big = upload("posters.txt", fiveHundred, "big");
        assertThat(big.statusCode()).as("the documented 500: the client's maxPredictionsPerBatch is configured for it")
                .isEqualTo(202);
        assertThat(big.body()).contains("\"total\":500");
        String events = big.body().replaceAll(".*\"events\":\"([^\"]+)\".*", "$1");
        assertThat(get("big", events).body()).as("500 prompts over a 50-image quota: skipped, not refused")
                .contains("event:done");
        assertThat(upload("posters.txt", fiveHundred + "\nOne more", "big").body()).contains("at most 500");
    }

    static HttpResponse<String> upload(String name, String content, String user) throws Exception {
        return TestClient.basic(base, user).multipart("/api/v1/generate/image/batch/file",
                TestClient.Part.file("file", name, "text/plain", content.getBytes(StandardCharsets.UTF_8)));
    }
}
