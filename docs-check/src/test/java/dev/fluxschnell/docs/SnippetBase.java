package dev.fluxschnell.docs;

import dev.fluxschnell.sdk.FluxSchnellClient;

/**
 * The one thing a documentation snippet may use without declaring it: a {@code client}, as most snippets continue from
 * the quick start's. Everything else a snippet declares or imports itself.
 */
public abstract class SnippetBase {
    /** The client the snippet uses. */
    protected FluxSchnellClient client;
}
