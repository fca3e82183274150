package dev.fluxschnell.sdk.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fluxschnell.sdk.request.InputField;
import dev.fluxschnell.sdk.request.Model;
import dev.fluxschnell.sdk.request.ModelDescription;
import dev.fluxschnell.sdk.request.ModelSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One model the emulator serves: every model the SDK calls, each with its recorded {@code openapi_schema} — the file
 * the SDK ships, with its sources ({@link ModelSchema#resource}) — which the emulator publishes at
 * {@code GET /v1/models/{owner}/{name}} and validates every create's {@code input} against (a 422 as Replicate gives
 * it). Its kind decides how its placeholder images look and what size they are; its output shape (one URI or an
 * array) and default format come from the schema.
 *
 * @param owner the model's owner
 * @param name the model's name
 * @param official whether it is created at {@code /v1/models/{owner}/{name}/predictions} (else by version)
 * @param version the version id {@code GET /v1/models/{owner}/{name}} answers as the latest
 * @param kind what the model does, which decides its placeholder images and sizes
 * @param listOutput whether {@code output} is an array of URIs (else a single URI)
 * @param defaultFormat the output format when the input names none
 * @param openApi the {@code openapi_schema} served and validated against
 * @param schema the same schema, read
 */
record EmulatedModel(String owner, String name, boolean official, String version, Kind kind, boolean listOutput,
                     String defaultFormat, ObjectNode openApi, ModelSchema schema) {
    /** What a model does. */
    enum Kind {
        /** Text to image (flux-schnell, FLUX 1.1 Pro, Ultra). */
        GENERATE,
        /** An instruction edit of {@code input_image} (Kontext). */
        EDIT,
        /** Image to image: a new image from {@code image} and the prompt (flux-dev with an image; text alone else). */
        IMAGE_TO_IMAGE,
        /** Text to image, or an edit of several reference images ({@code input_images} or {@code images}: FLUX.2). */
        REFERENCE_EDIT,
        /** Repaints {@code image} where {@code mask} is white, or outpaints it (Fill). */
        INPAINT,
        /** Enlarges {@code image} (Real-ESRGAN by {@code scale}, Recraft crisp by 2). */
        UPSCALE,
        /** Removes {@code image}'s background: transparent, or a colour. */
        REMOVE_BACKGROUND
    }

    /** Every model the emulator serves, by {@code owner/name}: the models the SDK calls. */
    static final Map<String, EmulatedModel> ALL = java.util.Collections.unmodifiableMap(ModelDescription.all()
            .stream().map(d -> of(d, recorded(d.model()))).collect(Collectors.toMap(EmulatedModel::id,
                    Function.identity(), (a, b) -> a, LinkedHashMap::new)));

    static final EmulatedModel FLUX_SCHNELL = ALL.get("black-forest-labs/flux-schnell");
    static final EmulatedModel REAL_ESRGAN = ALL.get("nightmareai/real-esrgan");

    /** The recorded {@code openapi_schema} of a model, as the SDK ships it. */
    static ObjectNode recorded(Model model) {
        try (InputStream in = ModelSchema.class.getClassLoader().getResourceAsStream(ModelSchema.resource(model))) {
            if (in == null) {
                throw new IllegalStateException("no recorded schema for " + model);
            }
            return (ObjectNode) FakeReplicateServer.JSON.readTree(in).get("openapi_schema");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The model as the emulator serves it with {@code openApi} as its schema (the recorded one, or a drifted one a
     * test asked for).
     */
    static EmulatedModel of(ModelDescription d, ObjectNode openApi) {
        return of(d, openApi, false);
    }

    /**
     * The model serving {@code openApi}; {@code replaced}: a schema given instead of the recorded one, served as a new
     * version of an official model (as Replicate publishes a change), under the pinned version of a community model.
     */
    static EmulatedModel of(ModelDescription d, ObjectNode openApi, boolean replaced) {
        Model m = d.model();
        ModelSchema schema = ModelSchema.parse(m, null, openApi.toString());
        boolean newVersion = replaced && d.endpoint() == ModelDescription.Endpoint.OFFICIAL;
        String version = d.testedVersion().filter(v -> !newVersion).orElseGet(() -> FileStore.digest("SHA-256",
                (m + "@emulator" + (newVersion ? openApi.toString() : "")).getBytes(StandardCharsets.UTF_8)));
        String format = schema.field("output_format").or(() -> schema.field("format"))
                .flatMap(InputField::defaultValue).map(Object::toString)
                .orElse(d.jobs().contains(ModelDescription.Job.UPSCALE) && d.endpoint()
                        == ModelDescription.Endpoint.OFFICIAL ? "webp" : "png");
        return new EmulatedModel(m.owner(), m.name(), d.endpoint() == ModelDescription.Endpoint.OFFICIAL, version,
                kind(d, schema), schema.output() == ModelDescription.OutputShape.LIST, format, openApi, schema);
    }

    private static Kind kind(ModelDescription d, ModelSchema schema) {
        List<ModelDescription.Job> jobs = d.jobs();
        if (jobs.contains(ModelDescription.Job.INPAINT)) {
            return Kind.INPAINT;
        }
        if (jobs.contains(ModelDescription.Job.UPSCALE)) {
            return Kind.UPSCALE;
        }
        if (jobs.contains(ModelDescription.Job.REMOVE_BACKGROUND)) {
            return Kind.REMOVE_BACKGROUND;
        }
        if (jobs.contains(ModelDescription.Job.EDIT)) {
            if (!jobs.contains(ModelDescription.Job.GENERATE)) {
                return Kind.EDIT;
            }
            return schema.field("image").isPresent() ? Kind.IMAGE_TO_IMAGE : Kind.REFERENCE_EDIT;
        }
        return Kind.GENERATE;
    }

    /** {@return {@code owner/name}} */
    String id() {
        return owner + "/" + name;
    }

    /** {@return the wire name of the model's source image(s) and whether the input gives one} */
    String imageField() {
        for (String f : List.of("input_image", "image", "input_images", "images")) {
            if (schema.field(f).isPresent()) {
                return f;
            }
        }
        return null;
    }

    /** {@return whether the input gives the model a source image to work from} */
    boolean hasSource(JsonNode input) {
        String f = imageField();
        if (f == null) {
            return false;
        }
        JsonNode v = input.path(f);
        return v.isArray() ? !v.isEmpty() : v.isTextual() && !v.asText().isEmpty();
    }

    /**
     * {@return the model a community create names by {@code version} ({@code id} or {@code owner/name:id}), or null}
     *
     * @param version the body's {@code version}
     * @param models the models served
     */
    static EmulatedModel byVersion(String version, Map<String, EmulatedModel> models) {
        String id = version.contains(":") ? version.substring(version.indexOf(':') + 1) : version;
        for (EmulatedModel m : models.values()) {
            if (m.version().equals(id)) {
                return m;
            }
        }
        return null;
    }
}
