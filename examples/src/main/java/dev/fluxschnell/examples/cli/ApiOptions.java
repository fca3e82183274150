package dev.fluxschnell.examples.cli;

import dev.fluxschnell.sdk.FluxSchnellClient;
import java.net.URI;

/** Which API a command calls: Replicate with the user's token, another base URL, or the bundled emulator. */
class ApiOptions {
    /**
     * A system property set by the {@code ./flux} launcher on the run that trains its start-up cache (against the
     * emulator, over http): the warm-up then also sets up TLS, so that the cache holds what a run against Replicate
     * loads.
     */
    static final String TRAINING = "flux.training";

    boolean sandbox;
    boolean sandboxIfNoToken;
    URI baseUrl;

    /** Declares these options on {@code spec}. */
    void declare(Cli.Spec spec) {
        spec.flag("--sandbox", "run against the bundled emulator: placeholder images, no cost", () -> sandbox = true);
        spec.flag("--sandbox-if-no-token", "use the emulator only when REPLICATE_API_TOKEN is unset",
                () -> sandboxIfNoToken = true);
        spec.option("--base-url", "URL", "the Replicate API to call (default: REPLICATE_BASE_URL, else "
                + "https://api.replicate.com)", URI::create, v -> baseUrl = v);
    }

    /**
     * Starts the SDK's warm-up for the API {@code args} would call, read from the raw arguments before they are parsed
     * as {@link Session} decides it ({@code --sandbox}, then {@code --sandbox-if-no-token} without a token, then
     * {@code --base-url}), else the environment's: TLS is set up ahead only for https. A wrong guess costs start-up
     * time, never a wrong call.
     */
    static void warmUp(String[] args) {
        if (Boolean.getBoolean(TRAINING)) { // TLS as well, as a run against Replicate sets it up
            FluxSchnellClient.warmUp(URI.create("https://api.replicate.com"));
        }
        java.util.List<String> a = java.util.List.of(args);
        String property = System.getProperty(FluxSchnellClient.TOKEN_PROPERTY);
        String env = System.getenv(FluxSchnellClient.TOKEN_ENV);
        boolean noToken = (property == null || property.isBlank()) && (env == null || env.isBlank());
        if (a.contains("--sandbox") || a.contains("--sandbox-if-no-token") && noToken) {
            FluxSchnellClient.warmUp(URI.create("http://127.0.0.1"));
            return;
        }
        for (int i = 0; i < args.length; i++) {
            String url = args[i].startsWith("--base-url=") ? args[i].substring(11)
                    : args[i].equals("--base-url") && i + 1 < args.length ? args[i + 1] : null;
            if (url != null) {
                FluxSchnellClient.warmUp(URI.create(url.regionMatches(true, 0, "http:", 0, 5) ? "http://127.0.0.1"
                        : "https://api.replicate.com"));
                return;
            }
        }
        FluxSchnellClient.warmUp();
    }
}
