package dev.fluxschnell.sdk.internal;

import dev.fluxschnell.sdk.request.Model;

/**
 * What the SDK knows about one model — the one place it is written down: where a prediction is created (an official
 * model's own path, or {@code POST /v1/predictions} with a version for a community model), the shape of its output (a
 * list of URIs or a single URI) and how it is billed (per output image, or per second of GPU time). How a typed request
 * becomes the model's {@code input} is in {@link Models#input}. Not API.
 *
 * @param model the model
 * @param endpoint where its predictions are created
 * @param output the shape of its {@code output}
 * @param billing how it is billed
 * @param pinnedVersion for a community model, the version this SDK was tested against (null for official models)
 * @param minSeconds for a GPU-time model, the shortest run (seconds) its estimates assume
 * @param maxSeconds for a GPU-time model, the longest run (seconds) its estimates assume
 */
public record ModelSpec(Model model, Endpoint endpoint, OutputShape output, Billing billing, String pinnedVersion,
                        double minSeconds, double maxSeconds) {
    /** Where a model's predictions are created. */
    public enum Endpoint {
        /** {@code POST /v1/models/{owner}/{name}/predictions}: always on, priced per output. */
        OFFICIAL,
        /** {@code POST /v1/predictions} with {@code version}: the version is resolved or pinned; billed by time. */
        COMMUNITY
    }

    /** The shape of a model's {@code output}. */
    public enum OutputShape {
        /** An array of URIs, one per image. */
        LIST,
        /** A single URI. */
        SINGLE
    }

    /** How a model is billed. */
    public enum Billing {
        /** A price per output image. */
        PER_OUTPUT,
        /** The prediction's {@code metrics.predict_time} times the hardware's price per second. */
        PER_SECOND
    }

    /** {@return the path an official model's predictions are created at} */
    public String officialPath() {
        return "/v1/models/" + model.owner() + "/" + model.name() + "/predictions";
    }
}
