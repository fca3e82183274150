package dev.fluxschnell.sdk.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fluxschnell.sdk.request.Background;
import dev.fluxschnell.sdk.request.BackgroundModel;
import dev.fluxschnell.sdk.request.EditModel;
import dev.fluxschnell.sdk.request.EditRequest;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.InpaintModel;
import dev.fluxschnell.sdk.request.InpaintRequest;
import dev.fluxschnell.sdk.request.InputImage;
import dev.fluxschnell.sdk.request.Model;
import dev.fluxschnell.sdk.request.ModelRequest;
import dev.fluxschnell.sdk.request.RemoveBackgroundRequest;
import dev.fluxschnell.sdk.request.UpscaleRequest;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The models the SDK calls, and how each typed request becomes its model's {@code input}: the wire names and types of
 * each schema, as the models' own code and pages state them (replicate/cog-flux {@code predict.py},
 * replicate/cog-flux-kontext {@code predict.py}, and the official models' API pages). Settings a request leaves unset
 * are not sent, so the model's own defaults apply. Not API.
 */
public final class Models {
    private static final List<ModelSpec> ALL = List.of(
            official(Model.FLUX_SCHNELL, ModelSpec.OutputShape.LIST),
            official(Model.FLUX_KONTEXT_PRO, ModelSpec.OutputShape.SINGLE),
            official(Model.FLUX_KONTEXT_DEV, ModelSpec.OutputShape.SINGLE),
            official(Model.FLUX_DEV, ModelSpec.OutputShape.LIST),
            official(Model.FLUX_FILL_PRO, ModelSpec.OutputShape.SINGLE),
            official(Model.FLUX_FILL_DEV, ModelSpec.OutputShape.LIST),
            official(Model.RECRAFT_CRISP_UPSCALE, ModelSpec.OutputShape.SINGLE),
            official(Model.BRIA_REMOVE_BACKGROUND, ModelSpec.OutputShape.SINGLE),
            // versions: replicate.com/nightmareai/real-esrgan/versions/350d3204…, and
            // replicate.com/851-labs/background-remover/versions/a029dff3… (see replicate-models.md)
            community(Model.REAL_ESRGAN, "350d32041630ffbe63c8352783a26d94126809164e54085352f8326e53999085", 1, 30),
            community(Model.BACKGROUND_REMOVER, "a029dff38972b5fda4ec5d75d7d1cd25aeff621d2cf4946a41055d7db66b80bc", 1,
                    15));
    private static final Map<Model, ModelSpec> SPECS = ALL.stream().collect(
            java.util.stream.Collectors.toUnmodifiableMap(ModelSpec::model, s -> s));

    private Models() {}

    private static ModelSpec official(Model m, ModelSpec.OutputShape shape) {
        return new ModelSpec(m, ModelSpec.Endpoint.OFFICIAL, shape, ModelSpec.Billing.PER_OUTPUT, null, 0, 0);
    }

    private static ModelSpec community(Model m, String version, double minSeconds, double maxSeconds) {
        return new ModelSpec(m, ModelSpec.Endpoint.COMMUNITY, ModelSpec.OutputShape.SINGLE,
                ModelSpec.Billing.PER_SECOND, version, minSeconds, maxSeconds);
    }

    /** {@return every model the SDK calls, in a stable order} */
    public static List<Model> known() {
        return ALL.stream().map(ModelSpec::model).toList();
    }

    /**
     * {@return what the SDK knows about {@code model}, if it calls it}
     *
     * @param model any model
     */
    public static java.util.Optional<ModelSpec> find(Model model) {
        return java.util.Optional.ofNullable(SPECS.get(model));
    }

    /**
     * {@return what the SDK knows about {@code model}}
     *
     * @param model a model of the family
     * @throws IllegalArgumentException for a model the SDK does not call
     */
    public static ModelSpec spec(Model model) {
        ModelSpec s = SPECS.get(model);
        if (s == null) {
            throw new IllegalArgumentException("the SDK does not call " + model);
        }
        return s;
    }

