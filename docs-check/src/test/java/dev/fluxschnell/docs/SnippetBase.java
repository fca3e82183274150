package dev.fluxschnell.docs;

import dev.fluxschnell.sdk.FluxSchnellClient;

/**
 * What a documentation snippet may use without declaring it: a {@code client}, as most snippets continue from the
 * quick start's. Snippets that need anything else declare it.
 */
public abstract class SnippetBase {
    /** The client the snippet uses. */
    protected FluxSchnellClient client;
}
