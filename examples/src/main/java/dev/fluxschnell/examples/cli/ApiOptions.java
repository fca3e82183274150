package dev.fluxschnell.examples.cli;

import java.net.URI;
import picocli.CommandLine.Option;

/** Which API a command calls: Replicate with the user's token, another base URL, or the bundled emulator. */
class ApiOptions {
    @Option(names = "--sandbox", description = "run against the bundled emulator: placeholder images, no cost")
    boolean sandbox;

    @Option(names = "--sandbox-if-no-token", description = "use the emulator only when REPLICATE_API_TOKEN is unset")
    boolean sandboxIfNoToken;

    @Option(names = "--base-url", paramLabel = "URL", description = "the Replicate API to call (default: "
            + "REPLICATE_BASE_URL, else https://api.replicate.com)")
    URI baseUrl;
}
