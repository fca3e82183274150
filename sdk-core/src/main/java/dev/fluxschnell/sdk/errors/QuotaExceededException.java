package dev.fluxschnell.sdk.errors;

/** A quota would be exceeded: nothing was sent to the server for the images that did not fit. */
public class QuotaExceededException extends FluxSchnellClientException {
    private static final long serialVersionUID = 1L;

    /** The quota key (who pays). */
    private final String subject;
    /** How many images were asked for. */
    private final long requested;
    /** How many images the quota still allowed. */
    private final long remaining;

    /**
     * Creates the exception for {@code subject} asking for {@code requested} images with {@code remaining} left.
     *
     * @param subject the quota key (who pays)
     * @param requested how many images were asked for
     * @param remaining how many images the quota still allowed
     */
    public QuotaExceededException(String subject, long requested, long remaining) {
        super("Quota exceeded for subject '" + subject + "': requested " + requested + " image(s), " + remaining
                + " remaining", null, null);
        this.subject = subject;
        this.requested = requested;
        this.remaining = remaining;
    }

    /** {@return the quota key (who pays)} */
    public String subject() {
        return subject;
    }

    /** {@return how many images were asked for} */
    public long requested() {
        return requested;
    }

    /** {@return how many images the quota still allowed} */
    public long remaining() {
        return remaining;
    }
}
