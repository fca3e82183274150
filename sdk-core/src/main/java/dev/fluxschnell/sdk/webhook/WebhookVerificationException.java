package dev.fluxschnell.sdk.webhook;

import dev.fluxschnell.sdk.FluxSchnellException;

/** A webhook delivery failed verification: answer it with 4xx and do not act on it. */
public class WebhookVerificationException extends FluxSchnellException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with the reason. */
    public WebhookVerificationException(String message) {
        super(message);
    }
}
