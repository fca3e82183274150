package dev.fluxschnell.sdk;

import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.webhook.WebhookEventType;
import java.net.URI;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Settings of one call rather than of the request or the client: whose quota pays ({@code subject}) and the webhook
 * Replicate tells when the prediction changes. Immutable.
 *
 * <pre>{@code
 * client.generate(request, RequestOptions.subject("alice"));
 * client.startPrediction(request, RequestOptions.builder()
 *         .webhook(URI.create("https://example.com/replicate-webhook"))
 *         .webhookEvents(Set.of(WebhookEventType.COMPLETED))
 *         .build());
 * }</pre>
 */
public final class RequestOptions {
    /** No webhook, and the default quota subject. */
    public static final RequestOptions DEFAULT = builder().build();
    /** The longest quota subject accepted, in characters. */
    public static final int MAX_SUBJECT_LENGTH = 128;

    private final String subject;
    private final URI webhook;
    private final Set<WebhookEventType> webhookEvents;

    private RequestOptions(Builder b) {
        this.subject = b.subject;
        this.webhook = b.webhook;
        this.webhookEvents = Set.copyOf(b.webhookEvents);
    }

    /** {@return a new builder} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@return options charging {@code subject}'s quota}
     *
     * @param subject whose quota pays for the images
     */
    public static RequestOptions subject(String subject) {
        return builder().subject(subject).build();
    }

    /** {@return whose quota pays for the images ({@link BatchRequest#DEFAULT_SUBJECT} unless set)} */
    public String subject() {
        return subject;
    }

    /** {@return the URL Replicate calls with updates of the prediction, if set} */
    public Optional<URI> webhook() {
        return Optional.ofNullable(webhook);
    }

    /** {@return which events are sent to the webhook; empty means Replicate's default (all events)} */
    public Set<WebhookEventType> webhookEvents() {
        return webhookEvents;
    }

    /** {@return a builder holding these options} */
    public Builder toBuilder() {
        Builder b = builder().subject(subject);
        b.webhook = webhook;
        b.webhookEvents = webhookEvents.isEmpty() ? EnumSet.noneOf(WebhookEventType.class)
                : EnumSet.copyOf(webhookEvents);
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RequestOptions r && subject.equals(r.subject) && Objects.equals(webhook, r.webhook)
                && webhookEvents.equals(r.webhookEvents);
    }

    @Override
    public int hashCode() {
        return Objects.hash(subject, webhook, webhookEvents);
    }

    @Override
    public String toString() {
        return "RequestOptions{subject=" + subject + (webhook != null ? ", webhook=" + webhook + ", webhookEvents="
                + webhookEvents : "") + "}";
    }

    /**
     * Checks a quota subject: 1–{@value #MAX_SUBJECT_LENGTH} characters, none of them a control character — subjects
     * become Redis keys and log lines.
     *
     * @param subject the subject
     * @return the subject
     * @throws IllegalArgumentException saying what is wrong
     */
    public static String checkSubject(String subject) {
        Objects.requireNonNull(subject, "subject must not be null");
        if (subject.isBlank() || subject.length() > MAX_SUBJECT_LENGTH) {
            throw new IllegalArgumentException("subject must be 1-" + MAX_SUBJECT_LENGTH + " characters and not blank,"
                    + " was " + subject.length() + " characters");
        }
        for (int i = 0; i < subject.length(); i++) {
            if (Character.isISOControl(subject.charAt(i))) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "subject contains control character U+%04X at index %d", (int) subject.charAt(i), i));
            }
        }
        return subject;
    }

    /** Builds {@link RequestOptions}; not thread-safe. */
    public static final class Builder {
        private String subject = BatchRequest.DEFAULT_SUBJECT;
        private URI webhook;
        private Set<WebhookEventType> webhookEvents = EnumSet.noneOf(WebhookEventType.class);

        private Builder() {}

        /**
         * Whose quota pays for the images (default {@link BatchRequest#DEFAULT_SUBJECT}).
         *
         * @param subject 1–{@value #MAX_SUBJECT_LENGTH} characters, no control characters
         * @return this builder
         */
        public Builder subject(String subject) {
            this.subject = checkSubject(subject);
            return this;
        }

        /**
         * A URL Replicate calls with updates of the prediction (absolute http or https; redirects are not followed).
         *
         * @param webhook the URL
         * @return this builder
         */
        public Builder webhook(URI webhook) {
            Objects.requireNonNull(webhook, "webhook must not be null");
            if (!webhook.isAbsolute() || webhook.getHost() == null
                    || !("https".equalsIgnoreCase(webhook.getScheme()) || "http".equalsIgnoreCase(webhook.getScheme()))) {
                throw new IllegalArgumentException("webhook must be an absolute http(s) URL, was " + webhook);
            }
            this.webhook = webhook;
            return this;
        }

        /**
         * Which events to send to the webhook (default: Replicate's, all of them).
         *
         * @param events the events; empty for Replicate's default
         * @return this builder
         */
        public Builder webhookEvents(Set<WebhookEventType> events) {
            Objects.requireNonNull(events, "webhookEvents must not be null");
            events.forEach(e -> Objects.requireNonNull(e, "webhookEvents must not contain null"));
            this.webhookEvents = events.isEmpty() ? EnumSet.noneOf(WebhookEventType.class) : EnumSet.copyOf(events);
            return this;
        }

        /**
         * {@return the options}
         *
         * @throws IllegalStateException when events are given without a webhook
         */
        public RequestOptions build() {
            if (!webhookEvents.isEmpty() && webhook == null) {
                throw new IllegalStateException("webhookEvents needs a webhook(URI)");
            }
            return new RequestOptions(this);
        }
    }
}
