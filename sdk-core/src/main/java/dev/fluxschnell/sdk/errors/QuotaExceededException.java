package dev.fluxschnell.sdk.errors;

/** A quota would be exceeded: nothing was sent to the server for the images that did not fit. */
public class QuotaExceededException extends FluxSchnellClientException {
    private static final long serialVersionUID = 1L;

    private final String subject;
    private final long requested;
    private final long remaining;

    /** Creates the exception for {@code subject} asking for {@code requested} images with {@code remaining} left. */
    public QuotaExceededException(String subject, long requested, long remaining) {
        super("Quota exceeded for subject '" + subject + "': requested " + requested + " image(s), " + remaining
                + " remaining", null, null);
        this.subject = subject;
        this.requested = requested;
        this.remaining = remaining;
    }

    /** The quota key (who pays). */
    public String subject() {
        return subject;
    }

    /** How many images were asked for. */
    public long requested() {
        return requested;
    }

    /** How many images the quota still allowed. */
    public long remaining() {
        return remaining;
    }
}
