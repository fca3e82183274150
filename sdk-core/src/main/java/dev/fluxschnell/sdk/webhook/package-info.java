/**
 * Webhooks: {@link dev.fluxschnell.sdk.webhook.WebhookVerifier} checks a delivery's signature and yields a
 * {@link dev.fluxschnell.sdk.webhook.PredictionUpdate}; {@link dev.fluxschnell.sdk.webhook.WebhookEventType} selects
 * the events. API.
 */
package dev.fluxschnell.sdk.webhook;
