package dev.fluxschnell.sdk.pricing;

import dev.fluxschnell.sdk.request.Model;
import dev.fluxschnell.sdk.request.ModelRequest;
import dev.fluxschnell.sdk.request.PipelineRequest;
import dev.fluxschnell.sdk.request.Step;
import dev.fluxschnell.sdk.request.ModelDescription;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What images cost, in USD, per model: official models bill per output image, community models (Real-ESRGAN, the
 * 851-labs background remover) by GPU time — the prediction's {@code metrics.predict_time} × the hardware's price per
 * second. Used for estimates before anything is spent and for the cost of each result. The defaults are the prices
 * this SDK knows (several are third-party figures, see docs/edits.md and docs/post-processing.md); they change, so set
 * yours with {@link #withPerImage(Model, String)} and {@link #withPerSecond(Model, String)}. Immutable.
 */
public final class Pricing {
    /** The default prices: each model's {@link ModelDescription#defaultPrice()} (sources in docs/models.md). */
    public static final Pricing DEFAULT = new Pricing(defaults(ModelDescription.Billing.PER_IMAGE),
            defaults(ModelDescription.Billing.PER_SECOND));

    private final Map<Model, BigDecimal> perImage;
    private final Map<Model, BigDecimal> perSecond;

    private Pricing(Map<Model, BigDecimal> perImage, Map<Model, BigDecimal> perSecond) {
        this.perImage = Map.copyOf(perImage);
        this.perSecond = Map.copyOf(perSecond);
    }

    /**
     * The default prices with flux-schnell's set to {@code perImage}.
     *
     * @param perImage the price of one flux-schnell image in USD (not negative)
     */
    public Pricing(BigDecimal perImage) {
        this(with(DEFAULT.perImage, Model.FLUX_SCHNELL, perImage, "perImage"), DEFAULT.perSecond);
    }

    /**
     * {@return the default prices with flux-schnell's set to {@code usd} per image, e.g. {@code perImage("0.003")}}
     *
     * @param usd the price of one image in USD, as a decimal number
     */
    public static Pricing perImage(String usd) {
        return new Pricing(new BigDecimal(usd));
    }

    /**
     * {@return these prices with {@code model}'s set to {@code usd} per output image}
     *
     * @param model a model billed per image
     * @param usd the price of one of its images in USD, as a decimal number
     * @throws IllegalArgumentException for a model billed by GPU time, or a negative price
     */
    public Pricing withPerImage(Model model, String usd) {
        Objects.requireNonNull(model, "model must not be null");
        if (model.isCommunity()) {
            throw new IllegalArgumentException(model + " is billed by GPU time: use withPerSecond");
        }
        return new Pricing(with(perImage, model, new BigDecimal(Objects.requireNonNull(usd, "usd must not be null")),
                "a price"), perSecond);
    }

    /**
     * {@return these prices with {@code model}'s GPU time set to {@code usd} per second (the hardware it runs on, as
     * its model page states)}
     *
     * @param model a community model, billed by GPU time
     * @param usd the price of one second in USD, as a decimal number
     * @throws IllegalArgumentException for a model billed per image, or a negative price
     */
    public Pricing withPerSecond(Model model, String usd) {
        Objects.requireNonNull(model, "model must not be null");
        if (!model.isCommunity()) {
            throw new IllegalArgumentException(model + " is billed per image: use withPerImage");
        }
        return new Pricing(perImage, with(perSecond, model, new BigDecimal(Objects.requireNonNull(usd,
                "usd must not be null")), "a price"));
    }

    private static Map<Model, BigDecimal> defaults(ModelDescription.Billing billing) {
        Map<Model, BigDecimal> m = new HashMap<>();
        ModelDescription.all().stream().filter(d -> d.billing() == billing)
                .forEach(d -> m.put(d.model(), d.defaultPrice()));
        return m;
    }

    private static Map<Model, BigDecimal> with(Map<Model, BigDecimal> prices, Model model, BigDecimal usd,
                                               String what) {
        Objects.requireNonNull(usd, what + " must not be null");
        if (usd.signum() < 0) {
            throw new IllegalArgumentException(what + " must not be negative, was " + usd);
        }
        Map<Model, BigDecimal> m = new HashMap<>(prices);
        m.put(model, usd);
        return m;
    }

    /** {@return the price of one flux-schnell image} */
    public BigDecimal perImage() {
        return perImage(Model.FLUX_SCHNELL);
    }

    /**
     * {@return the price of one output image of {@code model}}
     *
     * @param model a model billed per image
     * @throws IllegalArgumentException when no price per image is set for it
     */
    public BigDecimal perImage(Model model) {
        BigDecimal p = perImage.get(Objects.requireNonNull(model, "model must not be null"));
        if (p == null) {
            throw new IllegalArgumentException("no price per image is set for " + model + ": use withPerImage"
                    + (model.isCommunity() ? " (it is billed by GPU time: perSecond)" : ""));
        }
        return p;
    }

    /**
     * {@return the price of one second of {@code model}'s GPU time}
     *
     * @param model a community model
     * @throws IllegalArgumentException when no price per second is set for it
     */
    public BigDecimal perSecond(Model model) {
        BigDecimal p = perSecond.get(Objects.requireNonNull(model, "model must not be null"));
        if (p == null) {
            throw new IllegalArgumentException("no price per second is set for " + model + ": use withPerSecond");
        }
        return p;
    }

    /** {@return the currency of every amount: always {@code "USD"}} */
    public String currency() {
        return "USD";
    }

    /**
     * {@return the cost of {@code images} flux-schnell images}
     *
     * @param images the number of images
     */
    public BigDecimal costOf(long images) {
        return costOf(Model.FLUX_SCHNELL, images);
    }

    /**
     * {@return the cost of {@code images} output images of {@code model}}
     *
     * @param model a model billed per image
     * @param images the number of images
     */
    public BigDecimal costOf(Model model, long images) {
        return perImage(model).multiply(BigDecimal.valueOf(images));
    }

    /**
     * {@return the cost of {@code seconds} of {@code model}'s GPU time, to the millionth of a dollar}
     *
     * @param model a community model
     * @param seconds its {@code metrics.predict_time}
     */
    public BigDecimal costOf(Model model, Duration seconds) {
        BigDecimal s = BigDecimal.valueOf(Math.max(0, seconds.toNanos())).movePointLeft(9);
        return perSecond(model).multiply(s).setScale(6, RoundingMode.HALF_UP).stripTrailingZeros();
    }

    /**
     * {@return the estimate for {@code images} flux-schnell images: count, unit price and total}
     *
     * @param images the number of images
     */
    public CostEstimate estimate(long images) {
        return new CostEstimate(images, perImage(), costOf(images));
    }

    /**
     * {@return the estimate for {@code images} images of {@code model}: exact for a model billed per image; for one
     * billed by GPU time, a range from its shortest to its longest usual run — the cost is known only after the run}
     *
     * @param model the model
     * @param images the number of images (one prediction each for the GPU-time models, which answer one image)
     */
    public CostEstimate estimate(Model model, long images) {
        ModelDescription spec = ModelDescription.of(model).orElse(null);
        if (spec == null || spec.billing() != ModelDescription.Billing.PER_SECOND) {
            return new CostEstimate(images, perImage(model), costOf(model, images));
        }
        BigDecimal low = perSecond(model).multiply(BigDecimal.valueOf(spec.minSeconds() * images));
        BigDecimal high = perSecond(model).multiply(BigDecimal.valueOf(spec.maxSeconds() * images));
        BigDecimal unit = images == 0 ? BigDecimal.ZERO
                : high.divide(BigDecimal.valueOf(images), 6, RoundingMode.HALF_UP).stripTrailingZeros();
        return new CostEstimate(images, unit, high.stripTrailingZeros(), low.stripTrailingZeros());
    }

    /**
     * {@return the estimate for a request, if every image it asks for is made — a pipeline's with every step}
     *
     * @param request the request
     */
    public CostEstimate estimate(ModelRequest request) {
        if (request instanceof PipelineRequest p) {
            java.util.List<CostEstimate> parts = new java.util.ArrayList<>();
            parts.add(estimate(p.first()));
            for (Step step : p.steps()) {
                parts.add(estimate(step.model(), p.first().numOutputs()));
            }
            return sum(parts);
        }
        return estimate(request.model(), request.numOutputs());
    }

    /**
     * {@return the sum of estimates: images and both bounds added, the unit price their average (per image, upper)}
     *
     * @param estimates the estimates to add
     */
    public static CostEstimate sum(Iterable<CostEstimate> estimates) {
        long images = 0;
        BigDecimal total = BigDecimal.ZERO;
        BigDecimal low = BigDecimal.ZERO;
        BigDecimal unit = null;
        boolean uniform = true;
        for (CostEstimate e : estimates) {
            images += e.images();
            total = total.add(e.total());
            low = low.add(e.low());
            uniform &= unit == null || unit.compareTo(e.unitPrice()) == 0;
            unit = unit == null ? e.unitPrice() : unit;
        }
        BigDecimal average = unit == null ? BigDecimal.ZERO : uniform ? unit
                : total.divide(BigDecimal.valueOf(Math.max(1, images)), 6, RoundingMode.HALF_UP).stripTrailingZeros();
        return new CostEstimate(images, average, total, low);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Pricing p && perImage.equals(p.perImage) && perSecond.equals(p.perSecond);
    }

    @Override
    public int hashCode() {
        return perImage.hashCode() * 31 + perSecond.hashCode();
    }

    @Override
    public String toString() {
        return "Pricing{perImage=" + perImage + ", perSecond=" + perSecond + "}";
    }
}
