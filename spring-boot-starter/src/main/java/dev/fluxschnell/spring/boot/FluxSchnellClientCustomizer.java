package dev.fluxschnell.spring.boot;

import dev.fluxschnell.sdk.FluxSchnellClient;

/** Adjusts the auto-configured client's builder after the properties were applied (define it as a bean). */
@FunctionalInterface
public interface FluxSchnellClientCustomizer {
    /**
     * Changes {@code builder} before the client is built.
     *
     * @param builder the client's builder, with the properties applied
     */
    void customize(FluxSchnellClient.Builder builder);
}
