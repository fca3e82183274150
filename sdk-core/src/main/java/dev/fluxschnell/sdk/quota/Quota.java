package dev.fluxschnell.sdk.quota;

/**
 * A budget of images per subject (a user, a team, a tenant: whoever pays), checked before anything is spent (SPI).
 *
 * <p>The SDK reserves a batch's images before its first create call, commits what was actually generated and releases
 * the rest when an item fails or is canceled. Implementations must be thread-safe.
 */
public interface Quota {
    /**
     * Reserves {@code images} for {@code subject} if they fit; returns false (reserving nothing) if they do not.
     *
     * @param subject whose budget: the quota key
     * @param images the number of images to reserve
     * @return true if the images were reserved
     */
    boolean tryReserve(String subject, int images);

    /**
     * Turns {@code images} of a reservation into spent images.
     *
     * @param subject whose budget: the quota key
     * @param images the number of reserved images that were generated
     */
    void commit(String subject, int images);

    /**
     * Gives {@code images} of a reservation back.
     *
     * @param subject whose budget: the quota key
     * @param images the number of reserved images to give back
     */
    void release(String subject, int images);

    /**
     * {@return how many images {@code subject} may still reserve now}
     *
     * @param subject whose budget: the quota key
     */
    long remaining(String subject);
}
