package dev.fluxschnell.spring.boot;

import dev.fluxschnell.sdk.FluxSchnellClient;
import java.net.URI;
import java.util.function.Supplier;
import org.springframework.core.env.Environment;

/**
 * What {@code flux-schnell.sandbox=true} wires the client to: the bundled emulator's base URL and a client builder with
 * its URL, token and download hosts. Holds no emulator type, so the starter loads without flux-schnell-sdk-testing.
 */
final class FluxSchnellSandbox {
    private final URI baseUrl;
    private final Supplier<FluxSchnellClient.Builder> clientBuilder;

    FluxSchnellSandbox(URI baseUrl, Supplier<FluxSchnellClient.Builder> clientBuilder) {
        this.baseUrl = baseUrl;
        this.clientBuilder = clientBuilder;
    }

    /** The emulator's base URL. */
    URI baseUrl() {
        return baseUrl;
    }

    /** A client builder wired to the emulator (its URL, token and download hosts). */
    FluxSchnellClient.Builder clientBuilder() {
        return clientBuilder.get();
    }

    /**
     * Refuses the sandbox when a Replicate token is configured, unless {@code flux-schnell.sandbox-despite-token}:
     * a token says the application means to reach Replicate, and a sandbox there would answer with placeholders.
     */
    static void refuseRealToken(FluxSchnellProperties properties, Environment environment) {
        if (properties.isSandboxDespiteToken()) {
            return;
        }
        String source = set(properties.getApiToken()) ? "flux-schnell.api-token"
                : set(environment.getProperty(FluxSchnellClient.TOKEN_ENV)) ? FluxSchnellClient.TOKEN_ENV
                : set(environment.getProperty(FluxSchnellClient.TOKEN_PROPERTY)) ? FluxSchnellClient.TOKEN_PROPERTY
                : null;
        if (source != null) {
            throw new IllegalStateException("flux-schnell.sandbox=true, but a Replicate API token is configured ("
                    + source + "): the sandbox answers with placeholder images and would not use it. Remove "
                    + "flux-schnell.sandbox to reach Replicate, or set flux-schnell.sandbox-despite-token=true to run "
                    + "against the emulator anyway");
        }
    }

    private static boolean set(String value) {
        return value != null && !value.isBlank();
    }
}
