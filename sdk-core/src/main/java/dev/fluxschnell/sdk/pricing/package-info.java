/**
 * What images cost: {@link dev.fluxschnell.sdk.pricing.Pricing} (per image, per megapixel or per GPU second, per
 * model; configurable) and {@link dev.fluxschnell.sdk.pricing.CostEstimate} (exact, or a range when the cost is known
 * only after the run). API.
 */
package dev.fluxschnell.sdk.pricing;
