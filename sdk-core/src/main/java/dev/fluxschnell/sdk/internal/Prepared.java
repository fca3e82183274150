package dev.fluxschnell.sdk.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fluxschnell.sdk.request.InpaintRequest;
import dev.fluxschnell.sdk.request.InputImage;
import dev.fluxschnell.sdk.request.ModelDescription;
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
 * @param path the create path: the model's, the client's deployment of it, or {@code /v1/predictions}
 * @param input the model's input, images resolved
 * @param body the request body
 */
record Prepared(String path, ObjectNode input, byte[] body) {
    /**
     * Resolves {@code request}'s images (inline, uploaded, or passed on) and, for a community model, its version; then
     * builds the create from the request's wire view.
     *
     * @param ctx the client
     * @param request the typed request
     * @param hook the call's webhook
     * @return the prepared create
     */
    static CompletableFuture<Prepared> of(ClientContext ctx, ModelRequest request, Generation.Hook hook) {
        ModelDescription model = ModelDescription.of(request.model()).orElseThrow(() -> new IllegalArgumentException(
                "the SDK does not call " + request.model()));
        List<InputImage> images = request.inputImages();
        List<CompletableFuture<Uploads.Resolved>> values = new ArrayList<>();
        images.forEach(i -> values.add(ctx.uploads().resolve(i)));
        CompletableFuture<String> version = model.endpoint() == ModelDescription.Endpoint.COMMUNITY
                ? ctx.versions().of(model.model()) : CompletableFuture.completedFuture(null);
        List<CompletableFuture<?>> all = new ArrayList<>(values);
        if (ctx.config().options().checkModels()) { // cached: a batch checked it first; startPrediction checks it here
            all.add(ctx.models().verified(model.model(), ctx.versions().pinned(model.model())));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenCombine(version, (v, ver) -> {
            Map<InputImage, Uploads.Resolved> resolved = new HashMap<>();
            for (int i = 0; i < images.size(); i++) {
                resolved.put(images.get(i), values.get(i).join());
            }
            if (request instanceof InpaintRequest r && r.mask().isPresent()) { // sizes of stored images, known now
                InpaintRequest.checkMaskSize(resolved.get(r.image()).dimensions(),
                        resolved.get(r.mask().get()).dimensions());
            }
            ObjectNode input = Json.input(request.sentInputs(), i -> resolved.get(i).value());
            String deployment = ctx.config().options().deployments().get(model.model());
            String path = deployment != null ? "/v1/deployments/" + deployment + "/predictions"
                    : ver != null ? "/v1/predictions" : model.path();
            return new Prepared(path, input, Json.createBody(input, ver, hook.url(), hook.events()));
        });
    }
}
