package dev.fluxschnell.sdk.webhook;

import dev.fluxschnell.sdk.errors.FluxSchnellClientException;

/** A webhook delivery failed verification: answer it with 4xx and do not act on it. */
public class WebhookVerificationException extends FluxSchnellClientException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with the reason. */
    public WebhookVerificationException(String message) {
        super(message, null, null);
    }
}
