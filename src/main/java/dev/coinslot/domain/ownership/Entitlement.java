package dev.coinslot.domain.ownership;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What user {@code ownerId} holds of catalog item {@code sku}: a permanent unlock ({@code quantity} 1 while owned, 0 once
 * revoked), a pass active until {@code activeUntil} (exclusive), or a consumable {@code quantity}. {@code acquiredAt} and
 * {@code purchaseId} name the latest purchase that added to it. {@code version} counts writes of the stored item (0: none
 * yet), so a change can be conditioned on the state it was decided on.
 */
public record Entitlement(String ownerId, String sku, EntitlementType type, long quantity, Optional<Instant> activeUntil,
        Instant acquiredAt, String purchaseId, long version) {

    public Entitlement {
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(activeUntil, "activeUntil");
        Objects.requireNonNull(acquiredAt, "acquiredAt");
        Objects.requireNonNull(purchaseId, "purchaseId");
        if (quantity < 0) {
            throw new IllegalArgumentException("quantity cannot be negative");
        }
        if (type == EntitlementType.PASS && activeUntil.isEmpty()) {
            throw new IllegalArgumentException("a pass has an end");
        }
    }

    /** Whether it entitles its owner at {@code now}: owned, a pass not yet ended, or some quantity left. */
    public boolean isActive(Instant now) {
        return switch (type) {
            case PERMANENT, CONSUMABLE -> quantity > 0;
            case PASS -> activeUntil.orElseThrow().isAfter(now);
        };
    }
}
