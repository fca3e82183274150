package dev.fluxschnell.sdk;

import java.math.BigDecimal;

/**
 * What a request or batch will cost if every image succeeds, computed locally before anything is spent.
 *
 * @param images the number of output images
 * @param unitPrice the price of one image (USD)
 * @param total images × unit price (USD)
 */
public record CostEstimate(long images, BigDecimal unitPrice, BigDecimal total) {
    /** {@return the currency of the amounts: always {@code "USD"}} */
    public String currency() {
        return "USD";
    }

    @Override
    public String toString() {
        return images + " image(s) x $" + unitPrice.toPlainString() + " = $" + total.toPlainString();
    }
}
