package dev.fluxschnell.sdk.errors;

/** A webhook delivery failed verification: answer it with 4xx and do not act on it. Not retryable. */
public class WebhookVerificationException extends FluxSchnellClientException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with the reason.
     *
     * @param message why the delivery failed verification
     */
    public WebhookVerificationException(String message) {
        super(message, null, null);
    }
}
