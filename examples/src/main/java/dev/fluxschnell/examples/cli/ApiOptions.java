package dev.fluxschnell.examples.cli;

import java.net.URI;

/** Which API a command calls: Replicate with the user's token, another base URL, or the bundled emulator. */
class ApiOptions {
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
}
