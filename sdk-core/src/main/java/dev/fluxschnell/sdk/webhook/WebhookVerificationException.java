package dev.fluxschnell.sdk.webhook;

/**
 * A webhook delivery failed verification.
 *
 * @deprecated moved to {@link dev.fluxschnell.sdk.errors.WebhookVerificationException} with the SDK's other exceptions;
 *     catch that one. {@link WebhookVerifier} throws this subclass until it is removed, so both catch sites work.
 */
@Deprecated(since = "0.2.0", forRemoval = true)
public class WebhookVerificationException extends dev.fluxschnell.sdk.errors.WebhookVerificationException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with the reason.
     *
     * @param message why the delivery failed verification
     */
    public WebhookVerificationException(String message) {
        super(message);
    }
}