    /**
     * The {@code input} of a create for {@code request}, its images given as {@code images} resolves them (a
     * {@code data:} URI, a Files API URL, or a URL passed on).
     *
     * @param request the typed request
     * @param images the wire value of each input image
     * @return the input object, exactly as the model's schema names and types it
     */
    public static ObjectNode input(ModelRequest request, Function<InputImage, String> images) {
        if (request instanceof ImageRequest r) {
            return Json.input(r);
        }
        if (request instanceof EditRequest r) {
            return edit(r, images);
        }
        if (request instanceof InpaintRequest r) {
            return inpaint(r, images);
        }
        if (request instanceof UpscaleRequest r) {
            ObjectNode in = Json.object();
            in.put("image", images.apply(r.image()));
            r.scale().ifPresent(v -> in.put("scale", v));
            r.faceEnhance().ifPresent(v -> in.put("face_enhance", v));
            return in;
        }
        if (request instanceof RemoveBackgroundRequest r) {
            ObjectNode in = Json.object();
            in.put("image", images.apply(r.image()));
            if (r.backgroundModel() == BackgroundModel.BACKGROUND_REMOVER) {
                in.put("background_type", r.background() == Background.WHITE ? "white" : "rgba");
            }
            return in;
        }
        throw new IllegalArgumentException("no input mapping for " + request.getClass().getSimpleName());
    }

    private static ObjectNode edit(EditRequest r, Function<InputImage, String> images) {
        ObjectNode in = Json.object();
        in.put("prompt", r.prompt());
        if (r.editModel() == EditModel.FLUX_DEV) {
            in.put("image", images.apply(r.image())); // img2img: the output takes the image's aspect ratio
            in.put("num_outputs", r.numOutputs());
            r.strength().ifPresent(v -> in.put("prompt_strength", v));
        } else {
            in.put("input_image", images.apply(r.image()));
            in.put("aspect_ratio", r.aspectRatio().map(a -> a.value()).orElse("match_input_image"));
        }
        r.seed().ifPresent(v -> in.put("seed", v));
        r.numInferenceSteps().ifPresent(v -> in.put("num_inference_steps", v));
        r.guidance().ifPresent(v -> in.put("guidance", v));
        r.outputFormat().ifPresent(v -> in.put("output_format", v.value()));
        r.outputQuality().ifPresent(v -> in.put("output_quality", v));
        r.goFast().ifPresent(v -> in.put("go_fast", v));
        r.disableSafetyChecker().ifPresent(v -> in.put("disable_safety_checker", v));
        r.safetyTolerance().ifPresent(v -> in.put("safety_tolerance", v));
        r.promptUpsampling().ifPresent(v -> in.put("prompt_upsampling", v));
        return in;
    }

    private static ObjectNode inpaint(InpaintRequest r, Function<InputImage, String> images) {
        boolean pro = r.inpaintModel() == InpaintModel.FILL_PRO;
        ObjectNode in = Json.object();
        in.put("prompt", r.prompt());
        in.put("image", images.apply(r.image()));
        r.mask().ifPresent(m -> in.put("mask", images.apply(m)));
        r.outpaint().ifPresent(o -> in.put("outpaint", o.value()));
        if (!pro) {
            in.put("num_outputs", r.numOutputs());
        }
        r.seed().ifPresent(v -> in.put("seed", v));
        r.numInferenceSteps().ifPresent(v -> in.put(pro ? "steps" : "num_inference_steps", v));
        r.guidance().ifPresent(v -> in.put("guidance", v));
        r.safetyTolerance().ifPresent(v -> in.put("safety_tolerance", v));
        r.promptUpsampling().ifPresent(v -> in.put("prompt_upsampling", v));
        r.outputFormat().ifPresent(v -> in.put("output_format", v.value()));
        r.outputQuality().ifPresent(v -> in.put("output_quality", v));
        r.megapixels().ifPresent(v -> in.put("megapixels", v.value()));
        if (r.matchInputSize().orElse(false)) {
            in.put("megapixels", "match_input");
        }
        r.disableSafetyChecker().ifPresent(v -> in.put("disable_safety_checker", v));
        return in;
    }
}
