package dev.fluxschnell.sdk.webhook;

/** The prediction events Replicate can send to a webhook ({@code webhook_events_filter}). */
public enum WebhookEventType {
    /** The prediction started. */
    START("start"),
    /** The prediction produced output. */
    OUTPUT("output"),
    /** The prediction logged something. */
    LOGS("logs"),
    /** The prediction reached a terminal status (succeeded, failed, canceled). */
    COMPLETED("completed");

    private final String value;

    WebhookEventType(String value) {
        this.value = value;
    }

    /** {@return the wire value, e.g. {@code "completed"}} */
    public String value() {
        return value;
    }

    /**
     * Looks an event type up by wire value or name, case-insensitively.
     *
     * @param text a wire value or constant name
     * @return the matching event type
     */
    public static WebhookEventType of(String text) {
        for (WebhookEventType t : values()) {
            if (text != null && (t.value.equalsIgnoreCase(text.trim()) || t.name().equalsIgnoreCase(text.trim()))) {
                return t;
            }
        }
        throw new IllegalArgumentException("webhook_events_filter '" + text + "' is not supported; allowed: start, "
                + "output, logs, completed");
    }
}
