package dev.fluxschnell.sdk.pricing;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What a request or batch will cost if every image succeeds, computed locally before anything is spent. Exact for
 * models billed per image; a range where the cost is known only after the run — GPU time, or megapixels of sizes the
 * request leaves to the model or to images not read yet — then
 * {@link #total()} is the upper bound (what a budget should compare) and {@link #low()} the lower. Never $0 for work
 * that will be paid.
 *
 * @param images the number of output images
 * @param unitPrice the price of one image (USD; for a range, the upper bound's average)
 * @param total the most it will cost (USD): images × unit price when exact
 * @param low the least it will cost (USD): equal to {@code total} when exact
 */
public record CostEstimate(long images, BigDecimal unitPrice, BigDecimal total, BigDecimal low) {
    /**
     * Checks the components.
     *
     * @param images the number of output images
     * @param unitPrice the price of one image
     * @param total the most it will cost
     * @param low the least it will cost
     */
    public CostEstimate {
        Objects.requireNonNull(unitPrice, "unitPrice must not be null");
        Objects.requireNonNull(total, "total must not be null");
        Objects.requireNonNull(low, "low must not be null");
        if (low.compareTo(total) > 0) {
            throw new IllegalArgumentException("low (" + low + ") must not exceed total (" + total + ")");
        }
    }

    /**
     * An exact estimate.
     *
     * @param images the number of output images
     * @param unitPrice the price of one image
     * @param total images × unit price
     */
    public CostEstimate(long images, BigDecimal unitPrice, BigDecimal total) {
        this(images, unitPrice, total, total);
    }

    /** {@return whether the cost is known now (every model billed per image), not a range} */
    public boolean isExact() {
        return low.compareTo(total) == 0;
    }

    /** {@return the currency of the amounts: always {@code "USD"}} */
    public String currency() {
        return "USD";
    }

    @Override
    public String toString() {
        if (isExact()) {
            return images + " image(s) x $" + unitPrice.toPlainString() + " = $" + total.toPlainString();
        }
        return images + " image(s): $" + low.toPlainString() + " to $" + total.toPlainString()
                + " (the exact cost is known after the run)";
    }
}
