package dev.fluxschnell.sdk.internal;

import dev.fluxschnell.sdk.errors.QuotaExceededException;
import dev.fluxschnell.sdk.quota.Quota;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place the SDK talks to the configured {@link Quota}: images are reserved before anything is sent, then the
 * ones generated are committed and the rest released. Batches, {@code generate} (a batch of one) and
 * {@code startPrediction} all go through it. Without a quota every call is a no-op that grants. Not API.
 */
public final class QuotaLedger {
    private static final Logger log = LoggerFactory.getLogger(QuotaLedger.class);
    private final Quota quota;

    /** A ledger over {@code quota}, or a no-op one when it is null. */
    public QuotaLedger(Quota quota) {
        this.quota = quota;
    }

    /** Whether a quota is configured. */
    public boolean enabled() {
        return quota != null;
    }

    /** Reserves {@code images} for {@code subject}; false when the quota cannot hold them. */
    public boolean tryReserve(String subject, int images) {
        return quota == null || images == 0 || quota.tryReserve(subject, images);
    }

    /** Reserves {@code images} or throws {@link QuotaExceededException} (nothing is sent then). */
    public void reserve(String subject, int images) {
        if (!tryReserve(subject, images)) {
            throw exceeded(subject, images);
        }
    }

    /** The exception for {@code images} that do not fit {@code subject}'s quota. */
    public QuotaExceededException exceeded(String subject, int images) {
        return new QuotaExceededException(subject, images, quota == null ? Long.MAX_VALUE : quota.remaining(subject));
    }

    /** Settles a reservation of {@code reserved} images of which {@code made} were generated. Never throws. */
    public void settle(String subject, int reserved, int made) {
        if (quota == null) {
            return;
        }
        try {
            if (made > 0) {
                quota.commit(subject, made);
            }
            if (reserved > made) {
                quota.release(subject, reserved - made);
            }
        } catch (RuntimeException e) {
            log.warn("quota {} failed to settle {} of {} image(s) for '{}': {}", quota, made, reserved, subject,
                    e.toString());
        }
    }
}
