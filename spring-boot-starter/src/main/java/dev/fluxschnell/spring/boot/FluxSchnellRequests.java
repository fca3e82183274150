package dev.fluxschnell.spring.boot;

import dev.fluxschnell.sdk.request.AspectRatio;
import dev.fluxschnell.sdk.request.Background;
import dev.fluxschnell.sdk.request.BackgroundModel;
import dev.fluxschnell.sdk.request.EditModel;
import dev.fluxschnell.sdk.request.EditRequest;
import dev.fluxschnell.sdk.request.ImageModel;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.InpaintModel;
import dev.fluxschnell.sdk.request.InpaintRequest;
import dev.fluxschnell.sdk.request.InputImage;
import dev.fluxschnell.sdk.request.OutputFormat;
import dev.fluxschnell.sdk.request.RemoveBackgroundRequest;
import dev.fluxschnell.sdk.request.Style;
import dev.fluxschnell.sdk.request.UpscaleModel;
import dev.fluxschnell.sdk.request.UpscaleRequest;
import java.util.Base64;

/**
 * Request builders pre-set with the application's {@code flux-schnell.defaults.*}: {@link #image()}, {@link #edit()},
 * {@link #inpaint()}, {@link #upscale()} and {@link #removeBackground()}. Only the defaults the application configured
 * are set; the others stay unset, are not sent, and the model's own defaults apply. The defaults are checked when the
 * bean is made (a model that does not take the format, say, fails the start-up with the SDK's message, after the
 * property group). A bean of the starter. Only these builders carry the defaults: a request made with
 * {@code ImageRequest.of(...)} or a type's own {@code builder()} goes out without them.
 */
public final class FluxSchnellRequests {
    /** A 64×64 grey PNG: the stand-in image the defaults are checked with at start-up (every model takes it). */
    private static final byte[] PIXELS = Base64.getDecoder().decode("iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAAAAACPAi4CAAAAKU"
            + "lEQVR42u3MQREAAAwCIKMb3RD77SAA6VEEAoFAIBAIBAKBQCAQfA8G320AeXC6efoAAAAASUVORK5CYII=");
    private final FluxSchnellProperties.Defaults defaults;

    /**
     * Request builders with these defaults, checked now.
     *
     * @param defaults the {@code flux-schnell.defaults.*} properties
     * @throws IllegalArgumentException naming the property group whose value is not valid
     */
    public FluxSchnellRequests(FluxSchnellProperties.Defaults defaults) {
        this.defaults = defaults;
        InputImage image = InputImage.of(PIXELS);
        check("flux-schnell.defaults.image", () -> image().prompt("check").build());
        check("flux-schnell.defaults.edit", () -> edit().image(image).prompt("check").build());
        check("flux-schnell.defaults.inpaint", () -> inpaint().image(image).mask(image).prompt("check").build());
        check("flux-schnell.defaults.upscale", () -> upscale().image(image).build());
        check("flux-schnell.defaults.remove-background", () -> removeBackground().image(image).build());
    }

    private static void check(String group, Runnable build) {
        try {
            build.run();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(group + ": " + e.getMessage(), e);
        }
    }

    /** {@return the model {@link #image()} starts from: {@code defaults.image.model}, else flux-schnell} */
    public ImageModel imageModel() {
        String m = defaults.getImage().getModel();
        return m == null ? ImageModel.FLUX_SCHNELL : ImageModel.of(m);
    }

    /** {@return the model {@link #edit()} starts from: {@code defaults.edit.model}, else Kontext Pro} */
    public EditModel editModel() {
        String m = defaults.getEdit().getModel();
        return m == null ? EditModel.KONTEXT_PRO : EditModel.of(m);
    }

    /** {@return the model {@link #inpaint()} starts from: {@code defaults.inpaint.model}, else Fill Pro} */
    public InpaintModel inpaintModel() {
        String m = defaults.getInpaint().getModel();
        return m == null ? InpaintModel.FILL_PRO : InpaintModel.of(m);
    }

    /** {@return a text-to-image builder with the {@code defaults.image} model and settings; add the prompt} */
    public ImageRequest.Builder image() {
        FluxSchnellProperties.Defaults.Image d = defaults.getImage();
        ImageRequest.Builder b = ImageRequest.builder().model(imageModel());
        if (d.getStyle() != null) {
            b.style(Style.of(d.getStyle()));
        }
        if (d.getAspectRatio() != null) {
            b.aspectRatio(AspectRatio.of(d.getAspectRatio()));
        }
        if (d.getOutputFormat() != null) {
            b.outputFormat(OutputFormat.of(d.getOutputFormat()));
        }
        return b;
    }

    /** {@return an edit builder with the {@code defaults.edit} model and settings; add the image and the prompt} */
    public EditRequest.Builder edit() {
        FluxSchnellProperties.Defaults.Edit d = defaults.getEdit();
        EditRequest.Builder b = EditRequest.builder().model(editModel());
        if (d.getOutputFormat() != null) {
            b.outputFormat(OutputFormat.of(d.getOutputFormat()));
        }
        return b;
    }

    /** {@return an inpainting builder with the {@code defaults.inpaint} model and settings; add image, mask, prompt} */
    public InpaintRequest.Builder inpaint() {
        FluxSchnellProperties.Defaults.Inpaint d = defaults.getInpaint();
        InpaintRequest.Builder b = InpaintRequest.builder().model(inpaintModel());
        if (d.getOutputFormat() != null) {
            b.outputFormat(OutputFormat.of(d.getOutputFormat()));
        }
        return b;
    }

    /** {@return an upscale builder with the {@code defaults.upscale} model and factor; add the image} */
    public UpscaleRequest.Builder upscale() {
        FluxSchnellProperties.Defaults.Upscale d = defaults.getUpscale();
        UpscaleRequest.Builder b = UpscaleRequest.builder();
        if (d.getModel() != null) {
            b.model(UpscaleModel.of(d.getModel()));
        }
        if (d.getScale() != null) {
            b.scale(d.getScale());
        }
        return b;
    }

    /** {@return a background-removal builder with the {@code defaults.remove-background} settings; add the image} */
    public RemoveBackgroundRequest.Builder removeBackground() {
        FluxSchnellProperties.Defaults.RemoveBackground d = defaults.getRemoveBackground();
        RemoveBackgroundRequest.Builder b = RemoveBackgroundRequest.builder();
        if (d.getBackground() != null) {
            b.background(Background.of(d.getBackground()));
        }
        if (d.getModel() != null) {
            b.model(BackgroundModel.of(d.getModel()));
        }
        return b;
    }
}
