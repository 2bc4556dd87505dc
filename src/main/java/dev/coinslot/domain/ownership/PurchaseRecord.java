package dev.coinslot.domain.ownership;

import dev.coinslot.domain.Purchase;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A stored purchase and where it stands; {@code refundedAt} is present once it was refunded. */
public record PurchaseRecord(Purchase purchase, PurchaseStatus status, Optional<Instant> refundedAt) {

    public PurchaseRecord {
        Objects.requireNonNull(purchase, "purchase");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(refundedAt, "refundedAt");
    }

    /** Until when its buyer may refund it (exclusive), or empty when that is no longer possible. */
    public Optional<Instant> refundableUntil(java.time.Duration window, Instant now) {
        Instant until = purchase.at().plus(window);
        return status == PurchaseStatus.COMPLETED && until.isAfter(now) ? Optional.of(until) : Optional.empty();
    }
}
