package dev.fluxschnell.sdk.pricing;

import dev.fluxschnell.sdk.request.InputField;
import dev.fluxschnell.sdk.request.InputImage;
import dev.fluxschnell.sdk.request.Model;
import dev.fluxschnell.sdk.request.ModelDescription;
import dev.fluxschnell.sdk.request.ModelRequest;
import dev.fluxschnell.sdk.request.PipelineRequest;
import dev.fluxschnell.sdk.request.Step;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What images cost, in USD, per model, billed one of three ways ({@link ModelDescription#billing()}): per output image
 * (flux-schnell, Kontext, Fill, Recraft, Bria), per megapixel (FLUX.2: the output's first megapixel at one price, each
 * further megapixel of output and every megapixel of its reference images at another, each image rounded up to whole
 * megapixels), or by GPU time (the community models: the prediction's {@code metrics.predict_time} × the hardware's
 * price per second). Used for estimates before anything is spent and for the cost of each result. The defaults are
 * each model's {@link ModelDescription#defaultPrice()} — several are third-party or BFL figures, marked UNCONFIRMED in
 * docs/models.md; prices change, so set yours with {@link #withPerImage}, {@link #withPerMegapixel} and
 * {@link #withPerSecond}. Immutable.
 */
public final class Pricing {
    /** The default prices: each model's {@link ModelDescription#defaultPrice()}. */
    public static final Pricing DEFAULT = defaults();

    /** One megapixel, as BFL and Replicate count it: 1024 × 1024 pixels. */
    private static final double MEGAPIXEL = 1024.0 * 1024.0;
    /** The largest image a FLUX.2 model bills for: bigger inputs are resized to 4 megapixels. */
    private static final int MAX_BILLED_MEGAPIXELS = 4;

    /**
     * A per-megapixel price.
     *
     * @param first the output's first megapixel (USD)
     * @param extra each further megapixel of output, and each megapixel of the reference images (USD)
     */
    public record MegapixelPrice(BigDecimal first, BigDecimal extra) {
        /**
         * Checks the prices.
         *
         * @param first the output's first megapixel
         * @param extra each further megapixel
         */
        public MegapixelPrice {
            notNegative(first, "first");
            notNegative(extra, "extra");
        }
    }

    private final Map<Model, BigDecimal> perImage;
    private final Map<Model, BigDecimal> perSecond;
    private final Map<Model, MegapixelPrice> perMegapixel;

    private Pricing(Map<Model, BigDecimal> perImage, Map<Model, BigDecimal> perSecond,
                    Map<Model, MegapixelPrice> perMegapixel) {
        this.perImage = Map.copyOf(perImage);
        this.perSecond = Map.copyOf(perSecond);
        this.perMegapixel = Map.copyOf(perMegapixel);
    }

    private static Pricing defaults() {
        Map<Model, BigDecimal> image = new HashMap<>();
        Map<Model, BigDecimal> second = new HashMap<>();
        Map<Model, MegapixelPrice> megapixel = new HashMap<>();
        for (ModelDescription d : ModelDescription.all()) {
            switch (d.billing()) {
                case PER_IMAGE -> image.put(d.model(), d.defaultPrice());
                case PER_SECOND -> second.put(d.model(), d.defaultPrice());
                case PER_MEGAPIXEL -> megapixel.put(d.model(), new MegapixelPrice(d.defaultPrice(),
                        d.defaultExtraMegapixelPrice()));
            }
        }
        return new Pricing(image, second, megapixel);
    }

    /**
     * {@return these prices with {@code model}'s set to {@code usd} per output image}
     *
     * @param model a model billed per image
     * @param usd the price of one of its images in USD, as a decimal number
     * @throws IllegalArgumentException for a model billed otherwise, or a negative price
     */
    public Pricing withPerImage(Model model, String usd) {
        billedBy(model, ModelDescription.Billing.PER_IMAGE, "withPerImage");
        return new Pricing(with(perImage, model, price(usd, "usd")), perSecond, perMegapixel);
    }

    /**
     * {@return these prices with {@code model}'s GPU time set to {@code usd} per second (the hardware it runs on, as
     * its model page states)}
     *
     * @param model a community model, billed by GPU time
     * @param usd the price of one second in USD, as a decimal number
     * @throws IllegalArgumentException for a model billed otherwise, or a negative price
     */
    public Pricing withPerSecond(Model model, String usd) {
        billedBy(model, ModelDescription.Billing.PER_SECOND, "withPerSecond");
        return new Pricing(perImage, with(perSecond, model, price(usd, "usd")), perMegapixel);
    }

    /**
     * {@return these prices with {@code model}'s per-megapixel prices set}
     *
     * @param model a model billed per megapixel (FLUX.2)
     * @param firstUsd the output's first megapixel, in USD
     * @param extraUsd each further megapixel of output and each megapixel of the reference images, in USD
     * @throws IllegalArgumentException for a model billed otherwise, or a negative price
     */
    public Pricing withPerMegapixel(Model model, String firstUsd, String extraUsd) {
        billedBy(model, ModelDescription.Billing.PER_MEGAPIXEL, "withPerMegapixel");
        Map<Model, MegapixelPrice> m = new HashMap<>(perMegapixel);
        m.put(model, new MegapixelPrice(price(firstUsd, "firstUsd"), price(extraUsd, "extraUsd")));
        return new Pricing(perImage, perSecond, m);
    }

    private static void billedBy(Model model, ModelDescription.Billing billing, String method) {
        Objects.requireNonNull(model, "model must not be null");
        ModelDescription.Billing actual = ModelDescription.of(model).map(ModelDescription::billing)
                .orElse(ModelDescription.Billing.PER_IMAGE);
        if (actual != billing) {
            throw new IllegalArgumentException(model + " is billed " + switch (actual) {
                case PER_IMAGE -> "per image: use withPerImage";
                case PER_SECOND -> "by GPU time: use withPerSecond";
                case PER_MEGAPIXEL -> "per megapixel: use withPerMegapixel";
            } + ", not " + method);
        }
    }

    private static BigDecimal price(String usd, String what) {
        Objects.requireNonNull(usd, what + " must not be null");
        BigDecimal p = new BigDecimal(usd.strip());
        notNegative(p, what);
        return p;
    }

    private static void notNegative(BigDecimal usd, String what) {
        Objects.requireNonNull(usd, what + " must not be null");
        if (usd.signum() < 0) {
            throw new IllegalArgumentException(what + " must not be negative, was " + usd);
        }
    }

    private static <V> Map<Model, V> with(Map<Model, V> prices, Model model, V price) {
        Map<Model, V> m = new HashMap<>(prices);
        m.put(model, price);
        return m;
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
            throw new IllegalArgumentException("no price per image is set for " + model + ": use withPerImage");
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

    /**
     * {@return the per-megapixel prices of {@code model}}
     *
     * @param model a model billed per megapixel
     * @throws IllegalArgumentException when none are set for it
     */
    public MegapixelPrice perMegapixel(Model model) {
        MegapixelPrice p = perMegapixel.get(Objects.requireNonNull(model, "model must not be null"));
        if (p == null) {
            throw new IllegalArgumentException("no price per megapixel is set for " + model
                    + ": use withPerMegapixel");
        }
        return p;
    }

    /** {@return the currency of every amount: always {@code "USD"}} */
    public String currency() {
        return "USD";
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
     * {@return the estimate for {@code images} images of {@code model}: exact for a model billed per image; for one
     * billed by GPU time, a range from its shortest to its longest usual run; for one billed per megapixel, a range
     * from one megapixel out and nothing in to its largest output and no reference images}
     *
     * @param model the model
     * @param images the number of images (one prediction each for the GPU-time models, which answer one image)
     */
    public CostEstimate estimate(Model model, long images) {
        ModelDescription spec = ModelDescription.of(model).orElse(null);
        if (spec == null || spec.billing() == ModelDescription.Billing.PER_IMAGE) {
            return new CostEstimate(images, perImage(model), costOf(model, images));
        }
        if (spec.billing() == ModelDescription.Billing.PER_MEGAPIXEL) {
            return megapixels(model, images, 1, MAX_BILLED_MEGAPIXELS, 0, 0);
        }
        BigDecimal low = perSecond(model).multiply(BigDecimal.valueOf(spec.minSeconds() * images));
        BigDecimal high = perSecond(model).multiply(BigDecimal.valueOf(spec.maxSeconds() * images));
        return range(images, low, high);
    }

    /**
     * {@return the estimate for a request, if every image it asks for is made — a pipeline's with every step} For a
     * model billed per megapixel it is exact when the request fixes every size (a resolution or a custom size, and
     * reference images read from local files), and a range otherwise (an image at a URL counts 1 to 4 megapixels).
     *
     * @param request the request
     */
    public CostEstimate estimate(ModelRequest request) {
        Objects.requireNonNull(request, "request must not be null");
        if (request instanceof PipelineRequest p) {
            List<CostEstimate> parts = new ArrayList<>();
            parts.add(estimate(p.first()));
            for (Step step : p.steps()) {
                parts.add(estimate(step.model(), p.first().numOutputs()));
            }
            return sum(parts);
        }
        boolean perMegapixel = ModelDescription.of(request.model()).map(d -> d.billing()
                == ModelDescription.Billing.PER_MEGAPIXEL).orElse(false);
        if (!perMegapixel) {
            return estimate(request.model(), request.numOutputs());
        }
        int[] out = outputMegapixels(request);
        int inLow = 0;
        int inHigh = 0;
        for (InputImage image : request.inputImages()) {
            int[] mp = image.dimensions().map(d -> {
                int billed = billed((double) d.width() * d.height() / MEGAPIXEL);
                return new int[] {billed, billed};
            }).orElse(new int[] {1, MAX_BILLED_MEGAPIXELS});
            inLow += mp[0];
            inHigh += mp[1];
        }
        return megapixels(request.model(), request.numOutputs(), out[0], out[1], inLow, inHigh);
    }

    /** The output's billed megapixels, {low, high}: exact when the request fixes the size. */
    private static int[] outputMegapixels(ModelRequest request) {
        Map<String, Object> in = request.inputs();
        if ("custom".equals(in.get("aspect_ratio")) && in.get("width") instanceof Number w
                && in.get("height") instanceof Number h) {
            int mp = billed(w.doubleValue() * h.doubleValue() / MEGAPIXEL);
            return new int[] {mp, mp};
        }
        Object asked = in.containsKey("resolution") ? in.get("resolution") : in.get("output_megapixels");
        if (asked == null) {
            asked = ModelDescription.of(request.model()).flatMap(d -> d.schema().field("resolution")
                    .or(() -> d.schema().field("output_megapixels"))).flatMap(InputField::defaultValue).orElse("1");
        }
        String text = asked.toString().replace("MP", "").strip();
        if (text.equals("match_input_image")) {
            InputImage first = request.inputImages().isEmpty() ? null : request.inputImages().get(0);
            if (first != null && first.dimensions().isPresent()) {
                InputImage.Dimensions d = first.dimensions().get();
                int mp = billed(Math.max(0.5, (double) d.width() * d.height() / MEGAPIXEL));
                return new int[] {mp, mp};
            }
            return new int[] {1, MAX_BILLED_MEGAPIXELS};
        }
        int mp = billed(Double.parseDouble(text));
        return new int[] {mp, mp};
    }

    /** Megapixels as billed: rounded up to whole ones, at least 1, at most 4. */
    private static int billed(double megapixels) {
        return (int) Math.max(1, Math.min(MAX_BILLED_MEGAPIXELS, Math.ceil(megapixels - 1e-9)));
    }

    private CostEstimate megapixels(Model model, long images, int outLow, int outHigh, int inLow, int inHigh) {
        MegapixelPrice p = perMegapixel(model);
        BigDecimal low = p.first().add(p.extra().multiply(BigDecimal.valueOf(outLow - 1L + inLow)))
                .multiply(BigDecimal.valueOf(images));
        BigDecimal high = p.first().add(p.extra().multiply(BigDecimal.valueOf(outHigh - 1L + inHigh)))
                .multiply(BigDecimal.valueOf(images));
        return range(images, low, high);
    }

    private static CostEstimate range(long images, BigDecimal low, BigDecimal high) {
        BigDecimal unit = images == 0 ? BigDecimal.ZERO
                : high.divide(BigDecimal.valueOf(images), 6, RoundingMode.HALF_UP).stripTrailingZeros();
        return new CostEstimate(images, unit, high.stripTrailingZeros(), low.stripTrailingZeros());
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
        return o instanceof Pricing p && perImage.equals(p.perImage) && perSecond.equals(p.perSecond)
                && perMegapixel.equals(p.perMegapixel);
    }

    @Override
    public int hashCode() {
        return Objects.hash(perImage, perSecond, perMegapixel);
    }

    @Override
    public String toString() {
        return "Pricing{perImage=" + perImage + ", perSecond=" + perSecond + ", perMegapixel=" + perMegapixel + "}";
    }
}
