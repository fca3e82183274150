package dev.fluxschnell.sdk.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.InpaintRequest;
import dev.fluxschnell.sdk.request.InputImage;
import dev.fluxschnell.sdk.request.ModelRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A create ready to send, prepared once per item (uploads and version look-ups are not repeated by retries): where it
 * goes, the {@code input} (kept to recognise the prediction in the list after a lost answer) and the body. Not API.
 *
 * @param path the create path: the model's, the client's deployment's, or {@code /v1/predictions}
 * @param input the model's input, images resolved
 * @param body the request body
 */
record Prepared(String path, ObjectNode input, byte[] body) {
    /**
     * Resolves {@code request}'s images (inline, uploaded, or passed on) and, for a community model, its version; then
     * builds the create.
     *
     * @param ctx the client
     * @param request the typed request
     * @return the prepared create
     */
    static CompletableFuture<Prepared> of(ClientContext ctx, ModelRequest request) {
        ModelSpec spec = Models.spec(request.model());
        List<InputImage> images = request.inputImages();
        List<CompletableFuture<Uploads.Resolved>> values = new ArrayList<>();
        images.forEach(i -> values.add(ctx.uploads().resolve(i)));
        CompletableFuture<String> version = spec.endpoint() == ModelSpec.Endpoint.COMMUNITY
                ? ctx.versions().of(spec) : CompletableFuture.completedFuture(null);
        return CompletableFuture.allOf(values.toArray(CompletableFuture[]::new)).thenCombine(version, (v, ver) -> {
            Map<InputImage, Uploads.Resolved> resolved = new HashMap<>();
            for (int i = 0; i < images.size(); i++) {
                resolved.put(images.get(i), values.get(i).join());
            }
            checkMaskSize(request, resolved);
            ObjectNode input = Models.input(request, i -> resolved.get(i).value());
            String path = request instanceof ImageRequest ? ctx.transport().fluxSchnellPath()
                    : ver != null ? "/v1/predictions" : spec.officialPath();
            return new Prepared(path, input, Json.createBody(input, ver,
                    request instanceof ImageRequest r ? r : null));
        });
    }

    /**
     * A mask must have its image's pixel size. {@code InpaintRequest.build()} checks it when both sizes are known
     * then (files, bytes); an image read back from storage is checked here, once its bytes are read — still before
     * the create. URLs the model fetches itself are left to the model.
     */
    private static void checkMaskSize(ModelRequest request, Map<InputImage, Uploads.Resolved> resolved) {
        if (request instanceof InpaintRequest r && r.mask().isPresent()) {
            Checks.maskSize(resolved.get(r.image()).dimensions(), resolved.get(r.mask().get()).dimensions());
        }
    }
}
