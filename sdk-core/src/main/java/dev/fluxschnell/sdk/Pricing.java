package dev.fluxschnell.sdk;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What images cost, in USD, per model: official models bill per output image. Used for estimates before anything is
 * spent and for the cost of each result. The defaults are Replicate's published prices as this SDK knows them; they
 * change, so set yours with {@link #withPerImage(Model, String)}. Immutable.
 */
public final class Pricing {
    /** The default prices: flux-schnell $0.003 per image, and the other models of the family as listed in the guide. */
    public static final Pricing DEFAULT = new Pricing(Map.of(
            Model.FLUX_SCHNELL, new BigDecimal("0.003"),
            Model.FLUX_KONTEXT_PRO, new BigDecimal("0.04"),
            Model.FLUX_KONTEXT_DEV, new BigDecimal("0.025"),
            Model.FLUX_DEV, new BigDecimal("0.025"),
            Model.FLUX_FILL_PRO, new BigDecimal("0.05"),
            Model.FLUX_FILL_DEV, new BigDecimal("0.04")));

    private final Map<Model, BigDecimal> perImage;

    private Pricing(Map<Model, BigDecimal> perImage) {
        this.perImage = Map.copyOf(perImage);
    }

    /**
     * The default prices with flux-schnell's set to {@code perImage}.
     *
     * @param perImage the price of one flux-schnell image in USD (not negative)
     */
    public Pricing(BigDecimal perImage) {
        this(DEFAULT.with(Model.FLUX_SCHNELL, perImage).perImage);
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
     * @param model the model
     * @param usd the price of one of its images in USD, as a decimal number
     */
    public Pricing withPerImage(Model model, String usd) {
        return new Pricing(with(Objects.requireNonNull(model, "model must not be null"),
                new BigDecimal(Objects.requireNonNull(usd, "usd must not be null"))).perImage);
    }

    private Pricing with(Model model, BigDecimal usd) {
        Objects.requireNonNull(usd, "perImage must not be null");
        if (usd.signum() < 0) {
            throw new IllegalArgumentException("a price must not be negative, was " + usd);
        }
        Map<Model, BigDecimal> m = new HashMap<>(perImage);
        m.put(model, usd);
        return new Pricing(m);
    }

    /** {@return the price of one flux-schnell image} */
    public BigDecimal perImage() {
        return perImage(Model.FLUX_SCHNELL);
    }

    /**
     * {@return the price of one output image of {@code model}}
     *
     * @param model the model
     * @throws IllegalArgumentException when no price is known for it
     */
    public BigDecimal perImage(Model model) {
        BigDecimal p = perImage.get(Objects.requireNonNull(model, "model must not be null"));
        if (p == null) {
            throw new IllegalArgumentException("no price per image is set for " + model + ": use withPerImage");
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
     * @param model the model
     * @param images the number of images
     */
    public BigDecimal costOf(Model model, long images) {
        return perImage(model).multiply(BigDecimal.valueOf(images));
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
     * {@return the estimate for a request, if every image it asks for is made}
     *
     * @param request the request
     */
    public CostEstimate estimate(ModelRequest request) {
        return new CostEstimate(request.numOutputs(), perImage(request.model()),
                costOf(request.model(), request.numOutputs()));
    }

    /**
     * {@return the sum of estimates: images and totals added, the unit price their average}
     *
     * @param estimates the estimates to add
     */
    public static CostEstimate sum(Iterable<CostEstimate> estimates) {
        long images = 0;
        BigDecimal total = BigDecimal.ZERO;
        BigDecimal unit = null;
        boolean uniform = true;
        for (CostEstimate e : estimates) {
            images += e.images();
            total = total.add(e.total());
            uniform &= unit == null || unit.compareTo(e.unitPrice()) == 0;
            unit = unit == null ? e.unitPrice() : unit;
        }
        BigDecimal average = unit == null ? BigDecimal.ZERO : uniform ? unit
                : total.divide(BigDecimal.valueOf(Math.max(1, images)), 6, RoundingMode.HALF_UP).stripTrailingZeros();
        return new CostEstimate(images, average, total);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Pricing p && perImage.equals(p.perImage);
    }

    @Override
    public int hashCode() {
        return perImage.hashCode();
    }

    @Override
    public String toString() {
        return "Pricing{" + perImage + "}";
    }
}
