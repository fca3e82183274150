package dev.fluxschnell.sdk.request;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the SDK knows about one model it calls — the one place each model's facts are written down: the short name the
 * CLI and prompt files use, where its predictions are created, how it is billed and its default price (with the
 * source), and its recorded input schema ({@link ModelSchema#recorded}: fields, types, ranges, defaults, output shape,
 * tested version). Requests validate against it; the emulator serves the same schema; {@code client.models().check()}
 * compares it with the live one. Immutable.
 */
public final class ModelDescription {
    /** Where a model's predictions are created. */
    public enum Endpoint {
        /** {@code POST /v1/models/{owner}/{name}/predictions}: always on, no version, priced per output. */
        OFFICIAL,
        /** {@code POST /v1/predictions} with {@code version}: the version is resolved or pinned; billed by GPU time. */
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
        PER_IMAGE,
        /** A price per megapixel of output, and of input images where the model bills them (FLUX.2). */
        PER_MEGAPIXEL,
        /** The prediction's {@code metrics.predict_time} times the hardware's price per second. */
        PER_SECOND
    }

    /** What a model does; it decides which request type runs on it. */
    public enum Job {
        /** Text to image: {@link ImageRequest}. */
        GENERATE,
        /** An edit of one or more images from a prompt: {@link EditRequest}. */
        EDIT,
        /** Repaint part of an image: {@link InpaintRequest}. */
        INPAINT,
        /** Enlarge an image: {@link UpscaleRequest}. */
        UPSCALE,
        /** Remove an image's background: {@link RemoveBackgroundRequest}. */
        REMOVE_BACKGROUND
    }

    /** Replicate's published price of an Nvidia T4 second, which the community models here run on. */
    private static final String T4_PER_SECOND = "0.000225";

    private static final List<ModelDescription> ALL = List.of(
            official(Model.FLUX_SCHNELL, "flux-schnell", List.of(Job.GENERATE), Billing.PER_IMAGE, "0.003",
                    "replicate.com/black-forest-labs/flux-schnell: $3 per 1000 images", true),
            official(Model.FLUX_DEV, "flux-dev", List.of(Job.GENERATE, Job.EDIT), Billing.PER_IMAGE, "0.025",
                    "third-party transcription of replicate.com pricing", false),
            official(Model.FLUX_KONTEXT_PRO, "kontext-pro", List.of(Job.EDIT), Billing.PER_IMAGE, "0.04",
                    "third-party transcription of replicate.com pricing", false),
            official(Model.FLUX_KONTEXT_DEV, "kontext-dev", List.of(Job.EDIT), Billing.PER_IMAGE, "0.025",
                    "third-party transcription of replicate.com pricing", false),
            official(Model.FLUX_KONTEXT_MAX, "kontext-max", List.of(Job.EDIT), Billing.PER_IMAGE, "0.08",
                    "BFL's price for FLUX.1 Kontext [max] (docs.bfl.ai); Replicate's is UNCONFIRMED", false),
            official(Model.FLUX_1_1_PRO, "flux-1.1-pro", List.of(Job.GENERATE), Billing.PER_IMAGE, "0.04",
                    "replicate.com pricing as transcribed 2026-10 (third party)", false),
            official(Model.FLUX_1_1_PRO_ULTRA, "flux-1.1-pro-ultra", List.of(Job.GENERATE), Billing.PER_IMAGE,
                    "0.06", "BFL's price for FLUX1.1 [pro] Ultra (docs.bfl.ai); Replicate's is UNCONFIRMED", false),
            megapixels(Model.FLUX_2_PRO, "flux-2-pro", "0.03", "0.015"),
            megapixels(Model.FLUX_2_MAX, "flux-2-max", "0.07", "0.03"),
            megapixels(Model.FLUX_2_FLEX, "flux-2-flex", "0.05", "0.05"),
            megapixels(Model.FLUX_2_DEV, "flux-2-dev", "0.025", "0.0125"),
            megapixels(Model.FLUX_2_KLEIN_4B, "flux-2-klein-4b", "0.014", "0.001"),
            megapixels(Model.FLUX_2_KLEIN_9B, "flux-2-klein-9b", "0.015", "0.002"),
            official(Model.FLUX_FILL_PRO, "fill-pro", List.of(Job.INPAINT), Billing.PER_IMAGE, "0.05",
                    "replicate.com page as transcribed by third parties", false),
            official(Model.FLUX_FILL_DEV, "fill-dev", List.of(Job.INPAINT), Billing.PER_IMAGE, "0.04",
                    "no source found: a placeholder to override", false),
            official(Model.RECRAFT_CRISP_UPSCALE, "recraft-crisp", List.of(Job.UPSCALE), Billing.PER_IMAGE, "0.006",
                    "third-party transcription of replicate.com pricing", false),
            official(Model.BRIA_REMOVE_BACKGROUND, "bria", List.of(Job.REMOVE_BACKGROUND), Billing.PER_IMAGE, "0.018",
                    "third parties quote $0.018 and $0.002", false),
            community(Model.REAL_ESRGAN, "real-esrgan", Job.UPSCALE, 1, 30),
            community(Model.BACKGROUND_REMOVER, "851-labs", Job.REMOVE_BACKGROUND, 1, 15));
    private static final Map<Model, ModelDescription> BY_MODEL = ALL.stream().collect(
            Collectors.toUnmodifiableMap(ModelDescription::model, Function.identity()));

    private final Model model;
    private final String alias;
    private final Endpoint endpoint;
    private final List<Job> jobs;
    private final Billing billing;
    private final BigDecimal price;
    private final String priceSource;
    private final boolean priceConfirmed;
    private final double minSeconds;
    private final double maxSeconds;
    private final boolean takesWebp;
    private final BigDecimal extraMegapixelPrice;

    private ModelDescription(Model model, String alias, Endpoint endpoint, List<Job> jobs, Billing billing,
                             String price, String priceSource, boolean priceConfirmed, double minSeconds,
                             double maxSeconds) {
        this(model, alias, endpoint, jobs, billing, price, "0", priceSource, priceConfirmed, minSeconds, maxSeconds);
    }

    private ModelDescription(Model model, String alias, Endpoint endpoint, List<Job> jobs, Billing billing,
                             String price, String extraMegapixelPrice, String priceSource, boolean priceConfirmed,
                             double minSeconds, double maxSeconds) {
        this.extraMegapixelPrice = new BigDecimal(extraMegapixelPrice);
        this.model = model;
        this.alias = alias;
        this.endpoint = endpoint;
        this.jobs = List.copyOf(jobs);
        this.billing = billing;
        this.price = new BigDecimal(price);
        this.priceSource = priceSource;
        this.priceConfirmed = priceConfirmed;
        this.minSeconds = minSeconds;
        this.maxSeconds = maxSeconds;
        this.takesWebp = !model.equals(Model.BRIA_REMOVE_BACKGROUND); // Bria's API: JPEG and PNG only (415 else)
    }

    private static ModelDescription official(Model model, String alias, List<Job> jobs, Billing billing, String price,
                                             String source, boolean confirmed) {
        return new ModelDescription(model, alias, Endpoint.OFFICIAL, jobs, billing, price, source, confirmed, 0, 0);
    }

    /**
     * A FLUX.2 model: per megapixel — BFL's scheme, the first megapixel of the output at one price, each further
     * megapixel of output and every megapixel of the reference images at another (docs.bfl.ai pricing, BFL's skill
     * tables). Replicate's own per-megapixel figures are UNCONFIRMED (third parties say it bills input and output
     * megapixels, each reference image rounded up separately).
     */
    private static ModelDescription megapixels(Model model, String alias, String first, String extra) {
        return new ModelDescription(model, alias, Endpoint.OFFICIAL, List.of(Job.GENERATE, Job.EDIT),
                Billing.PER_MEGAPIXEL, first, extra, "BFL's FLUX.2 prices (first megapixel, each further one); "
                + "Replicate's are UNCONFIRMED", false, 0, 0);
    }

    private static ModelDescription community(Model model, String alias, Job job, double minSeconds,
                                              double maxSeconds) {
        return new ModelDescription(model, alias, Endpoint.COMMUNITY, List.of(job), Billing.PER_SECOND, T4_PER_SECOND,
                "replicate.com/pricing: Nvidia T4 per second", true, minSeconds, maxSeconds);
    }

    /** {@return every model the SDK calls, in a stable order} */
    public static List<ModelDescription> all() {
        return ALL;
    }

    /**
     * {@return what the SDK knows about {@code model}, if it calls it}
     *
     * @param model any model
     */
    public static Optional<ModelDescription> of(Model model) {
        return Optional.ofNullable(BY_MODEL.get(Objects.requireNonNull(model, "model must not be null")));
    }

    /**
     * {@return what the SDK knows about {@code model}}
     *
     * @param model a model the SDK calls
     * @throws IllegalArgumentException naming the models it calls, for another
     */
    static ModelDescription require(Model model) {
        return of(model).orElseThrow(() -> new IllegalArgumentException("the SDK does not call " + model
                + "; it calls " + ALL.stream().map(d -> d.model.toString()).collect(Collectors.joining(", "))));
    }

    /** {@return the model} */
    public Model model() {
        return model;
    }

    /** {@return the short name the CLI, prompt files and Spring properties use, e.g. {@code kontext-pro}} */
    public String alias() {
        return alias;
    }

    /** {@return where its predictions are created} */
    public Endpoint endpoint() {
        return endpoint;
    }

    /** {@return the jobs it does, which decide the request types that run on it} */
    public List<Job> jobs() {
        return jobs;
    }

    /** {@return how it is billed} */
    public Billing billing() {
        return billing;
    }

    /**
     * {@return the default price in USD: per image, per megapixel or per GPU second, as {@link #billing()} says}
     * Override it with {@code Pricing}.
     */
    public BigDecimal defaultPrice() {
        return price;
    }

    /**
     * {@return for a model billed per megapixel, the default price of each megapixel after the output's first and of
     * every megapixel of its reference images (USD); zero for others}
     */
    public BigDecimal defaultExtraMegapixelPrice() {
        return extraMegapixelPrice;
    }

    /** {@return where the default price comes from} */
    public String priceSource() {
        return priceSource;
    }

    /** {@return whether the default price comes from a first-party source (else it is UNCONFIRMED)} */
    public boolean priceConfirmed() {
        return priceConfirmed;
    }

    /** {@return for a GPU-time model, the shortest run (seconds) its estimates assume; 0 for others} */
    public double minSeconds() {
        return minSeconds;
    }

    /** {@return for a GPU-time model, the longest run (seconds) its estimates assume; 0 for others} */
    public double maxSeconds() {
        return maxSeconds;
    }

    /**
     * {@return whether the model reads WebP input images: not Bria's background removal, whose API answers 415 to
     * anything but JPEG and PNG (docs.bria.ai, background-remove v2)}
     */
    public boolean takesWebp() {
        return takesWebp;
    }

    /** {@return the schema this SDK release was built and tested against} */
    public ModelSchema schema() {
        return ModelSchema.recorded(model).orElseThrow(() -> new IllegalStateException("no recorded schema for "
                + model + " at " + ModelSchema.resource(model)));
    }

    /** {@return the most images one prediction makes: the schema's maximum {@code num_outputs}, else 1} */
    public int maxOutputsPerPrediction() {
        return schema().field("num_outputs").map(f -> (int) f.maximum().orElse(1)).orElse(1);
    }

    /** {@return the version the recorded schema belongs to (for a community model, the version tests pin)} */
    public Optional<String> testedVersion() {
        return schema().version();
    }

    /** {@return the path an official model's predictions are created at} */
    public String path() {
        return "/v1/models/" + model.owner() + "/" + model.name() + "/predictions";
    }

    @Override
    public String toString() {
        return "ModelDescription{" + model + " (" + alias + "), " + endpoint + ", " + billing + " $"
                + price.toPlainString() + "}";
    }
}
