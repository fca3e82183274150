package dev.fluxschnell.sdk;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The price of one output image, in USD. flux-schnell on Replicate bills per output image.
 *
 * @param perImage the price of one image in USD (not negative)
 */
public record Pricing(BigDecimal perImage) {
    /** Replicate's published flux-schnell price: $3 per 1000 images. */
    public static final Pricing DEFAULT = new Pricing(new BigDecimal("0.003"));

    /**
     * Checks the price.
     *
     * @param perImage the price of one image in USD (not negative)
     */
    public Pricing {
        Objects.requireNonNull(perImage, "perImage must not be null");
        if (perImage.signum() < 0) {
            throw new IllegalArgumentException("perImage must not be negative, was " + perImage);
        }
    }

    /**
     * {@return a pricing of {@code usd} per image, e.g. {@code Pricing.perImage("0.003")}}
     *
     * @param usd the price of one image in USD, as a decimal number
     */
    public static Pricing perImage(String usd) {
        return new Pricing(new BigDecimal(usd));
    }

    /** {@return the currency of every amount: always {@code "USD"}} */
    public String currency() {
        return "USD";
    }

    /**
     * {@return the cost of {@code images} images}
     *
     * @param images the number of images
     */
    public BigDecimal costOf(long images) {
        return perImage.multiply(BigDecimal.valueOf(images));
    }

    /**
     * {@return the estimate for {@code images} images: count, unit price and total}
     *
     * @param images the number of images
     */
    public CostEstimate estimate(long images) {
        return new CostEstimate(images, perImage, costOf(images));
    }
}
